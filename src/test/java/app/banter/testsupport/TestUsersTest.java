package app.banter.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The phone numbers tests register with: Indian mobile numbers, never the same twice in one test JVM. */
class TestUsersTest {

    @Test
    void phoneNumbersAreIndianMobileNumbersNeverGivenTwice() {
        // Two hundred times what a whole run registers.
        Set<String> phones = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String phone = TestUsers.randomPhone();
            assertThat(phone).matches("\\+91[6-9][0-9]{9}");
            assertThat(phones.add(phone)).as("%s given twice", phone).isTrue();
        }
        assertThat(System.getProperties().values()).as("system properties").allMatch(String.class::isInstance);
    }
}
