package app.banter.kyc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name rule: same words in order, case/spacing/punctuation ignored, initials for all but the surname. */
class NameMatchTest {

    @Test
    void caseSpacingAndPunctuationDoNotMatter() {
        assertThat(NameMatch.matches("ASHA RAO", "Asha Rao")).isTrue();
        assertThat(NameMatch.matches("  asha   rao ", "Asha Rao")).isTrue();
        assertThat(NameMatch.matches("Asha-Rao", "Asha Rao")).isTrue();
        assertThat(NameMatch.matches("Rénu Sharma", "Renu Sharma")).isTrue();
    }

    @Test
    void firstAndMiddleNamesMayBeInitials() {
        assertThat(NameMatch.matches("A. K. Sharma", "Anil Kumar Sharma")).isTrue();
        assertThat(NameMatch.matches("A.K. SHARMA", "Anil Kumar Sharma")).isTrue();
        assertThat(NameMatch.matches("Anil K Sharma", "Anil Kumar Sharma")).isTrue();
        assertThat(NameMatch.matches("B. K. Sharma", "Anil Kumar Sharma")).isFalse();
        assertThat(NameMatch.matches("Anil Kumar S", "Anil Kumar Sharma")).isFalse();
    }

    @Test
    void otherWordsOrderOrCountDoNotMatch() {
        assertThat(NameMatch.matches("Rao Asha", "Asha Rao")).isFalse();
        assertThat(NameMatch.matches("Asha", "Asha Rao")).isFalse();
        assertThat(NameMatch.matches("Asha Devi Rao", "Asha Rao")).isFalse();
        assertThat(NameMatch.matches("Usha Rao", "Asha Rao")).isFalse();
        assertThat(NameMatch.matches("...", "Asha Rao")).isFalse();
    }
}
