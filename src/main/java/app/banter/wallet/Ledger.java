package app.banter.wallet;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.platform.TimeOrderedIds;
import app.banter.platform.error.ApiException;

/**
 * The only way coins move. Every method joins the caller's transaction when there is one, so a feature can change
 * its own state and move coins in one commit; a refusal (an {@link ApiException}) rolls that whole transaction back.
 *
 * <p>
 * Idempotency: every movement carries a key chosen by the caller from what it is doing ("call:{id}:settle").
 * Repeating a call with the same key and the same parameters returns the first result and moves nothing, also when
 * the two calls run at the same time; the same key with different parameters is refused with 409
 * IDEMPOTENCY_KEY_REUSED. Transfers and holds have separate key spaces. A period counted on a hold (a call's minute)
 * is counted once by its number.
 *
 * <p>
 * Locks: a hold row is locked before any account, and accounts in one fixed order ({@link
 * AccountRepository#LOCK_ORDER}). A caller that does several ledger operations in one transaction keeps that order
 * by doing its hold operations first, the first of them locking every user account the transaction will change
 * ({@link #countPeriods(List, Collection)}). System accounts are locked last of all, by the transaction's last
 * statement ({@link SystemBalances}): they are the rows every purchase and call settlement changes.
 */
@ApplicationScoped
public class Ledger {

    private final AccountRepository accounts;
    private final TransferRepository transfers;
    private final HoldRepository holds;
    private final Clock clock;
    private final BalanceEvents balanceEvents;
    private final SystemBalances systemBalances;

    Ledger(AccountRepository accounts, TransferRepository transfers, HoldRepository holds,
            BalanceEvents balanceEvents, SystemBalances systemBalances) {
        this.accounts = accounts;
        this.transfers = transfers;
        this.holds = holds;
        this.clock = Clock.systemUTC();
        this.balanceEvents = balanceEvents;
        this.systemBalances = systemBalances;
    }

    /**
     * Moves {@code amount} coins. A user account pays only from its available coins (balance - held), else 402
     * INSUFFICIENT_BALANCE; a system account may go below zero.
     */
    @Transactional
    public Transfer transfer(String idempotencyKey, UUID from, UUID to, long amount, TransferKind kind,
            String reference) {
        Transfer transfer = newTransfer(idempotencyKey, kind, from, to, amount, reference);
        return switch (transfers.recordAndMove(transfer)) {
            case MOVED -> {
                systemBalances.moved(transfer);
                balanceEvents.changed(List.of(from, to));
                yield transfer;
            }
            case KEY_TAKEN -> earlierWithSameRequest(transfer);
            case INSUFFICIENT_BALANCE -> throw insufficientBalance();
        };
    }

    /**
     * Reserves {@code amount} of the account's available coins until {@code expiresAt} (else 402
     * INSUFFICIENT_BALANCE). A retry with the same key returns the hold as it is now, whatever happened to it since.
     */
    @Transactional
    public Hold placeHold(String idempotencyKey, UUID account, long amount, String reference, Instant expiresAt) {
        requireValidHold(idempotencyKey, amount, expiresAt, now());
        return place(idempotencyKey, account, amount, reference, micros(expiresAt));
    }

    /**
     * As {@link #placeHold}, for a hold that never lapses: only a capture or a release closes it. A payout's coins are
     * on their way for as long as RazorpayX takes, and only the payout's final status may give them back.
     */
    @Transactional
    public Hold placeHoldWithoutExpiry(String idempotencyKey, UUID account, long amount, String reference) {
        requirePositive(amount);
        requireKey(idempotencyKey);
        return place(idempotencyKey, account, amount, reference, null);
    }

    private Hold place(String idempotencyKey, UUID account, long amount, String reference, Instant expiresAt) {
        Instant now = now();
        Hold hold = new Hold(TimeOrderedIds.next(), idempotencyKey, account, amount, amount, 0, 0, 0,
                Hold.Status.OPEN, reference, expiresAt, now, null);
        if (!holds.insertIfAbsent(hold)) {
            Hold earlier = holds.findByKey(idempotencyKey).orElseThrow();
            if (!earlier.isSameRequestAs(hold)) {
                throw keyReused();
            }
            return earlier;
        }
        if (!accounts.reserve(account, amount)) {
            throw insufficientBalance();
        }
        balanceEvents.changed(account);
        return hold;
    }

