package app.banter.wallet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import app.banter.platform.SqlArrays;

/**
 * Balance changes as single conditional UPDATEs: the condition is checked on the locked row, so two debits racing
 * for the last coin cannot both pass, and the table's CHECK refuses what a wrong condition would let through.
 */
@ApplicationScoped
class AccountRepository {

    /**
     * User accounts first, then system accounts, each in PostgreSQL's order of uuid values (bytes compared unsigned,
     * most significant first). Every transaction that changes several accounts locks them in this order, so that two
     * of them changing the same accounts wait for each other instead of deadlocking: in SQL with ORDER BY id ... FOR
     * UPDATE, in Java by sorting with this comparator. System accounts come last because they are the rows every
     * call-minute and purchase changes: {@link SystemBalances} writes them in a transaction's last statement, so it
     * holds them only from there to its commit.
     */
    static final Comparator<UUID> LOCK_ORDER = Comparator
            .comparing(SystemAccounts::isSystemAccount)
            .thenComparing(UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

    private final EntityManager em;
    private final DataSource dataSource;

    AccountRepository(EntityManager em, DataSource dataSource) {
        this.em = em;
        this.dataSource = dataSource;
    }

    void openUserAccounts(UUID ownerId, UUID coinsId, UUID earningsId, Instant now) {
        em.createNativeQuery("""
                insert into accounts (id, owner_id, type, created_at)
                values (?1, ?3, 'COINS', ?4), (?2, ?3, 'EARNINGS', ?4)""")
                .setParameter(1, coinsId)
                .setParameter(2, earningsId)
                .setParameter(3, ownerId)
                .setParameter(4, now)
                .executeUpdate();
    }

    /** Claims the phone for this user's signup grant; false when another account of the phone has had it. */
    boolean claimSignupGrantPhone(String phoneHash, UUID userId) {
        return em.createNativeQuery("""
                insert into signup_granted_phones (phone_hash, user_id) values (?1, ?2)
                on conflict do nothing""")
                .setParameter(1, phoneHash).setParameter(2, userId).executeUpdate() == 1;
    }

    /**
     * Claims the phone for the user's signup grant if the transfer with this key was made, for accounts that received it
     * before phones were claimed.
     */
    void claimSignupGrantPhoneIfGranted(String phoneHash, UUID userId, String grantKey) {
        em.createNativeQuery("""
                insert into signup_granted_phones (phone_hash, user_id)
                select ?1, ?2 where exists (select 1 from transfers where idempotency_key = ?3)
                on conflict do nothing""")
                .setParameter(1, phoneHash).setParameter(2, userId).setParameter(3, grantKey).executeUpdate();
    }

    Optional<UUID> findUserAccount(UUID ownerId, AccountType type) {
        List<?> ids = em.createNativeQuery("select id from accounts where owner_id = ?1 and type = ?2")
                .setParameter(1, ownerId)
                .setParameter(2, type.name())
                .getResultList();
        return ids.stream().map(UUID.class::cast).findFirst();
    }

    /** Owner to account id, for the owners that have an account of this type; one array parameter for them all. */
    Map<UUID, UUID> findUserAccounts(Collection<UUID> ownerIds, AccountType type) {
        if (ownerIds.isEmpty()) {
            return Map.of();
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select owner_id, id from accounts where owner_id = any(?) and type = ?")) {
                statement.setArray(1, SqlArrays.uuids(connection, ownerIds));
                statement.setString(2, type.name());
                Map<UUID, UUID> found = new HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class));
                    }
                }
                return found;
            }
        });
    }

    List<Account> findUserAccounts(UUID ownerId) {
        List<?> rows = em.createNativeQuery("""
                select id, owner_id, type, balance, held from accounts where owner_id = ?1 order by type""")
                .setParameter(1, ownerId)
                .getResultList();
        return rows.stream().map(Object[].class::cast).map(AccountRepository::account).toList();
    }

    Optional<Account> find(UUID accountId) {
        List<?> rows = em.createNativeQuery("select id, owner_id, type, balance, held from accounts where id = ?1")
                .setParameter(1, accountId)
                .getResultList();
        return rows.stream().map(Object[].class::cast).map(AccountRepository::account).findFirst();
    }

    /**
     * Both user accounts of every owner of these accounts (system accounts among the ids have none), read on the
     * connection given: {@link BalanceEvents} reads them while the transaction commits, when Hibernate has already
     * handed its connection back.
     */
    List<Account> userAccountsOfOwnersWhileCommitting(Collection<UUID> accountIds) throws SQLException {
        // The transaction's own connection (the pool hands back the one enlisted), closed again before the commit.
        // The owners as an array, not "owner_id in (select ...)": for a billing batch's thousand ids PostgreSQL
        // planned that as a hash join over a scan of every account (10 ms a batch at 400,000 accounts, growing with
        // the users); an array is looked up in the (owner_id, type) index.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                select id, owner_id, type, balance, held from accounts
                where owner_id = any(array(select owner_id from accounts where id = any(?) and owner_id is not null))
                """)) {
            statement.setArray(1, SqlArrays.uuids(connection, accountIds));
            List<Account> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new Account(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                            AccountType.valueOf(rows.getString(3)), rows.getLong(4), rows.getLong(5)));
                }
            }
            return found;
        }
    }

    /**
     * Adds each change to its system account's balance, in one statement on the transaction's own connection, for
     * {@link SystemBalances} just before the commit. Locks the rows in {@link #LOCK_ORDER}.
     */
    void addToSystemBalancesWhileCommitting(Map<UUID, Long> changes) throws SQLException {
        List<Map.Entry<UUID, Long>> ordered = changes.entrySet().stream()
                .filter(change -> change.getValue() != 0)
                .sorted(Map.Entry.comparingByKey(LOCK_ORDER)).toList();
        if (ordered.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                update accounts a set balance = a.balance + c.balance
                from unnest(?::uuid[], ?::bigint[]) as c(id, balance)
                where a.id = c.id and a.owner_id is null""")) {
            statement.setArray(1, SqlArrays.uuids(connection, ordered.stream().map(Map.Entry::getKey).toList()));
            statement.setArray(2, SqlArrays.longs(connection, ordered.stream().map(Map.Entry::getValue).toList()));
            int updated = statement.executeUpdate();
            if (updated != ordered.size()) {
                throw new IllegalStateException("Wrote " + updated + " of " + ordered.size() + " system balances");
            }
        }
    }

    /**
     * Reads and locks these user accounts until the transaction ends, in {@link #LOCK_ORDER}; system accounts among
     * the ids are left out: {@link SystemBalances} changes them at the commit.
     */
    List<Account> lockUserAccounts(Collection<UUID> accountIds) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select id, owner_id, type, balance, held from accounts
                    where id = any(?) and owner_id is not null order by id for no key update""")) {
                statement.setArray(1, SqlArrays.uuids(connection, accountIds));
                List<Account> locked = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        locked.add(new Account(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                                AccountType.valueOf(rows.getString(3)), rows.getLong(4), rows.getLong(5)));
                    }
                }
                return locked;
            }
        });
    }

    /**
     * Adds each change to its user account's balance and held coins, in one statement; the accounts are locked
     * already ({@link #lockUserAccounts}). System accounts change at the commit ({@link SystemBalances}).
     */
    void applyChanges(List<HoldCharging.AccountChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<HoldCharging.AccountChange> ordered = changes.stream()
                .sorted(Comparator.comparing(HoldCharging.AccountChange::accountId, LOCK_ORDER)).toList();
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update accounts a set balance = a.balance + c.balance, held = a.held + c.held
                    from unnest(?::uuid[], ?::bigint[], ?::bigint[]) as c(id, balance, held)
                    where a.id = c.id and a.owner_id is not null""")) {
                statement.setArray(1, SqlArrays.uuids(connection,
                        ordered.stream().map(HoldCharging.AccountChange::accountId).toList()));
                statement.setArray(2, SqlArrays.longs(connection,
                        ordered.stream().map(HoldCharging.AccountChange::balance).toList()));
                statement.setArray(3, SqlArrays.longs(connection,
                        ordered.stream().map(HoldCharging.AccountChange::held).toList()));
                int updated = statement.executeUpdate();
                if (updated != ordered.size()) {
                    throw new IllegalStateException("Changed " + updated + " of " + ordered.size() + " accounts");
                }
                return updated;
            }
        });
    }

    /** Reserves available coins; false when the account does not have them. */
    boolean reserve(UUID accountId, long amount) {
        return update("update accounts set held = held + ?2 where id = ?1 and balance - held >= ?2", accountId,
                amount);
    }

    boolean unreserve(UUID accountId, long amount) {
        return update("update accounts set held = held - ?2 where id = ?1 and held >= ?2", accountId, amount);
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    private boolean update(String sql, UUID accountId, long amount) {
        return em.createNativeQuery(sql).setParameter(1, accountId).setParameter(2, amount).executeUpdate() == 1;
    }

    private static Account account(Object[] row) {
        return new Account((UUID) row[0], (UUID) row[1], AccountType.valueOf((String) row[2]), (Long) row[3],
                (Long) row[4]);
    }
}
