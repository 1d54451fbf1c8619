package app.banter.platform.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.transaction.xa.XAException;

import jakarta.inject.Inject;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.DatabaseNetwork;
import app.banter.testsupport.LogCapture;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** When the database cannot serve, clients are told to come back (503 with Retry-After), not that we broke. */
@QuarkusTest
@TestProfile(DatabaseOutageTest.SmallPool.class)
class DatabaseOutageTest {

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "4",
                    "quarkus.datasource.jdbc.acquisition-timeout", "1S",
                    "quarkus.datasource.jdbc.additional-jdbc-properties.socketFactory",
                    DatabaseNetwork.class.getName());
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private final List<Connection> held = new ArrayList<>();

    @AfterEach
    void recover() throws SQLException {
        for (Connection connection : held) {
            connection.close();
        }
        DatabaseNetwork.restore();
    }

    @Test
    void anExhaustedPoolAnswers503WithRetryAfter() {
        TestUser me = TestUsers.register();
        holdEveryConnection();
        try (LogCapture log = LogCapture.start()) {
            unavailable(me);
            assertOneQuietLine(log);
        }
    }

    @Test
    void anUnreachableDatabaseAnswers503WithRetryAfter() {
        TestUser me = TestUsers.register();
        DatabaseNetwork.cut();
        try (LogCapture log = LogCapture.start()) {
            unavailable(me);
            unavailable(me);
            assertThat(log.lines()).filteredOn(line -> line.logger().equals(ProblemMappers.class.getName()))
                    .hasSize(2).allSatisfy(line -> assertThat(line.thrown()).isNull());
        }
        DatabaseNetwork.restore();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> me.request().get("/api/v1/me").then().extract().statusCode() == 200);
    }

    /**
     * A PostgreSQL restart ends every open session with 57P01; a request whose commit meets it (the driver's error
     * among the XA layer's suppressed exceptions, as Narayana reports it) is told to come back, like a refused
     * connection (bench/faults/postgres-restart.sh answered 500 to those before).
     */
    @Test
    void aSessionTheServerTerminatesAnswers503() throws SQLException {
        SQLException terminated = terminatedByTheServer();
        assertThat(terminated.getSQLState()).isEqualTo("57P01");
        XAException atCommit = new XAException("Error trying to transactionCommit local transaction");
        atCommit.initCause(terminated);
        RollbackException rolledBack = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rolledBack.addSuppressed(atCommit);

        try (LogCapture log = LogCapture.start()) {
            Response answer = new ProblemMappers().unexpected(rolledBack);

            assertThat(answer.getStatus()).isEqualTo(503);
            assertThat(answer.getHeaderString("Retry-After")).isEqualTo("5");
            assertThat(((Problem) answer.getEntity()).code()).isEqualTo("DATABASE_UNAVAILABLE");
            assertOneQuietLine(log);
        }
    }

    /** The error a statement gets on a session another one terminated: a connection of its own, outside the pool. */
    private static SQLException terminatedByTheServer() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getValue("quarkus.datasource.username", String.class);
        String password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        try (Connection victim = DriverManager.getConnection(url, user, password);
                Connection admin = DriverManager.getConnection(url, user, password)) {
            int pid;
            try (ResultSet row = victim.createStatement().executeQuery("select pg_backend_pid()")) {
                row.next();
                pid = row.getInt(1);
            }
            try (PreparedStatement terminate = admin.prepareStatement("select pg_terminate_backend(?)")) {
                terminate.setInt(1, pid);
                terminate.execute();
            }
            try (ResultSet ignored = victim.createStatement().executeQuery("select 1")) {
                throw new AssertionError("The terminated session still answered");
            } catch (SQLException e) {
                return e;
            }
        }
    }

    private static void unavailable(TestUser me) {
        me.request().get("/api/v1/me").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("code", equalTo("DATABASE_UNAVAILABLE"))
                .body("title", equalTo("Service Unavailable"));
    }

    private static void assertOneQuietLine(LogCapture log) {
        assertThat(log.lines()).filteredOn(line -> line.logger().equals(ProblemMappers.class.getName()))
                .singleElement().satisfies(line -> {
                    assertThat(line.level().getName()).isEqualTo("WARN");
                    assertThat(line.thrown()).isNull();
                });
    }

    /** Takes connections until the pool has none left to give within its acquisition timeout. */
    private void holdEveryConnection() {
        try {
            for (int i = 0; i < 10; i++) {
                held.add(dataSource.getConnection());
            }
        } catch (SQLException exhausted) {
            assertThat(held).isNotEmpty();
            return;
        }
        throw new AssertionError("The pool never ran out");
    }
}
