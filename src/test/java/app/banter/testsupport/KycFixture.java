package app.banter.testsupport;

import java.security.SecureRandom;
import java.util.Map;

import app.banter.testsupport.TestUsers.TestUser;

/**
 * KYC for tests, through the API and the sandbox provider (the %test provider): a PAN whose digit before the final
 * letter is even is verified, odd is rejected. Numbers are random, since a document verifies on one account only.
 */
public final class KycFixture {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private KycFixture() {
    }

    /** Makes the user VERIFIED (TestUsers registers "Test Person", born 1998-06-15). */
    public static void verify(TestUser user) {
        user.request().body(pan(randomPan(true))).post("/api/v1/kyc").then().statusCode(200);
    }

    /** A valid individual PAN (fourth letter P) that the sandbox verifies when {@code verifies}, else rejects. */
    public static String randomPan(boolean verifies) {
        StringBuilder pan = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            pan.append(letter());
        }
        pan.append('P').append(letter());
        for (int i = 0; i < 3; i++) {
            pan.append(RANDOM.nextInt(10));
        }
        pan.append(RANDOM.nextInt(5) * 2 + (verifies ? 0 : 1)).append(letter());
        return pan.toString();
    }

    /** A submission body for the test user's profile. */
    public static Map<String, Object> pan(String number) {
        return Map.of("documentType", "PAN", "number", number, "nameOnDocument", "TEST PERSON", "dateOfBirth",
                "1998-06-15");
    }

    private static char letter() {
        return LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
    }
}
