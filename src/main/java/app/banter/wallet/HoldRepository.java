package app.banter.wallet;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;

@ApplicationScoped
class HoldRepository {

    private static final String COLUMNS = "id, idempotency_key, account_id, placed, amount, captured, status, "
            + "reference, expires_at, created_at, closed_at, accrued, periods";

    private final EntityManager em;

    HoldRepository(EntityManager em) {
        this.em = em;
    }

    /** Records a new open hold unless its idempotency key is taken; false when it is. */
    boolean insertIfAbsent(Hold hold) {
        return em.createNativeQuery("insert into holds (" + COLUMNS + """
                ) values (?1, ?2, ?3, ?4, ?4, 0, 'OPEN', ?5, ?6, ?7, null, 0, 0)
                on conflict (idempotency_key) do nothing""")
                .setParameter(1, hold.id())
                .setParameter(2, hold.idempotencyKey())
                .setParameter(3, hold.accountId())
                .setParameter(4, hold.placed())
                .setParameter(5, hold.reference())
                .setParameter(6, hold.expiresAt())
                .setParameter(7, hold.createdAt())
                .executeUpdate() == 1;
    }

    Optional<Hold> findByKey(String idempotencyKey) {
        return first(em.createNativeQuery("select " + COLUMNS + " from holds where idempotency_key = ?1")
                .setParameter(1, idempotencyKey)
                .getResultList());
    }

    /** The holds placed under any of these keys. */
    List<Hold> findByKeys(Collection<String> idempotencyKeys) {
        return Jdbc.query(em, "select " + COLUMNS + " from holds where idempotency_key = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.texts(connection, idempotencyKeys)),
                HoldRepository::hold);
    }

    Optional<Hold> find(UUID holdId) {
        return first(em.createNativeQuery("select " + COLUMNS + " from holds where id = ?1")
                .setParameter(1, holdId)
                .getResultList());
    }

    /** Reads the hold and locks it until the transaction ends: every change to a hold starts here. */
    Optional<Hold> lock(UUID holdId) {
        return first(em.createNativeQuery("select " + COLUMNS + " from holds where id = ?1 for update")
                .setParameter(1, holdId)
                .getResultList());
    }

    /**
     * Locks up to {@code limit} open holds past their expiry. Holds another transaction has locked (being captured
     * or released right now, or taken by the same job on another pod) are skipped, not waited for. So are holds with
     * periods counted: they stay open until their settlement pays them. Holds without an expiry (a payout's) never
     * match.
     */
    List<Hold> lockExpired(Instant now, int limit) {
        List<?> rows = em.createNativeQuery("select " + COLUMNS + """
                 from holds where status = 'OPEN' and expires_at <= ?1 and accrued = 0
                order by expires_at limit ?2 for update skip locked""")
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
        return rows.stream().map(Object[].class::cast).map(HoldRepository::hold).toList();
    }

    void close(UUID holdId, Hold.Status status, Instant now) {
        em.createNativeQuery("update holds set status = ?2, closed_at = ?3 where id = ?1")
                .setParameter(1, holdId)
                .setParameter(2, status.name())
                .setParameter(3, now)
                .executeUpdate();
    }

