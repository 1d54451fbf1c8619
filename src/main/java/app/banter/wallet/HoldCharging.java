package app.banter.wallet;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import app.banter.platform.SqlArrays;

/**
 * {@link Ledger#chargeHolds} for many charges at once, in a fixed number of statements whatever their number: the
 * holds and accounts are read and locked in one statement each, every change is worked out on those rows in
 * memory, and the results are written back with one set-based statement per table. A reconciler billing thousands
 * of calls pays a handful of round trips and one commit instead of some twenty statements and a commit per call.
 *
 * <p>
 * Locks are taken as everywhere in the ledger: holds first, then accounts in {@link AccountRepository#LOCK_ORDER}.
 * The holds and user accounts are locked as they are read and stay locked until the transaction ends, which is what
 * makes the in-memory arithmetic on them safe. System accounts (platform revenue) are only credited, need no reading,
 * and come last in the lock order: the final update locks them, so concurrent batches queue on that shared row only
 * between their last statement and their commit.
 */
@ApplicationScoped
class HoldCharging {

    private final EntityManager em;

    HoldCharging(EntityManager em) {
        this.em = em;
    }

    List<HoldCharge.Result> charge(List<HoldCharge> charges, Instant now) {
        if (charges.isEmpty()) {
            return List.of();
        }
        return em.unwrap(Session.class).doReturningWork(connection -> new Batch(connection, now).charge(charges));
    }

    private static final class HoldRow {
        final UUID id;
        final String key;
        final UUID accountId;
        final long placed;
        long amount;
        long captured;
        Hold.Status status;
        final String reference;
        Instant expiresAt;
        Instant closedAt;
        final boolean isNew;
        boolean charged;

        HoldRow(UUID id, String key, UUID accountId, long placed, long amount, long captured, Hold.Status status,
                String reference, Instant expiresAt, boolean isNew) {
            this.id = id;
            this.key = key;
            this.accountId = accountId;
            this.placed = placed;
            this.amount = amount;
            this.captured = captured;
            this.status = status;
            this.reference = reference;
            this.expiresAt = expiresAt;
            this.isNew = isNew;
        }

        boolean isOpenAt(Instant now) {
            return status == Hold.Status.OPEN && expiresAt.isAfter(now);
        }

        long remaining() {
            return amount - captured;
        }
    }

    private static final class AccountRow {
        final long balance;
        final long held;
        long balanceChange;
        long heldChange;

        AccountRow(long balance, long held) {
            this.balance = balance;
            this.held = held;
        }

        long available() {
            return balance + balanceChange - held - heldChange;
        }

        /** Reserves {@code amount} if the account has it available. */
        boolean reserve(long amount) {
            if (available() < amount) {
                return false;
            }
            heldChange += amount;
            return true;
        }
    }

    private record ExistingTransfer(UUID to, long amount, TransferKind kind, UUID holdId) {
    }

    /** One call of {@link #charge}: the locked rows and what is to be written. */
    private static final class Batch {

        private final Connection connection;
        private final Instant now;
        private final Map<UUID, HoldRow> holds = new HashMap<>();
        private final Map<UUID, AccountRow> accounts = new HashMap<>();
        private final Map<String, ExistingTransfer> earlier = new HashMap<>();
        private final List<Transfer> transfers = new ArrayList<>();

        Batch(Connection connection, Instant now) {
            this.connection = connection;
            this.now = now;
        }

        List<HoldCharge.Result> charge(List<HoldCharge> charges) throws SQLException {
            Set<UUID> holdIds = new HashSet<>();
            for (HoldCharge charge : charges) {
                if (!holdIds.add(charge.holdId())) {
                    throw new IllegalArgumentException("One charge per hold in a batch, hold " + charge.holdId());
                }
            }
            lockHolds(holdIds);
            findEarlierTransfers(charges);
            Set<UUID> accountIds = new HashSet<>();
            holds.values().forEach(hold -> accountIds.add(hold.accountId));
            charges.forEach(charge -> charge.shares().forEach(share -> accountIds.add(share.to())));
            lockAccounts(accountIds);

            List<HoldCharge.Result> results = new ArrayList<>(charges.size());
            for (HoldCharge charge : charges) {
                results.add(apply(charge));
            }
            write();
            return results;
        }

