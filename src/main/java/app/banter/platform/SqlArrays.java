package app.banter.platform;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.UUID;

/**
 * Java values as PostgreSQL arrays, for set-based statements over many rows ({@code = any(?)},
 * {@code unnest(?::uuid[], ...)}): one statement and one round trip whatever the number of rows. Instants travel as
 * ISO-8601 text, to be cast with {@code ?::timestamptz[]}, which keeps their microseconds exact.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static Array uuids(Connection connection, Collection<UUID> values) throws SQLException {
        return connection.createArrayOf("uuid", values.toArray());
    }

    public static Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    public static Array longs(Connection connection, Collection<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray());
    }

    public static Array ints(Connection connection, Collection<Integer> values) throws SQLException {
        return connection.createArrayOf("integer", values.toArray());
    }

    public static Array instants(Connection connection, Collection<Instant> values) throws SQLException {
        return connection.createArrayOf("text",
                values.stream().map(instant -> Objects.toString(instant, null)).toArray());
    }
}
