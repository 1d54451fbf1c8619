package app.banter.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.resource.jdbc.ResourceRegistry;

/** Reading plain JDBC results, for the repositories' array batches and hot paths. */
public final class Jdbc {

    private Jdbc() {
    }

    /** Sets a statement's parameters; the connection is there to build arrays ({@link SqlArrays}). */
    @FunctionalInterface
    public interface Parameters {
        void set(PreparedStatement statement, Connection connection) throws SQLException;
    }

    /** Reads the current row. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /**
     * Runs a read on the transaction's connection through Hibernate's own statement path, one object per row. For hot
     * reads that Hibernate would plan again on every call (an HQL query with a list parameter is translated anew for
     * each call, a native query's entity mapping is resolved anew): here the SQL is the SQL, and Hibernate's SQL log,
     * statistics and statement inspector (the tests' statement counts) still see it.
     */
    public static <T> List<T> query(EntityManager entityManager, String sql, Parameters parameters, Row<T> row) {
        SessionImplementor session = entityManager.unwrap(SessionImplementor.class);
        JdbcCoordinator jdbc = session.getJdbcCoordinator();
        ResourceRegistry resources = jdbc.getLogicalConnection().getResourceRegistry();
        PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(sql);
        try {
            parameters.set(statement, jdbc.getLogicalConnection().getPhysicalConnection());
            ResultSet rows = jdbc.getResultSetReturn().extract(statement, sql);
            try {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(row.read(rows));
                }
                return result;
            } finally {
                resources.release(rows, statement);
            }
        } catch (SQLException e) {
            throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "Query failed", sql);
        } finally {
            resources.release(statement);
            jdbc.afterStatementExecution();
        }
    }

    /** A write, as {@link #query} runs a read; returns how many rows it changed. */
    public static int update(EntityManager entityManager, String sql, Parameters parameters) {
        SessionImplementor session = entityManager.unwrap(SessionImplementor.class);
        JdbcCoordinator jdbc = session.getJdbcCoordinator();
        PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(sql);
        try {
            parameters.set(statement, jdbc.getLogicalConnection().getPhysicalConnection());
            return jdbc.getResultSetReturn().executeUpdate(statement, sql);
        } catch (SQLException e) {
            throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "Update failed", sql);
        } finally {
            jdbc.getLogicalConnection().getResourceRegistry().release(statement);
            jdbc.afterStatementExecution();
        }
    }

    /** A timestamptz column as an Instant, null when the column is. */
    public static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An Instant as a timestamptz parameter: the driver takes java.time values as OffsetDateTime, not Instant. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A unique constraint refused the statement: another transaction committed the same key first. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