        private HoldCharge.Result apply(HoldCharge charge) {
            HoldRow hold = holds.get(charge.holdId());
            if (hold == null) {
                throw new IllegalArgumentException("No hold " + charge.holdId());
            }
            UUID paidFrom = alreadyPaid(charge);
            if (paidFrom != null) {
                return new HoldCharge.Result(true, paidFrom);
            }
            AccountRow payer = accounts.get(hold.accountId);
            long price = charge.price();
            // PostgreSQL keeps microseconds; the hold read back must say what was written.
            Instant extendTo = charge.extendTo().truncatedTo(ChronoUnit.MICROS);
            // This period's price must be reserved: the open hold's shortfall, or a new hold when it closed or lapsed
            // (a lapsed hold keeps its reservation until the expiry job gives it back).
            if (hold.isOpenAt(now)) {
                long missing = price - hold.remaining();
                if (missing > 0 && !payer.reserve(missing)) {
                    return new HoldCharge.Result(false, hold.id);
                }
                hold.amount += Math.max(missing, 0);
            } else {
                if (!payer.reserve(price)) {
                    return new HoldCharge.Result(false, hold.id);
                }
                hold = new HoldRow(UUID.randomUUID(), charge.key() + ":hold", hold.accountId, price, price, 0,
                        Hold.Status.OPEN, hold.reference, extendTo, true);
                holds.put(hold.id, hold);
            }
            // The next period reserved before this one is taken, so the hold stays open while the payer can pay.
            if (payer.reserve(price)) {
                hold.amount += price;
            }
            if (hold.expiresAt.isBefore(charge.keepOpenUntil())) {
                hold.expiresAt = extendTo;
            }
            for (HoldCharge.Share share : charge.shares()) {
                transfers.add(new Transfer(UUID.randomUUID(), charge.transferKey(share), share.kind(), hold.accountId,
                        share.to(), share.amount(), hold.reference, hold.id, now));
                accounts.get(share.to()).balanceChange += share.amount();
            }
            payer.balanceChange -= price;
            payer.heldChange -= price;
            hold.captured += price;
            hold.charged = true;
            if (hold.captured == hold.amount) {
                hold.status = Hold.Status.CAPTURED;
                hold.closedAt = now;
            }
            return new HoldCharge.Result(true, hold.id);
        }

        /** The hold an earlier charge with this key was paid from, or null; the same key for another charge is 409. */
        private UUID alreadyPaid(HoldCharge charge) {
            UUID holdId = null;
            int found = 0;
            for (HoldCharge.Share share : charge.shares()) {
                ExistingTransfer transfer = earlier.get(charge.transferKey(share));
                if (transfer == null) {
                    continue;
                }
                if (!transfer.to().equals(share.to()) || transfer.amount() != share.amount()
                        || transfer.kind() != share.kind()) {
                    throw Ledger.keyReused();
                }
                holdId = transfer.holdId();
                found++;
            }
            if (found != 0 && found != charge.shares().size()) {
                throw Ledger.keyReused();
            }
            return holdId;
        }

