package app.banter.wallet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.banter.platform.TimeOrderedIds;
import app.banter.platform.error.ApiException;

/**
 * The arithmetic of {@link Ledger#captureHold}, {@link Ledger#countPeriods} and {@link Ledger#settleHold}, on rows
 * the ledger has read and locked: no database here. Operations are applied one after the other to the same
 * in-memory holds and balances, so that what one reserves or takes is seen by the next; the ledger then writes the
 * outcome back in a few set-based statements ({@link #createdHolds}, {@link #transfers}, {@link #changedHolds},
 * {@link #accountChanges}).
 *
 * <p>
 * Every user account an operation names must have been locked and passed in; system accounts are only credited and
 * need no row.
 */
final class HoldCharging {

    /** What a batch adds to one account's balance and held coins. */
    record AccountChange(UUID accountId, long balance, long held) {
    }

    private final Instant now;
    private final Map<UUID, HoldRow> holds = new HashMap<>();
    private final Map<UUID, AccountRow> accounts = new HashMap<>();
    private final Map<String, Transfer> earlier = new HashMap<>();
    private final List<Transfer> transfers = new ArrayList<>();

    /**
     * @param lockedHolds the holds the operations name, locked
     * @param lockedAccounts the user accounts of those holds and of the shares' recipients, locked
     * @param earlierTransfers transfers already recorded under the captures' transfer keys
     */
    HoldCharging(Instant now, Collection<Hold> lockedHolds, Collection<Account> lockedAccounts,
            Collection<Transfer> earlierTransfers) {
        this.now = now;
        lockedHolds.forEach(hold -> holds.put(hold.id(), new HoldRow(hold, false)));
        lockedAccounts.forEach(
                account -> accounts.put(account.id(), new AccountRow(account.balance(), account.held())));
        earlierTransfers.forEach(transfer -> earlier.put(transfer.idempotencyKey(), transfer));
    }

    /**
     * Applies one capture. A capture whose transfers exist already is paid and changes nothing. Otherwise it takes
     * its price from what its open hold reserves beyond the periods counted (409 HOLD_NOT_OPEN for a hold closed or
     * past its expiry, 409 HOLD_EXCEEDED beyond what it still reserves).
     */
    void capture(HoldCharge charge) {
        HoldRow hold = hold(charge.holdId());
        if (alreadyPaid(charge)) {
            return;
        }
        if (!hold.isOpenAt(now)) {
            throw Ledger.holdNotOpen();
        }
        if (charge.price() > hold.remaining()) {
            throw ApiException.conflict("HOLD_EXCEEDED", "The hold reserves only " + hold.remaining() + " coins");
        }
        take(charge, hold, account(hold.accountId));
    }

    /**
     * Counts one period. A period the hold has counted already is paid and changes nothing. Otherwise its price must
     * be reserved beyond what is counted (topping up the open hold, or following a closed or lapsed one with a new
     * hold), and the period is not paid when the payer cannot cover that; then one more period is reserved ahead if
     * the payer has it, the expiry moves, and the price is added to what the hold has counted. No coins move: they
     * stay reserved until the settlement.
     */
    HoldPeriod.Result count(HoldPeriod period) {
        HoldRow hold = hold(period.holdId());
        if (hold.periods >= period.number()) {
            return new HoldPeriod.Result(true, hold.id);
        }
        AccountRow payer = account(hold.accountId);
        long price = period.price();
        hold = reservePeriod(period, hold, payer);
        if (hold == null) {
            return new HoldPeriod.Result(false, period.holdId());
        }
        // The next period reserved before this one is counted, so the hold stays open while the payer can pay.
        if (payer.reserve(price)) {
            hold.amount += price;
        }
        if (hold.expiresAt != null && hold.expiresAt.isBefore(period.keepOpenUntil())) {
            hold.expiresAt = micros(period.extendTo());
        }
        hold.accrued += price;
        hold.periods = period.number();
        hold.changed = true;
        return new HoldPeriod.Result(true, hold.id);
    }

    /**
     * Settles an open hold: the last {@code periodsToDrop} periods counted (at most all of them) are taken off unpaid,
     * the coins of every other counted period are divided by {@code split}, one transfer per part for all of them, and
     * the hold closes, giving back what it still reserves. A hold already closed was settled, or never counted a
     * period: it changes nothing.
     */
    Ledger.Settlement settle(String key, UUID holdId, int periodsToDrop, long price, HoldCharge.Split split) {
        HoldRow hold = hold(holdId);
        if (hold.status != Hold.Status.OPEN) {
            return new Ledger.Settlement(0, 0);
        }
        if (hold.accrued % price != 0) {
            throw new IllegalStateException("Hold " + holdId + " counted " + hold.accrued + " coins, not periods of "
                    + price);
        }
        int counted = (int) (hold.accrued / price);
        int dropped = Math.min(periodsToDrop, counted);
        int paid = counted - dropped;
        hold.accrued = 0;
        hold.periods -= dropped;
        hold.changed = true;
        AccountRow payer = account(hold.accountId);
        if (paid > 0) {
            take(new HoldCharge(key, holdId, split.of(paid * price)), hold, payer);
        }
        if (hold.status == Hold.Status.OPEN) {
            payer.heldChange -= hold.amount - hold.captured;
            hold.status = Hold.Status.RELEASED;
            hold.closedAt = now;
        }
        return new Ledger.Settlement(dropped, paid);
    }

    /** Holds opened by the charges, to be inserted before the transfers that refer to them. */
    List<Hold> createdHolds() {
        return holds.values().stream().filter(hold -> hold.isNew).map(HoldRow::toHold).toList();
    }

