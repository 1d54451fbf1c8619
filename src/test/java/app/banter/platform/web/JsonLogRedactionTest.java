package app.banter.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.json.runtime.JsonFormatter;

/**
 * Prod logs JSON through the same redaction filter as the plain console: what the filter masks is masked in the JSON
 * line too, and the trace id the OpenTelemetry extension puts in the MDC is a field of the line.
 */
class JsonLogRedactionTest {

    @Test
    void prodLogsJsonThroughTheRedactionFilter() throws IOException {
        Properties config = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            config.load(in);
        }
        assertThat(config.getProperty("%prod.quarkus.log.console.json.enabled")).isEqualTo("true");
        assertThat(config.getProperty("quarkus.log.console.json.enabled")).isEqualTo("false");
        // Not per profile: the one filter applies whatever the format.
        assertThat(config.getProperty("quarkus.log.console.filter")).isEqualTo("redact");
        assertThat(config.stringPropertyNames()).noneMatch(key -> key.endsWith("quarkus.log.console.filter")
                && key.startsWith("%"));
    }

    @Test
    void phoneAccountAndDocumentNumbersAreMaskedInTheJsonLine() throws IOException {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "Sign-in for %s to account %s with PAN %s failed",
                ExtLogRecord.FormatStyle.PRINTF, JsonLogRedactionTest.class.getName());
        record.setParameters(new Object[] { "+919876543210", "123456789012", "ABCDE1234F" });
        record.setLoggerName("app.banter.auth.AuthService");
        record.putMdc("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");

        assertThat(new LogRedaction().isLoggable(record)).isTrue();
        String line = new JsonFormatter().format(record);

        assertThat(line).doesNotContain("9876543210", "123456789012", "ABCDE1234F").endsWith("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText())
                .isEqualTo("Sign-in for ***********10 to account **********12 with PAN ********4F failed");
        assertThat(json.path("level").asText()).isEqualTo("WARNING");
        assertThat(json.path("mdc").path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
