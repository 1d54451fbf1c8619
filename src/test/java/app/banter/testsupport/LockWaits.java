package app.banter.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * For race tests made certain rather than likely: the test holds a row or lock in a transaction of its own, starts the
 * request, waits until the request's statement waits on that lock, then commits what the other side of the race would
 * have committed.
 */
public final class LockWaits {

    private LockWaits() {
    }

    /** Whether a statement starting with {@code statementStart} (case-insensitive) waits on a lock. */
    public static boolean someoneWaits(DataSource database, String statementStart) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement("select count(*) from pg_stat_activity "
                        + "where wait_event_type = 'Lock' and query ilike ?")) {
            statement.setString(1, statementStart + "%");
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getLong(1) > 0;
            }
        }
    }

    /** How many statements wait on a lock. */
    public static long waiting(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from pg_stat_activity where wait_event_type = 'Lock'");
                ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    /**
     * Whether a statement naming {@code table} waits on a lock, whichever statement it is: a locking read once the code
     * under test locks, an update or a delete where it wrote from an unlocked read.
     */
    public static boolean someoneWaitsOn(DataSource database, String table) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement("select count(*) from pg_stat_activity "
                        + "where wait_event_type = 'Lock' and query ~* ?")) {
            statement.setString(1, "\\m" + table + "\\M");
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getLong(1) > 0;
            }
        }
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
