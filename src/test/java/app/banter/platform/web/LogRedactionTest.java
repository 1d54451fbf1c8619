package app.banter.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogRedactionTest {

    @Test
    void masksPhoneAccountAndDocumentNumbers() {
        assertThat(LogRedaction.redact("sign-in for +919876543210 failed")).isEqualTo("sign-in for ***********10 failed");
        assertThat(LogRedaction.redact("account 123456789012 ifsc")).isEqualTo("account **********12 ifsc");
        assertThat(LogRedaction.redact("aadhaar 1234 5678 9012")).isEqualTo("aadhaar ************12");
        assertThat(LogRedaction.redact("pan ABCDE1234F")).isEqualTo("pan ********4F");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "call 7f3c2a10-1b2c-4d5e-8f90-123456789abc charged 4 minutes at 2026-11-23 14:00";
        assertThat(LogRedaction.redact(text)).isEqualTo(text);
    }
}
