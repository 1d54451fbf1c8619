package app.banter.kyc;

import java.time.Year;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import app.banter.platform.error.ApiException;

/**
 * The format of each document number, checked before anything reaches a provider. Pure rules, no state. Input may
 * carry spaces and hyphens (as printed on the cards) and lower case; {@link #normalize} removes them, and everything
 * after that works on the normalized number. Refusals name the rule, never the number.
 */
public final class DocumentRules {

    /** Fourth letter of a PAN: the holder type (Person, Company, HUF, Firm, AOP, Trust, BOI, Local authority, Juridical person, Government). */
    static final String PAN_HOLDER_TYPES = "PCHFATBLJG";

    private static final Pattern PAN = Pattern.compile("[A-Z]{5}[0-9]{4}[A-Z]");
    private static final Pattern AADHAAR = Pattern.compile("[0-9]{12}");
    /** State code (2 letters), RTO code (2 digits), year of issue (4 digits), serial (7 digits). */
    private static final Pattern DRIVING_LICENCE = Pattern.compile("[A-Z]{2}[0-9]{2}[0-9]{4}[0-9]{7}");
    /** Spaces and hyphens between the parts, as printed; nothing else. */
    private static final Pattern SEPARATORS = Pattern.compile("[ \\-]");
    private static final Pattern ALLOWED_INPUT = Pattern.compile("[A-Za-z0-9 \\-]{1,32}");

    /**
     * Vehicle-registration state codes of the states and union territories, including the older ones still printed
     * on valid licences (OR, UA, CT, DN, TG).
     */
    static final Set<String> STATE_CODES = Set.of("AN", "AP", "AR", "AS", "BR", "CG", "CH", "CT", "DD", "DL", "DN",
            "GA", "GJ", "HP", "HR", "JH", "JK", "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR",
            "PB", "PY", "RJ", "SK", "TG", "TN", "TR", "TS", "UA", "UK", "UP", "WB");

    /** The first licences in the current format were issued long after this. */
    private static final int FIRST_LICENCE_YEAR = 1950;

    private static final int[][] VERHOEFF_D = {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 }, { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
            { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 }, { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
            { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 }, { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
            { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 } };
    private static final int[][] VERHOEFF_P = {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 }, { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
            { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 }, { 9, 4, 5, 3, 1, 2, 8, 7, 0, 6 }, { 4, 2, 8, 6, 5, 7, 1, 3, 9, 0 },
            { 2, 7, 9, 3, 8, 0, 6, 4, 5, 1 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 } };

    private DocumentRules() {
    }

    /**
     * The number as providers and our keyed hash see it: upper case, without spaces and hyphens.
     *
     * @throws ApiException 400 {@code INVALID_DOCUMENT_NUMBER} for other characters
     */
    public static String normalize(String number) {
        if (number == null || !ALLOWED_INPUT.matcher(number).matches()) {
            throw ApiException.badRequest("INVALID_DOCUMENT_NUMBER",
                    "A document number is letters and digits, optionally separated by spaces or hyphens (at most 32 characters)");
        }
        return SEPARATORS.matcher(number).replaceAll("").toUpperCase(Locale.ROOT);
    }

    /**
     * Checks the normalized number against its type's rule.
     *
     * @throws ApiException 400 with a code naming the broken rule
     */
    public static void check(DocumentType type, String normalized) {
        switch (type) {
            case PAN -> checkPan(normalized);
            case AADHAAR -> checkAadhaar(normalized);
            case DRIVING_LICENCE -> checkDrivingLicence(normalized);
        }
    }

    static void checkPan(String pan) {
        if (!PAN.matcher(pan).matches()) {
            throw ApiException.badRequest("INVALID_PAN_FORMAT",
                    "A PAN is five letters, four digits and a letter (AAAAA9999A)");
        }
        if (PAN_HOLDER_TYPES.indexOf(pan.charAt(3)) < 0) {
            throw ApiException.badRequest("INVALID_PAN_HOLDER_TYPE",
                    "The fourth letter of a PAN is the holder type, one of P, C, H, F, A, T, B, L, J, G");
        }
    }

    static void checkAadhaar(String aadhaar) {
        if (!AADHAAR.matcher(aadhaar).matches()) {
            throw ApiException.badRequest("INVALID_AADHAAR_FORMAT", "An Aadhaar number is 12 digits");
        }
        if (aadhaar.charAt(0) == '0' || aadhaar.charAt(0) == '1') {
            throw ApiException.badRequest("INVALID_AADHAAR_FIRST_DIGIT",
                    "An Aadhaar number does not start with 0 or 1");
        }
        if (!isVerhoeffValid(aadhaar)) {
            throw ApiException.badRequest("INVALID_AADHAAR_CHECK_DIGIT",
                    "The last digit of an Aadhaar number is its Verhoeff check digit, and it does not match");
        }
    }

    static void checkDrivingLicence(String licence) {
        if (!DRIVING_LICENCE.matcher(licence).matches()) {
            throw ApiException.badRequest("INVALID_DRIVING_LICENCE_FORMAT",
                    "A driving licence number is a 2-letter state code, a 2-digit RTO code, the 4-digit year of "
                            + "issue and a 7-digit serial (e.g. MH-14-2011-0062821; spaces or hyphens optional)");
        }
        if (!STATE_CODES.contains(licence.substring(0, 2))) {
            throw ApiException.badRequest("INVALID_DRIVING_LICENCE_STATE",
                    "The first two letters of a driving licence number are an Indian state or union territory code");
        }
        int year = Integer.parseInt(licence.substring(4, 8));
        if (year < FIRST_LICENCE_YEAR || year > Year.now(ZoneOffset.UTC).getValue()) {
            throw ApiException.badRequest("INVALID_DRIVING_LICENCE_YEAR",
                    "Digits 5 to 8 of a driving licence number are its year of issue, from " + FIRST_LICENCE_YEAR
                            + " to this year");
        }
        if (licence.substring(2, 4).equals("00")) {
            throw ApiException.badRequest("INVALID_DRIVING_LICENCE_RTO", "The RTO code of a driving licence is 01 or above");
        }
    }

    /** Verhoeff's dihedral check over all digits, the check digit included: valid when it comes to 0. */
    static boolean isVerhoeffValid(String digits) {
        int c = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            c = VERHOEFF_D[c][VERHOEFF_P[i % 8][digit]];
        }
        return c == 0;
    }

    /** The last four characters, the only part of a number we keep in clear. */
    public static String lastFour(String normalized) {
        return normalized.substring(normalized.length() - 4);
    }

    /** What responses show: every character but the last four as X. */
    public static String masked(DocumentType type, String lastFour) {
        return "X".repeat(type.length() - 4) + lastFour;
    }

    /**
     * The digit the sandbox decides by: the last digit of the number, and for a PAN (which ends with a letter) the
     * digit before that letter.
     */
    public static int decidingDigit(DocumentType type, String normalized) {
        int index = type == DocumentType.PAN ? normalized.length() - 2 : normalized.length() - 1;
        return normalized.charAt(index) - '0';
    }
}