    /** One hold of {@link #placeHolds}: as the arguments of {@link #placeHold}. */
    public record HoldRequest(String idempotencyKey, UUID account, long amount, String reference, Instant expiresAt) {
    }

    /**
     * Places many holds on user accounts at once, as {@link #placeHold} would one by one and in the order given, in a
     * fixed number of statements: the accounts are locked and read in one, the earlier holds under the keys in one,
     * and the new holds and the reserved coins are written in one each. Where {@link #placeHold} would answer 402, the
     * result is empty and that request changes nothing, so that one payer short of coins does not refuse the others.
     * A retry returns the earlier hold; a key reused for a different request is 409 for the whole batch, as is a key
     * that a concurrent transaction takes between the read and the insert.
     */
    @Transactional
    public List<Optional<Hold>> placeHolds(List<HoldRequest> requests) {
        Instant now = now();
        Set<String> keys = new HashSet<>();
        for (HoldRequest request : requests) {
            requireValidHold(request.idempotencyKey(), request.amount(), request.expiresAt(), now);
            if (!keys.add(request.idempotencyKey())) {
                throw new IllegalArgumentException("One hold per key in a batch, " + request.idempotencyKey());
            }
        }
        if (requests.isEmpty()) {
            return List.of();
        }
        Map<UUID, Long> available = new HashMap<>();
        accounts.lockUserAccounts(requests.stream().map(HoldRequest::account).collect(Collectors.toSet()))
                .forEach(account -> available.put(account.id(), account.available()));
        Map<String, Hold> earlier = new HashMap<>();
        holds.findByKeys(keys).forEach(hold -> earlier.put(hold.idempotencyKey(), hold));
        List<Optional<Hold>> placed = new ArrayList<>(requests.size());
        List<Hold> created = new ArrayList<>();
        Map<UUID, Long> reserved = new HashMap<>();
        for (HoldRequest request : requests) {
            Hold hold = new Hold(TimeOrderedIds.next(), request.idempotencyKey(), request.account(), request.amount(),
                    request.amount(), 0, 0, 0, Hold.Status.OPEN, request.reference(), micros(request.expiresAt()),
                    now, null);
            Hold before = earlier.get(request.idempotencyKey());
            if (before != null) {
                if (!before.isSameRequestAs(hold)) {
                    throw keyReused();
                }
                placed.add(Optional.of(before));
                continue;
            }
            Long left = available.get(request.account());
            if (left == null) {
                throw new IllegalArgumentException("Holds in a batch are on user accounts, not " + request.account());
            }
            if (left < request.amount()) {
                placed.add(Optional.empty());
                continue;
            }
            available.put(request.account(), left - request.amount());
            reserved.merge(request.account(), request.amount(), Long::sum);
            created.add(hold);
            placed.add(Optional.of(hold));
        }
        holds.insertAll(created);
        accounts.applyChanges(reserved.entrySet().stream()
                .map(e -> new HoldCharging.AccountChange(e.getKey(), 0, e.getValue())).toList());
        balanceEvents.changed(reserved.keySet());
        return placed;
    }

    /**
     * Takes {@code amount} of the coins an open hold reserves and moves them to {@code to}: a payout captures its hold
     * in full to payout clearing. A partial capture leaves the rest reserved until it is captured, released or
     * expires; the hold becomes CAPTURED when all of it is taken. The transfer carries the hold's reference. More
     * than the hold still reserves beyond its counted periods is 409 HOLD_EXCEEDED; a hold that is closed or past its
     * expiry is 409 HOLD_NOT_OPEN.
     */
    @Transactional
    public Transfer captureHold(String idempotencyKey, UUID holdId, long amount, UUID to, TransferKind kind) {
        requireKey(idempotencyKey);
        requirePositive(amount);
        HoldCharge capture = HoldCharge.capture(idempotencyKey, holdId, amount, to, kind);
        List<Hold> locked = holds.lockAll(Set.of(holdId));
        Set<UUID> accountIds = accountsOf(locked, List.of(to));
        HoldCharging charging = new HoldCharging(now(), locked, accounts.lockUserAccounts(accountIds),
                transfers.findByKeys(List.of(idempotencyKey)));
        charging.capture(capture);
        write(charging, accountIds);
        return transfers.findByKey(idempotencyKey).orElseThrow();
    }

