package app.banter.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading plain JDBC results, for the repositories' array batches and hot paths. */
public final class Jdbc {

    private Jdbc() {
    }

    /** A timestamptz column as an Instant, null when the column is. */
    public static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A unique constraint refused the statement: another transaction committed the same key first. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
