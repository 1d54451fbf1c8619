package app.banter.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Statements are prepared on the server from their fifth run on a connection, and a rolling deploy migrates the
 * database while the old pods keep their connections. PostgreSQL refuses to run a prepared statement whose result
 * columns a migration changed ("cached plan must not change result type"), so a {@code select *} over a table that
 * gains a column fails once on every pooled connection. Discover people names its columns (Hibernate's {@code {u.*}}).
 */
@QuarkusTest
class DiscoverAcrossMigrationsTest {

    @Inject
    UserRepository users;
    @Inject
    AgroalDataSource database;

    @Test
    void discoverKeepsAnsweringWhenAMigrationAddsAColumnToUsers() throws Exception {
        DiscoverFilter filter = new DiscoverFilter("nobody-by-this-name-", null, List.of(), false);
        // Past the driver's threshold: prepared on the server by now. The pool hands this thread its connection again.
        for (int i = 0; i < 8; i++) {
            QuarkusTransaction.requiringNew().run(() -> users.discover(filter, null, Set.of(), null, 5));
        }
        String column = "migration_probe_" + UUID.randomUUID().toString().substring(0, 8);
        ddl("alter table users add column " + column + " text");
        try {
            for (int i = 0; i < 8; i++) {
                assertThat(QuarkusTransaction.requiringNew()
                        .call(() -> users.discover(filter, null, Set.of(), null, 5))).isEmpty();
            }
        } finally {
            ddl("alter table users drop column " + column);
        }
    }

    private void ddl(String sql) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set lock_timeout = '10s'");
            statement.execute(sql);
        }
    }
}
