package app.banter.platform.error;

import java.sql.SQLException;

import org.hibernate.exception.JDBCConnectionException;

/**
 * Recognises a failure that says nothing about the request: the database could not be reached, or every pooled
 * connection stayed busy for the whole acquisition timeout. Both pass once load drops or the database is back, so the
 * client is told to retry (503) rather than that we failed (500).
 */
final class DatabaseUnavailable {

    /** Long enough for a pool to drain a burst, short enough that an app retrying does not look stuck to its user. */
    static final long RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {
    }

    static boolean isCauseOf(Throwable failure) {
        return Causes.of(failure).stream().anyMatch(t -> t instanceof JDBCConnectionException
                || t instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isFromPool(sql)));
    }

    /**
     * SQLSTATE class 08: connection exception (refused, broken, lost mid-statement); or 57P01 to 57P03: the server is
     * shutting down (a restart ends every session with "terminating connection due to administrator command"),
     * crashed, or not yet accepting connections.
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /**
     * Agroal signals an acquisition timeout, or a pooled connection that broke before it could join the transaction
     * ("failed to enlist"), with a bare SQLException (no SQLSTATE). Raised by the pool itself rather than by the
     * driver, it can only mean that no usable connection was to be had.
     */
    private static boolean isFromPool(SQLException e) {
        StackTraceElement[] stack = e.getStackTrace();
        return e.getSQLState() == null && stack.length > 0 && stack[0].getClassName().startsWith("io.agroal.");
    }
}