    /**
     * Reads and locks these holds until the transaction ends, in id order so that batches over the same holds queue
     * rather than deadlock. Missing ids are left out.
     */
    List<Hold> lockAll(Collection<UUID> holdIds) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select " + COLUMNS + " from holds where id = any(?) order by id for update")) {
                statement.setArray(1, SqlArrays.uuids(connection, holdIds));
                List<Hold> locked = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        locked.add(hold(rows));
                    }
                }
                return locked;
            }
        });
    }

    /** Inserts holds a charge opened, in one statement. */
    void insertAll(List<Hold> created) {
        if (created.isEmpty()) {
            return;
        }
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("insert into holds (" + COLUMNS + """
                    ) select * from unnest(?::uuid[], ?::text[], ?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[],
                                           ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                                           ?::timestamptz[], ?::bigint[], ?::int[])""")) {
                statement.setArray(1, SqlArrays.uuids(connection, created.stream().map(Hold::id).toList()));
                statement.setArray(2, SqlArrays.texts(connection, created.stream().map(Hold::idempotencyKey).toList()));
                statement.setArray(3, SqlArrays.uuids(connection, created.stream().map(Hold::accountId).toList()));
                statement.setArray(4, SqlArrays.longs(connection, created.stream().map(Hold::placed).toList()));
                statement.setArray(5, SqlArrays.longs(connection, created.stream().map(Hold::amount).toList()));
                statement.setArray(6, SqlArrays.longs(connection, created.stream().map(Hold::captured).toList()));
                statement.setArray(7, SqlArrays.texts(connection,
                        created.stream().map(hold -> hold.status().name()).toList()));
                statement.setArray(8, SqlArrays.texts(connection, created.stream().map(Hold::reference).toList()));
                statement.setArray(9, SqlArrays.instants(connection, created.stream().map(Hold::expiresAt).toList()));
                statement.setArray(10, SqlArrays.instants(connection, created.stream().map(Hold::createdAt).toList()));
                statement.setArray(11, SqlArrays.instants(connection, created.stream().map(Hold::closedAt).toList()));
                statement.setArray(12, SqlArrays.longs(connection, created.stream().map(Hold::accrued).toList()));
                statement.setArray(13, SqlArrays.ints(connection, created.stream().map(Hold::periods).toList()));
                return statement.executeUpdate();
            } catch (SQLException e) {
                // A concurrent charge under the same key but for another hold committed first (the rows read before
                // this insert could not show it): the same key for a different request.
                if (Jdbc.isUniqueViolation(e)) {
                    throw Ledger.keyReused();
                }
                throw e;
            }
        });
    }

    /** Writes what charges changed on existing holds (locked by {@link #lockAll}), in one statement. */
    void updateCharged(List<Hold> changed) {
        if (changed.isEmpty()) {
            return;
        }
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update holds h set amount = c.amount, captured = c.captured, accrued = c.accrued,
                                       periods = c.periods, status = c.status, expires_at = c.expires_at,
                                       closed_at = c.closed_at
                    from unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::text[],
                                ?::timestamptz[], ?::timestamptz[])
                         as c(id, amount, captured, accrued, periods, status, expires_at, closed_at)
                    where h.id = c.id""")) {
                statement.setArray(1, SqlArrays.uuids(connection, changed.stream().map(Hold::id).toList()));
                statement.setArray(2, SqlArrays.longs(connection, changed.stream().map(Hold::amount).toList()));
                statement.setArray(3, SqlArrays.longs(connection, changed.stream().map(Hold::captured).toList()));
                statement.setArray(4, SqlArrays.longs(connection, changed.stream().map(Hold::accrued).toList()));
                statement.setArray(5, SqlArrays.ints(connection, changed.stream().map(Hold::periods).toList()));
                statement.setArray(6, SqlArrays.texts(connection,
                        changed.stream().map(hold -> hold.status().name()).toList()));
                statement.setArray(7, SqlArrays.instants(connection, changed.stream().map(Hold::expiresAt).toList()));
                statement.setArray(8, SqlArrays.instants(connection, changed.stream().map(Hold::closedAt).toList()));
                return statement.executeUpdate();
            }
        });
    }

    private static Optional<Hold> first(List<?> rows) {
        return rows.stream().map(Object[].class::cast).map(HoldRepository::hold).findFirst();
    }

    private static Hold hold(Object[] row) {
        return new Hold((UUID) row[0], (String) row[1], (UUID) row[2], (Long) row[3], (Long) row[4], (Long) row[5],
                (Long) row[11], ((Number) row[12]).intValue(), Hold.Status.valueOf((String) row[6]), (String) row[7],
                (Instant) row[8], (Instant) row[9], (Instant) row[10]);
    }

    private static Hold hold(ResultSet rows) throws SQLException {
        return new Hold(rows.getObject(1, UUID.class), rows.getString(2), rows.getObject(3, UUID.class),
                rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(12), rows.getInt(13),
                Hold.Status.valueOf(rows.getString(7)), rows.getString(8), Jdbc.instant(rows, 9),
                Jdbc.instant(rows, 10), Jdbc.instant(rows, 11));
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
