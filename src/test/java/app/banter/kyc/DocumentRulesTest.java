package app.banter.kyc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Year;

import org.junit.jupiter.api.Test;

import app.banter.platform.error.ApiException;

/** The format rules of each document type, without Quarkus. */
class DocumentRulesTest {

    /** 49876543210 with its Verhoeff check digit 2. */
    static final String VALID_AADHAAR = "498765432102";

    @Test
    void panIsFiveLettersFourDigitsALetterWithAHolderType() {
        assertValid(DocumentType.PAN, "ABCPE1234F");
        assertValid(DocumentType.PAN, "abcpe1234f");
        for (char holder : "PCHFATBLJG".toCharArray()) {
            assertValid(DocumentType.PAN, "ABC" + holder + "E1234F");
        }
        assertRefused(DocumentType.PAN, "ABCPE1234", "INVALID_PAN_FORMAT");
        assertRefused(DocumentType.PAN, "ABCP11234F", "INVALID_PAN_FORMAT");
        assertRefused(DocumentType.PAN, "ABCPE12345", "INVALID_PAN_FORMAT");
        assertRefused(DocumentType.PAN, "ABCPE1234FF", "INVALID_PAN_FORMAT");
        assertRefused(DocumentType.PAN, "ABCXE1234F", "INVALID_PAN_HOLDER_TYPE");
        assertRefused(DocumentType.PAN, "ABCDE1234F", "INVALID_PAN_HOLDER_TYPE");
    }

    @Test
    void aadhaarIsTwelveDigitsNotFromZeroOrOneWithAVerhoeffCheckDigit() {
        assertValid(DocumentType.AADHAAR, VALID_AADHAAR);
        assertValid(DocumentType.AADHAAR, "4987 6543 2102");
        assertValid(DocumentType.AADHAAR, "4987-6543-2102");
        assertValid(DocumentType.AADHAAR, "234567890121");
        // One digit changed: Verhoeff catches every single-digit error.
        assertRefused(DocumentType.AADHAAR, "498765432112", "INVALID_AADHAAR_CHECK_DIGIT");
        assertRefused(DocumentType.AADHAAR, "498765432103", "INVALID_AADHAAR_CHECK_DIGIT");
        // Two adjacent digits swapped: also caught.
        assertRefused(DocumentType.AADHAAR, "498765432012", "INVALID_AADHAAR_CHECK_DIGIT");
        assertRefused(DocumentType.AADHAAR, "49876543210", "INVALID_AADHAAR_FORMAT");
        assertRefused(DocumentType.AADHAAR, "4987654321022", "INVALID_AADHAAR_FORMAT");
        assertRefused(DocumentType.AADHAAR, "49876543210A", "INVALID_AADHAAR_FORMAT");
        assertRefused(DocumentType.AADHAAR, "098765432102", "INVALID_AADHAAR_FIRST_DIGIT");
        assertRefused(DocumentType.AADHAAR, "198765432102", "INVALID_AADHAAR_FIRST_DIGIT");
    }

    @Test
    void verhoeffOnTheTextbookExample() {
        assertThat(DocumentRules.isVerhoeffValid("2363")).isTrue();
        assertThat(DocumentRules.isVerhoeffValid("2364")).isFalse();
    }

    @Test
    void drivingLicenceIsStateRtoYearAndSerialWithOrWithoutSeparators() {
        assertValid(DocumentType.DRIVING_LICENCE, "MH1420110062821");
        assertValid(DocumentType.DRIVING_LICENCE, "MH-14-2011-0062821");
        assertValid(DocumentType.DRIVING_LICENCE, "MH14 20110062821");
        assertValid(DocumentType.DRIVING_LICENCE, "dl0420190012345");
        assertRefused(DocumentType.DRIVING_LICENCE, "MH142011006282", "INVALID_DRIVING_LICENCE_FORMAT");
        assertRefused(DocumentType.DRIVING_LICENCE, "MH1A20110062821", "INVALID_DRIVING_LICENCE_FORMAT");
        assertRefused(DocumentType.DRIVING_LICENCE, "M11420110062821", "INVALID_DRIVING_LICENCE_FORMAT");
        assertRefused(DocumentType.DRIVING_LICENCE, "XX1420110062821", "INVALID_DRIVING_LICENCE_STATE");
        assertRefused(DocumentType.DRIVING_LICENCE, "MH1418990062821", "INVALID_DRIVING_LICENCE_YEAR");
        assertRefused(DocumentType.DRIVING_LICENCE, "MH14" + (Year.now().getValue() + 1) + "0062821",
                "INVALID_DRIVING_LICENCE_YEAR");
        assertRefused(DocumentType.DRIVING_LICENCE, "MH0020110062821", "INVALID_DRIVING_LICENCE_RTO");
    }

    @Test
    void onlyLettersDigitsSpacesAndHyphensAreAccepted() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> DocumentRules.normalize("ABCPE/1234F"));
        assertThat(refused.code()).isEqualTo("INVALID_DOCUMENT_NUMBER");
        assertThat(DocumentRules.normalize(" abcpe 1234-f ")).isEqualTo("ABCPE1234F");
    }

    @Test
    void masksAllButTheLastFour() {
        assertThat(DocumentRules.masked(DocumentType.PAN, DocumentRules.lastFour("ABCPE1234F"))).isEqualTo("XXXXXX234F");
        assertThat(DocumentRules.masked(DocumentType.AADHAAR, "2102")).isEqualTo("XXXXXXXX2102");
        assertThat(DocumentRules.masked(DocumentType.DRIVING_LICENCE, "2821")).isEqualTo("XXXXXXXXXXX2821");
    }

    @Test
    void theSandboxDecidesByTheLastDigitOrForAPanTheDigitBeforeTheLetter() {
        assertThat(DocumentRules.decidingDigit(DocumentType.PAN, "ABCPE1234F")).isEqualTo(4);
        assertThat(DocumentRules.decidingDigit(DocumentType.AADHAAR, VALID_AADHAAR)).isEqualTo(2);
        assertThat(DocumentRules.decidingDigit(DocumentType.DRIVING_LICENCE, "MH1420110062821")).isEqualTo(1);
    }

    @Test
    void refusalsNeverCarryTheNumber() {
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> DocumentRules.check(DocumentType.AADHAAR, "498765432112"));
        assertThat(refused.getMessage()).doesNotContain("498765432112").doesNotContain("2112");
    }

    private static void assertValid(DocumentType type, String number) {
        assertThatCode(() -> DocumentRules.check(type, DocumentRules.normalize(number))).as(number)
                .doesNotThrowAnyException();
    }

    private static void assertRefused(DocumentType type, String number, String code) {
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> DocumentRules.check(type, DocumentRules.normalize(number)));
        assertThat(refused).as(number).isNotNull();
        assertThat(refused.code()).as(number).isEqualTo(code);
        assertThat(refused.status()).isEqualTo(400);
    }
}