    /**
     * Counts periods of running services (call minutes) on the holds that reserve them, many at once, one period per
     * hold, in a fixed number of statements: the holds and their payers' accounts are read and locked in one statement
     * each, {@link HoldCharging} works out every change in memory, and the outcome is written with one set-based
     * statement per table. No coins move and no transfer is written: the counted coins stay reserved on the payer's
     * account until {@link #settleHold} pays them, so a minute costs a few row updates rather than two journal rows and
     * the recipients' locks. For each period, in order: a period the hold has counted already is paid and changes
     * nothing. Otherwise its price must be reserved: an open hold's shortfall is added to it, and a hold that is closed
     * or past its expiry (with nothing counted) is followed by a new one on the same account. When the payer's
     * available coins cannot cover that, the period is not paid and changes nothing: the caller decides what ends.
     * Then one more price is reserved ahead if the payer has it and the hold's expiry moves as the period says. A
     * period names the hold the previous period's result gave. Results are in the order of the periods.
     */
    @Transactional
    public List<HoldPeriod.Result> countPeriods(List<HoldPeriod> periods) {
        return countPeriods(periods, List.of());
    }

    /**
     * {@link #countPeriods(List)} in a transaction that goes on to settle these holds: {@code payees}, the user
     * accounts the settlement will pay, are locked now, with the payers and in the ledger's order, not after them.
     */
    @Transactional
    public List<HoldPeriod.Result> countPeriods(List<HoldPeriod> periods, Collection<UUID> payees) {
        if (periods.isEmpty()) {
            return List.of();
        }
        Set<UUID> holdIds = new HashSet<>();
        for (HoldPeriod period : periods) {
            requireKey(period.key() + ":hold");
            if (!holdIds.add(period.holdId())) {
                throw new IllegalArgumentException("One period per hold in a batch, hold " + period.holdId());
            }
        }
        List<Hold> locked = holds.lockAll(holdIds);
        Set<UUID> accountIds = accountsOf(locked, payees);
        HoldCharging charging = new HoldCharging(now(), locked, accounts.lockUserAccounts(accountIds), List.of());
        List<HoldPeriod.Result> results = new ArrayList<>(periods.size());
        for (HoldPeriod period : periods) {
            results.add(charging.count(period));
        }
        write(charging, accountIds);
        return results;
    }

    /** What {@link #settleHold} did: periods taken off unpaid, and periods paid. */
    public record Settlement(int dropped, int paid) {
    }

    /**
     * Pays the periods an open hold has counted, of {@code periodPrice} each, and closes it, giving back what it still
     * reserves: the coins of all the periods paid are divided once by {@code split}, one transfer per part keyed
     * {@code key:part}. The last {@code periodsToDrop} periods counted, at most all of them, are taken off first and
     * never paid: a call's end learnt after minutes that started later were counted. A hold already closed has been
     * settled, or counted nothing: it changes nothing and answers no period dropped or paid.
     */
    @Transactional
    public Settlement settleHold(String key, UUID holdId, int periodsToDrop, long periodPrice,
            HoldCharge.Split split) {
        split.payees().forEach(payee -> requireKey(key + ":" + payee.part()));
        requirePositive(periodPrice);
        if (periodsToDrop < 0) {
            throw new IllegalArgumentException("Periods to drop cannot be negative");
        }
        List<Hold> locked = holds.lockAll(Set.of(holdId));
        Set<UUID> accountIds = accountsOf(locked, split.payees().stream().map(HoldCharge.Payee::to).toList());
        HoldCharging charging = new HoldCharging(now(), locked, accounts.lockUserAccounts(accountIds), List.of());
        Settlement settled = charging.settle(key, holdId, periodsToDrop, periodPrice, split);
        write(charging, accountIds);
        return settled;
    }