    /** The transfers the charges made, to be inserted. */
    List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    /** Holds that existed and changed: all that a charge, count or settlement changes on them is to be written. */
    List<Hold> changedHolds() {
        return holds.values().stream().filter(hold -> !hold.isNew && hold.changed).map(HoldRow::toHold).toList();
    }

    /** What is to be added to each account's balance and held coins; accounts that did not change are left out. */
    List<AccountChange> accountChanges() {
        List<AccountChange> changes = new ArrayList<>();
        accounts.forEach((id, account) -> {
            if (account.balanceChange != 0 || account.heldChange != 0) {
                changes.add(new AccountChange(id, account.balanceChange, account.heldChange));
            }
        });
        return changes;
    }

    /**
     * The hold that reserves this period's price: the open hold, topped up by its shortfall, or a new hold when it
     * closed or lapsed (a lapsed hold keeps its reservation until the expiry job gives it back). Null when the payer
     * cannot cover that.
     */
    private HoldRow reservePeriod(HoldPeriod period, HoldRow hold, AccountRow payer) {
        long price = period.price();
        if (hold.isOpenAt(now)) {
            long missing = price - hold.remaining();
            if (missing > 0) {
                if (!payer.reserve(missing)) {
                    return null;
                }
                hold.amount += missing;
                hold.changed = true;
            }
            return hold;
        }
        if (!payer.reserve(price)) {
            return null;
        }
        HoldRow next = new HoldRow(new Hold(TimeOrderedIds.next(), period.key() + ":hold", hold.accountId, price, price,
                0, 0, 0, Hold.Status.OPEN, hold.reference, micros(period.extendTo()), now, null), true);
        holds.put(next.id, next);
        return next;
    }

    /** Moves the charge's price from the payer's reserved coins to the shares' accounts, one transfer per share. */
    private void take(HoldCharge charge, HoldRow hold, AccountRow payer) {
        long price = charge.price();
        for (HoldCharge.Share share : charge.shares()) {
            if (share.to().equals(hold.accountId)) {
                throw new IllegalArgumentException("A hold's coins go to another account");
            }
            transfers.add(new Transfer(TimeOrderedIds.next(), charge.transferKey(share), share.kind(), hold.accountId,
                    share.to(), share.amount(), hold.reference, hold.id, now));
            account(share.to()).balanceChange += share.amount();
        }
        payer.balanceChange -= price;
        payer.heldChange -= price;
        hold.captured += price;
        hold.changed = true;
        if (hold.captured == hold.amount) {
            hold.status = Hold.Status.CAPTURED;
            hold.closedAt = now;
        }
    }

    /**
     * Whether an earlier capture with this key was paid from this hold; the same key for another capture is 409
     * IDEMPOTENCY_KEY_REUSED.
     */
    private boolean alreadyPaid(HoldCharge charge) {
        int found = 0;
        for (HoldCharge.Share share : charge.shares()) {
            Transfer transfer = earlier.get(charge.transferKey(share));
            if (transfer == null) {
                continue;
            }
            if (!transfer.toAccount().equals(share.to()) || transfer.amount() != share.amount()
                    || transfer.kind() != share.kind() || !charge.holdId().equals(transfer.holdId())) {
                throw Ledger.keyReused();
            }
            found++;
        }
        if (found != 0 && found != charge.shares().size()) {
            throw Ledger.keyReused();
        }
        return found != 0;
    }

    private HoldRow hold(UUID id) {
        HoldRow hold = holds.get(id);
        if (hold == null) {
            throw ApiException.notFound("Hold");
        }
        return hold;
    }

    private AccountRow account(UUID id) {
        AccountRow account = accounts.get(id);
        if (account != null) {
            return account;
        }
        if (!SystemAccounts.isSystemAccount(id)) {
            throw new IllegalArgumentException("Account " + id + " was not locked for this charge");
        }
        // Only credited, never read: what matters is the change.
        account = new AccountRow(0, 0);
        accounts.put(id, account);
        return account;
    }

    /** PostgreSQL keeps microseconds; the hold read back must say what was written. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static final class HoldRow {
        final UUID id;
        final String key;
        final UUID accountId;
        final long placed;
        final String reference;
        final Instant createdAt;
        final boolean isNew;
        long amount;
        long captured;
        long accrued;
        int periods;
        Hold.Status status;
        Instant expiresAt;
        Instant closedAt;
        boolean changed;

        HoldRow(Hold hold, boolean isNew) {
            this.id = hold.id();
            this.key = hold.idempotencyKey();
            this.accountId = hold.accountId();
            this.placed = hold.placed();
            this.reference = hold.reference();
            this.createdAt = hold.createdAt();
            this.isNew = isNew;
            this.amount = hold.amount();
            this.captured = hold.captured();
            this.accrued = hold.accrued();
            this.periods = hold.periods();
            this.status = hold.status();
            this.expiresAt = hold.expiresAt();
            this.closedAt = hold.closedAt();
        }

        /**
         * Open and not lapsed; a hold with periods counted stays open past its expiry until it is settled, and one
         * without an expiry (a payout's) until it is captured or released.
         */
        boolean isOpenAt(Instant now) {
            return status == Hold.Status.OPEN && (expiresAt == null || expiresAt.isAfter(now) || accrued > 0);
        }

        /** What the hold reserves beyond the periods counted. */
        long remaining() {
            return status == Hold.Status.OPEN ? amount - captured - accrued : 0;
        }

        Hold toHold() {
            return new Hold(id, key, accountId, placed, amount, captured, accrued, periods, status, reference,
                    expiresAt, createdAt, closedAt);
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

        /** Reserves {@code amount} if the account has it available. */
        boolean reserve(long amount) {
            if (balance + balanceChange - held - heldChange < amount) {
                return false;
            }
            heldChange += amount;
            return true;
        }
    }
}
