package app.banter.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Production prepares statements on the server (pgjdbc's default), and docs/DEPLOYMENT.md tells an operator whose pooler
 * cannot keep them to add prepareThreshold=0 to the JDBC URL. That works only while the URL takes precedence over the
 * properties the datasource hands the driver, as pgjdbc documents; this holds the driver to it.
 */
class PreparedStatementsSwitchTest {

    @Test
    void aPrepareThresholdInTheUrlTakesPrecedenceOverTheDatasourceProperties() throws Exception {
        Properties datasource = new Properties();
        datasource.setProperty(PGProperty.PREPARE_THRESHOLD.getName(), "5");

        Properties effective = Driver.parseURL("jdbc:postgresql://pooler:6432/banter?prepareThreshold=0", datasource);

        assertThat(PGProperty.PREPARE_THRESHOLD.getInt(effective)).isZero();
    }

    @Test
    void withoutItStatementsArePreparedFromTheirFifthRun() throws Exception {
        Properties effective = Driver.parseURL("jdbc:postgresql://pooler:6432/banter", new Properties());

        assertThat(PGProperty.PREPARE_THRESHOLD.getInt(effective)).isEqualTo(5);
    }
}