    /**
     * Gives back what an open hold still reserves. Releasing a hold that is already closed changes nothing; a hold
     * with periods counted is settled instead ({@link #settleHold}), else 409 HOLD_ACCRUED.
     */
    @Transactional
    public Hold releaseHold(UUID holdId) {
        Hold hold = holds.lock(holdId).orElseThrow(() -> ApiException.notFound("Hold"));
        if (hold.accrued() > 0) {
            throw ApiException.conflict("HOLD_ACCRUED", "The hold has periods counted; settle it");
        }
        if (hold.status() == Hold.Status.OPEN) {
            close(hold, Hold.Status.RELEASED, now());
        }
        return holds.find(holdId).orElseThrow();
    }

    @Transactional
    public Optional<Hold> hold(UUID holdId) {
        return holds.find(holdId);
    }

    /** Expires up to {@code batchSize} open holds past their expiry; returns how many. */
    @Transactional
    int expireDueHolds(int batchSize) {
        Instant now = now();
        List<Hold> due = holds.lockExpired(now, batchSize);
        due.stream()
                .sorted(Comparator.comparing(Hold::accountId, AccountRepository.LOCK_ORDER))
                .forEach(hold -> close(hold, Hold.Status.EXPIRED, now));
        return due.size();
    }

    /** The accounts of these holds and of these recipients, to be locked (system accounts among them are not). */
    private static Set<UUID> accountsOf(List<Hold> holds, Collection<UUID> recipients) {
        Set<UUID> ids = new HashSet<>();
        holds.forEach(hold -> ids.add(hold.accountId()));
        ids.addAll(recipients);
        return ids;
    }

    /**
     * Writes what {@link HoldCharging} worked out, with one set-based statement per table. Locks as everywhere in the
     * ledger: the holds and user accounts were locked before, system accounts are changed at the commit.
     */
    private void write(HoldCharging charging, Set<UUID> accountIds) {
        // New holds first: transfers refer to them.
        holds.insertAll(charging.createdHolds());
        transfers.insertAll(charging.transfers());
        holds.updateCharged(charging.changedHolds());
        Map<Boolean, List<HoldCharging.AccountChange>> bySystem = charging.accountChanges().stream()
                .collect(Collectors.partitioningBy(change -> SystemAccounts.isSystemAccount(change.accountId())));
        accounts.applyChanges(bySystem.get(false));
        systemBalances.addAll(bySystem.get(true));
        balanceEvents.changed(accountIds);
    }

    private void close(Hold hold, Hold.Status status, Instant now) {
        if (!accounts.unreserve(hold.accountId(), hold.reserved())) {
            throw heldLessThan(hold);
        }
        holds.close(hold.id(), status, now);
        balanceEvents.changed(hold.accountId());
    }

    private Transfer newTransfer(String key, TransferKind kind, UUID from, UUID to, long amount, String reference) {
        requireKey(key);
        requirePositive(amount);
        if (from.equals(to)) {
            throw new IllegalArgumentException("A transfer needs two different accounts");
        }
        return new Transfer(TimeOrderedIds.next(), key, kind, from, to, amount, reference, null, now());
    }

    /** The transfer that claimed this one's key: returned to a retry, refused to a different request. */
    private Transfer earlierWithSameRequest(Transfer transfer) {
        Transfer earlier = transfers.findByKey(transfer.idempotencyKey()).orElseThrow();
        if (!earlier.isSameRequestAs(transfer)) {
            throw keyReused();
        }
        return earlier;
    }

    private Instant now() {
        return micros(clock.instant());
    }

    /** PostgreSQL keeps microseconds (rounded); returning more would make a retry's answer differ from the first. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireValidHold(String idempotencyKey, long amount, Instant expiresAt, Instant now) {
        requirePositive(amount);
        requireKey(idempotencyKey);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("A hold must expire in the future");
        }
    }

    private static void requirePositive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("Amounts are positive, got " + amount);
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("An idempotency key is 1 to 200 characters");
        }
    }

    private static ApiException insufficientBalance() {
        return new ApiException(402, "INSUFFICIENT_BALANCE", "Not enough coins");
    }

    static ApiException keyReused() {
        return ApiException.conflict("IDEMPOTENCY_KEY_REUSED",
                "This idempotency key was already used for a different request");
    }

    static ApiException holdNotOpen() {
        return ApiException.conflict("HOLD_NOT_OPEN", "The hold is no longer open");
    }

    private static IllegalStateException heldLessThan(Hold hold) {
        return new IllegalStateException("Account " + hold.accountId() + " holds less than hold " + hold.id());
    }
}