        private void lockHolds(Set<UUID> ids) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select id, idempotency_key, account_id, placed, amount, captured, status, reference, expires_at
                    from holds where id = any(?) order by id for update""")) {
                statement.setArray(1, uuids(ids));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        HoldRow hold = new HoldRow(rows.getObject(1, UUID.class), rows.getString(2),
                                rows.getObject(3, UUID.class), rows.getLong(4), rows.getLong(5), rows.getLong(6),
                                Hold.Status.valueOf(rows.getString(7)), rows.getString(8),
                                rows.getObject(9, OffsetDateTime.class).toInstant(), false);
                        holds.put(hold.id, hold);
                    }
                }
            }
        }

        private void findEarlierTransfers(List<HoldCharge> charges) throws SQLException {
            List<String> keys = new ArrayList<>();
            charges.forEach(charge -> charge.shares().forEach(share -> keys.add(charge.transferKey(share))));
            try (PreparedStatement statement = connection.prepareStatement("""
                    select idempotency_key, to_account, amount, kind, hold_id
                    from transfers where idempotency_key = any(?)""")) {
                statement.setArray(1, texts(keys));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        earlier.put(rows.getString(1), new ExistingTransfer(rows.getObject(2, UUID.class),
                                rows.getLong(3), TransferKind.valueOf(rows.getString(4)),
                                rows.getObject(5, UUID.class)));
                    }
                }
            }
        }

        /** Locks and reads the user accounts; system accounts are only credited, by the final update. */
        private void lockAccounts(Set<UUID> ids) throws SQLException {
            Set<UUID> userAccounts = new HashSet<>(ids);
            userAccounts.removeIf(SystemAccounts::isSystemAccount);
            try (PreparedStatement statement = connection.prepareStatement("""
                    select id, balance, held from accounts
                    where id = any(?) and owner_id is not null order by id for no key update""")) {
                statement.setArray(1, uuids(userAccounts));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        accounts.put(rows.getObject(1, UUID.class),
                                new AccountRow(rows.getLong(2), rows.getLong(3)));
                    }
                }
            }
            if (accounts.size() != userAccounts.size()) {
                throw new IllegalArgumentException("A charge names an account that does not exist");
            }
            for (HoldRow hold : holds.values()) {
                if (!accounts.containsKey(hold.accountId)) {
                    throw new IllegalArgumentException("Holds charged together reserve user accounts");
                }
            }
            ids.stream().filter(SystemAccounts::isSystemAccount).forEach(id -> accounts.put(id, new AccountRow(0, 0)));
        }

        /** New holds first: transfers refer to them. */
        private void write() throws SQLException {
            List<HoldRow> created = holds.values().stream().filter(hold -> hold.isNew).toList();
            if (!created.isEmpty()) {
                execute("""
                        insert into holds (id, idempotency_key, account_id, placed, amount, captured, status,
                                           reference, expires_at, created_at, closed_at)
                        select id, k, account, placed, amount, captured, status, reference, expires_at, ?::timestamptz,
                               closed_at
                        from unnest(?::uuid[], ?::text[], ?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[],
                                    ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                             as h(id, k, account, placed, amount, captured, status, reference, expires_at,
                                  closed_at)""",
                        now.toString(), uuids(created.stream().map(h -> h.id).toList()),
                        texts(created.stream().map(h -> h.key).toList()),
                        uuids(created.stream().map(h -> h.accountId).toList()),
                        longs(created.stream().map(h -> h.placed).toList()),
                        longs(created.stream().map(h -> h.amount).toList()),
                        longs(created.stream().map(h -> h.captured).toList()),
                        texts(created.stream().map(h -> h.status.name()).toList()),
                        texts(created.stream().map(h -> h.reference).toList()),
                        instants(created.stream().map(h -> h.expiresAt).toList()),
                        instants(created.stream().map(h -> h.closedAt).toList()));
            }
            if (transfers.isEmpty()) {
                return;
            }
            // A key taken meanwhile cannot happen under the hold locks; if it did, the insert fails the transaction.
            execute("""
                    insert into transfers (id, idempotency_key, kind, from_account, to_account, amount, reference,
                                           hold_id, created_at)
                    select id, k, kind, from_account, to_account, amount, reference, hold, ?::timestamptz
                    from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::bigint[], ?::text[],
                                ?::uuid[]) as t(id, k, kind, from_account, to_account, amount, reference, hold)""",
                    now.toString(), uuids(transfers.stream().map(Transfer::id).toList()),
                    texts(transfers.stream().map(Transfer::idempotencyKey).toList()),
                    texts(transfers.stream().map(t -> t.kind().name()).toList()),
                    uuids(transfers.stream().map(Transfer::fromAccount).toList()),
                    uuids(transfers.stream().map(Transfer::toAccount).toList()),
                    longs(transfers.stream().map(Transfer::amount).toList()),
                    texts(transfers.stream().map(Transfer::reference).toList()),
                    uuids(transfers.stream().map(Transfer::holdId).toList()));
            List<HoldRow> changed = holds.values().stream().filter(hold -> !hold.isNew && hold.charged).toList();
            execute("""
                    update holds h set amount = c.amount, captured = c.captured, status = c.status,
                                       expires_at = c.expires_at, closed_at = c.closed_at
                    from unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                         as c(id, amount, captured, status, expires_at, closed_at)
                    where h.id = c.id""",
                    uuids(changed.stream().map(h -> h.id).toList()),
                    longs(changed.stream().map(h -> h.amount).toList()),
                    longs(changed.stream().map(h -> h.captured).toList()),
                    texts(changed.stream().map(h -> h.status.name()).toList()),
                    instants(changed.stream().map(h -> h.expiresAt).toList()),
                    instants(changed.stream().map(h -> h.closedAt).toList()));
            // In lock order: the user accounts are locked already; the system accounts are locked here, last.
            Map<UUID, AccountRow> moved = new TreeMap<>(AccountRepository.LOCK_ORDER);
            accounts.forEach((id, account) -> {
                if (account.balanceChange != 0 || account.heldChange != 0) {
                    moved.put(id, account);
                }
            });
            execute("""
                    update accounts a set balance = a.balance + c.balance, held = a.held + c.held
                    from unnest(?::uuid[], ?::bigint[], ?::bigint[]) as c(id, balance, held)
                    where a.id = c.id""",
                    uuids(moved.keySet()), longs(moved.values().stream().map(a -> a.balanceChange).toList()),
                    longs(moved.values().stream().map(a -> a.heldChange).toList()));
        }

        private void execute(String sql, Object... parameters) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                statement.executeUpdate();
            }
        }

        private Array uuids(Collection<UUID> values) throws SQLException {
            return SqlArrays.uuids(connection, values);
        }

        private Array texts(List<String> values) throws SQLException {
            return SqlArrays.texts(connection, values);
        }

        private Array longs(List<Long> values) throws SQLException {
            return SqlArrays.longs(connection, values);
        }

        private Array instants(List<Instant> values) throws SQLException {
            return SqlArrays.instants(connection, values);
        }
    }
}
