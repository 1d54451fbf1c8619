package app.banter.platform;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * Flyway holds its PostgreSQL lock (one pod migrates at a time) as a session lock, not inside a transaction it keeps
 * open for the whole run: CREATE INDEX CONCURRENTLY waits for every open transaction to end, so under a transactional
 * lock an index built without stopping writes (V19_41 and later) would wait for Flyway's own transaction forever.
 */
@Singleton
public class MigrationLock implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    }
}
