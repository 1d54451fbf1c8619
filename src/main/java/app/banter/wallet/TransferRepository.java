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
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;
import app.banter.platform.paging.TimeCursor;

@ApplicationScoped
class TransferRepository {

    private static final String COLUMNS = "id, idempotency_key, kind, from_account, to_account, amount, reference, "
            + "hold_id, created_at";

    private static final String LOCK_THEN_RECORD_AND_MOVE = """
            select id from accounts where id in (?, ?) and owner_id is not null order by id for no key update;
            with claimed as (
                insert into transfers (""" + COLUMNS + """
                ) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (idempotency_key) do nothing
                returning from_account, to_account, amount
            ), moved as (
                update accounts a set balance = a.balance + case when a.id = c.to_account then c.amount
                                                                 else -c.amount end
                from claimed c
                where a.id in (c.from_account, c.to_account) and a.owner_id is not null
                  and (a.id = c.to_account or a.balance - a.held >= c.amount)
                returning a.id
            )
            select (select count(*) from claimed), (select count(*) from moved)""";

    private final EntityManager em;

    TransferRepository(EntityManager em) {
        this.em = em;
    }

    /** What {@link #recordAndMove} did. */
    enum Recorded {
        MOVED,
        /** Nothing: a transfer with this idempotency key exists. */
        KEY_TAKEN,
        /** Nothing that survives: the payer cannot cover it, and the caller must roll back the recorded row. */
        INSUFFICIENT_BALANCE
    }

    /**
     * Locks the transfer's user accounts, then records the transfer and moves their coins: two statements sent in one
     * round trip, which keeps the hot path to one exchange before the commit; a system account's side is the caller's
     * ({@link SystemBalances}).
     *
     * <p>
     * The first statement locks the user accounts in LOCK_ORDER (ORDER BY runs below FOR UPDATE, so rows are locked as
     * sorted), which is what keeps transfers in opposite directions from deadlocking. It is a statement of its own
     * because a lock taken inside the statement that then updates the row deadlocks under contention: when the row
     * changed after that statement's snapshot, the lock goes to the newest version, and the UPDATE, which scans the
     * snapshot, meets the old version again and waits for its tuple lock, which a transaction queued for our lock
     * holds (LedgerModelTest met it about once in 1,000 operations). The second statement's snapshot is taken after
     * the locks, so it sees the versions it locked. In it, the insert claims the idempotency key (a concurrent insert
     * of the same key waits for the first transaction, then finds it taken, or proceeds if it rolled back); then the
     * credit and the conditional debit, which passes when the payer's available coins cover it.
     */
    Recorded recordAndMove(Transfer transfer) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LOCK_THEN_RECORD_AND_MOVE)) {
                statement.setObject(1, transfer.fromAccount());
                statement.setObject(2, transfer.toAccount());
                statement.setObject(3, transfer.id());
                statement.setString(4, transfer.idempotencyKey());
                statement.setString(5, transfer.kind().name());
                statement.setObject(6, transfer.fromAccount());
                statement.setObject(7, transfer.toAccount());
                statement.setLong(8, transfer.amount());
                statement.setString(9, transfer.reference());
                statement.setObject(10, transfer.holdId());
                statement.setObject(11, Jdbc.timestamp(transfer.createdAt()));
                statement.execute();
                int locked = 0;
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        locked++;
                    }
                }
                statement.getMoreResults();
                try (ResultSet rows = statement.getResultSet()) {
                    rows.next();
                    return recorded(transfer, rows.getLong(1), locked, rows.getLong(2));
                }
            }
        });
    }

    private static Recorded recorded(Transfer transfer, long claimed, long locked, long moved) {
        if (claimed == 0) {
            return Recorded.KEY_TAKEN;
        }
        long userAccounts = Stream.of(transfer.fromAccount(), transfer.toAccount())
                .filter(account -> !SystemAccounts.isSystemAccount(account)).count();
        if (locked != userAccounts) {
            throw new IllegalStateException("Transfer " + transfer.id() + " found " + locked + " of its "
                    + userAccounts + " user accounts");
        }
        return moved == locked ? Recorded.MOVED : Recorded.INSUFFICIENT_BALANCE;
    }

    Optional<Transfer> findByKey(String idempotencyKey) {
        List<?> rows = em.createNativeQuery("select " + COLUMNS + " from transfers where idempotency_key = ?1")
                .setParameter(1, idempotencyKey)
                .getResultList();
        return rows.stream().map(Object[].class::cast).map(TransferRepository::transfer).findFirst();
    }

    /** The transfers recorded under any of these keys. */
    List<Transfer> findByKeys(Collection<String> idempotencyKeys) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select " + COLUMNS + " from transfers where idempotency_key = any(?)")) {
                statement.setArray(1, SqlArrays.texts(connection, idempotencyKeys));
                List<Transfer> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Transfer(rows.getObject(1, UUID.class), rows.getString(2),
                                TransferKind.valueOf(rows.getString(3)), rows.getObject(4, UUID.class),
                                rows.getObject(5, UUID.class), rows.getLong(6), rows.getString(7),
                                rows.getObject(8, UUID.class), Jdbc.instant(rows, 9)));
                    }
                }
                return found;
            }
        });
    }

    /**
     * Records transfers whose coins the caller moves itself (captures of locked holds), in one statement. A key taken
     * meanwhile cannot happen under the hold locks the caller holds; if it did, the insert fails the transaction.
     */
    void insertAll(List<Transfer> recorded) {
        if (recorded.isEmpty()) {
            return;
        }
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("insert into transfers (" + COLUMNS + """
                    ) select * from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::bigint[],
                                           ?::text[], ?::uuid[], ?::timestamptz[])""")) {
                statement.setArray(1, SqlArrays.uuids(connection, recorded.stream().map(Transfer::id).toList()));
                statement.setArray(2, SqlArrays.texts(connection,
                        recorded.stream().map(Transfer::idempotencyKey).toList()));
                statement.setArray(3, SqlArrays.texts(connection,
                        recorded.stream().map(transfer -> transfer.kind().name()).toList()));
                statement.setArray(4, SqlArrays.uuids(connection,
                        recorded.stream().map(Transfer::fromAccount).toList()));
                statement.setArray(5, SqlArrays.uuids(connection, recorded.stream().map(Transfer::toAccount).toList()));
                statement.setArray(6, SqlArrays.longs(connection, recorded.stream().map(Transfer::amount).toList()));
                statement.setArray(7, SqlArrays.texts(connection, recorded.stream().map(Transfer::reference).toList()));
                statement.setArray(8, SqlArrays.uuids(connection, recorded.stream().map(Transfer::holdId).toList()));
                statement.setArray(9, SqlArrays.instants(connection,
                        recorded.stream().map(Transfer::createdAt).toList()));
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

    /**
     * Transfers into or out of any of {@code accounts}, newest first, strictly after {@code position} when given.
     * One branch per account and direction, so that each reads its own index range in order and stops at
     * {@code limit}, however long the history.
     */
    List<Transfer> history(List<UUID> accounts, TimeCursor position, int limit) {
        List<String> branches = new ArrayList<>();
        for (String column : List.of("from_account", "to_account")) {
            for (int i = 0; i < accounts.size(); i++) {
                branches.add("(select " + COLUMNS + " from transfers where " + column + " = :account" + i
                        + (position == null ? "" : " and (created_at, id) < (:at, :id)")
                        + " order by created_at desc, id desc limit :limit)");
            }
        }
        Query query = em.createNativeQuery("select " + COLUMNS + " from (" + String.join(" union ", branches)
                + ") t order by created_at desc, id desc limit :limit");
        for (int i = 0; i < accounts.size(); i++) {
            query.setParameter("account" + i, accounts.get(i));
        }
        if (position != null) {
            query.setParameter("at", position.at()).setParameter("id", position.id());
        }
        List<?> rows = query.setParameter("limit", limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(TransferRepository::transfer).toList();
    }

    private static Transfer transfer(Object[] row) {
        return new Transfer((UUID) row[0], (String) row[1], TransferKind.valueOf((String) row[2]), (UUID) row[3],
                (UUID) row[4], (Long) row[5], (String) row[6], (UUID) row[7], (Instant) row[8]);
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
