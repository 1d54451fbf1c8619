package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.wallet.Account;
import app.banter.wallet.Accounts;
import app.banter.wallet.Hold;
import app.banter.wallet.HoldCharge;
import app.banter.wallet.HoldPeriod;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;

/**
 * The money side of a call. The caller's coins for the current minute are always reserved by a hold; each started
 * minute is counted on it exactly once (the minute's number), and the coins stay reserved on the caller's account.
 * When the call ends, its hold is settled: the minutes counted are paid in one transfer to the callee's earnings
 * (their share of all those minutes, rounded down once) and one to platform revenue, and the rest of the hold goes
 * back. Many calls are billed together, each of the ledger's few statements covering all of them. Runs inside the
 * caller's transaction.
 */
@ApplicationScoped
public class CallBilling {

    // Long enough that a reconciler outage does not let the hold lapse under a running call.
    private static final Duration HOLD_MARGIN = Duration.ofMinutes(3);
    // How far a hold's expiry moves when it comes within HOLD_MARGIN: every few minutes rather than every minute.
    private static final Duration HOLD_EXTENSION = Duration.ofMinutes(10);

    private final Ledger ledger;
    private final Accounts accounts;
    private final CallMetrics metrics;
    private final SponsoredMinutes sponsored;

    CallBilling(Ledger ledger, Accounts accounts, CallMetrics metrics, SponsoredMinutes sponsored) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.metrics = metrics;
        this.sponsored = sponsored;
    }

    /**
     * Whether the caller's spendable coins cover a first minute at this rate now. A read without a lock, to refuse
     * early: only {@link #reserveFirstMinute} holds the coins.
     */
    boolean canAffordFirstMinute(UUID callerId, long ratePerMinute) {
        return accounts.find(accounts.coins(callerId)).map(Account::available).orElse(0L) >= ratePerMinute;
    }

    /** Reserves the first minute; 402 INSUFFICIENT_BALANCE when the caller cannot afford it. */
    void reserveFirstMinute(Call call, Instant ringUntil) {
        Ledger.HoldRequest first = firstMinute(call, accounts.coins(call.callerId), ringUntil);
        call.holdId = ledger.placeHold(first.idempotencyKey(), first.account(), first.amount(), first.reference(),
                first.expiresAt()).id();
    }

    /**
     * {@link #reserveFirstMinute} for many calls in one ledger batch: sets each call's hold and returns the calls whose
     * caller could not afford the first minute (they have no hold).
     */
    Set<UUID> reserveFirstMinutes(List<Call> calls, Instant ringUntil) {
        Map<UUID, UUID> coins = accounts.coins(calls.stream().map(call -> call.callerId).toList());
        // A caller without a wallet (not a state a live user is in) cannot pay either.
        List<Call> payable = calls.stream().filter(call -> coins.containsKey(call.callerId)).toList();
        List<Optional<Hold>> holds = ledger.placeHolds(payable.stream()
                .map(call -> firstMinute(call, coins.get(call.callerId), ringUntil)).toList());
        for (int i = 0; i < payable.size(); i++) {
            Call call = payable.get(i);
            holds.get(i).ifPresent(hold -> call.holdId = hold.id());
        }
        return calls.stream().filter(call -> call.holdId == null).map(call -> call.id).collect(Collectors.toSet());
    }

    /** The hold of a call's first minute, kept a margin past the ring. */
    private static Ledger.HoldRequest firstMinute(Call call, UUID coins, Instant ringUntil) {
        return new Ledger.HoldRequest("call:" + call.id + ":hold:1", coins, call.ratePerMinute, "call:" + call.id,
                ringUntil.plus(HOLD_MARGIN));
    }

    /**
     * Charges every minute of the call that started by {@code until}. Returns false when the caller could not pay
     * one: the call must end there. The call may end in the same transaction, so the callee's earnings, which its
     * settlement pays, are locked here with the caller's coins, in the ledger's order.
     */
    boolean chargeStartedMinutes(Call call, Instant until, Instant now) {
        return charge(List.of(call), until, now, List.of(accounts.earnings(call.calleeId))).isEmpty();
    }

    /**
     * Charges, for each call, every minute that started by {@code until}, minute by minute across all of them.
     * Returns the ids of the calls whose caller could not pay a minute: they must end there, each in a transaction of
     * its own, since this one has locked the callers' accounts but not the callees' earnings their settlement pays.
     */
    Set<UUID> chargeStartedMinutes(List<Call> calls, Instant until, Instant now) {
        return charge(calls, until, now, List.of());
    }

    private Set<UUID> charge(List<Call> calls, Instant until, Instant now, List<UUID> payees) {
        List<Call> due = calls.stream().filter(call -> call.hasMinuteDue(until)).toList();
        Set<UUID> unpaid = new HashSet<>();
        if (due.isEmpty()) {
            return unpaid;
        }
        int minutesBilled = 0;
        Set<UUID> sponsoredCalls = sponsored.sponsoredAmong(due.stream().map(call -> call.id).toList());
        while (!due.isEmpty()) {
            List<HoldPeriod.Result> results = ledger.countPeriods(due.stream().map(call -> nextMinute(call, now))
                    .toList(), payees);
            List<Call> stillDue = new ArrayList<>();
            for (int i = 0; i < due.size(); i++) {
                Call call = due.get(i);
                HoldPeriod.Result result = results.get(i);
                call.holdId = result.holdId();
                if (!result.paid()) {
                    unpaid.add(call.id);
                    continue;
                }
                call.billedMinutes++;
                call.coinsCharged += call.ratePerMinute;
                minutesBilled++;
                if (sponsoredCalls.contains(call.id)) {
                    payBackIfSponsored(call, call.billedMinutes);
                }
                if (call.hasMinuteDue(until)) {
                    stillDue.add(call);
                }
            }
            due = stillDue;
        }
        metrics.minutesBilled(minutesBilled);
        return unpaid;
    }

    /**
     * A sponsored minute's price goes back to the caller from promotions, at once after the charge and before the next
     * minute is reserved, so that a caller with coins for one minute talks through all the free ones. After the
     * charge in the ledger's lock order too: promotions, a system account, is locked after the caller's coins.
     */
    private void payBackIfSponsored(Call call, int minute) {
        if (sponsored.claim(call.id, minute, call.callerId, call.minuteStart(minute))) {
            ledger.transfer(freeMinuteKey(call, minute), SystemAccounts.PROMOTIONS, accounts.coins(call.callerId),
                    call.ratePerMinute, TransferKind.MATCHED_FREE_MINUTE, "call:" + call.id);
        }
    }

    private static String freeMinuteKey(Call call, int minute) {
        return "call:" + call.id + ":minute:" + minute + ":free";
    }

    /**
     * Settles the call's money at its end: the minutes that started after {@code endedAt} are not paid, the others are
     * paid from the hold, and what it still reserves goes back. An end is often learnt late (a LiveKit webhook delayed
     * by seconds) and the reconciler may have counted a minute meanwhile; the caller pays only for the minutes started
     * by the end. The hold is settled first, as the ledger's lock order wants (its hold, then the caller's coins and
     * the callee's earnings), and the ledger transfers follow.
     */
    void settle(Call call, Instant endedAt) {
        int notStarted = 0;
        while (notStarted < call.billedMinutes && call.minuteStart(call.billedMinutes - notStarted).isAfter(endedAt)) {
            notStarted++;
        }
        int dropped = 0;
        if (call.holdId != null) {
            UUID calleeEarnings = accounts.earnings(call.calleeId);
            dropped = ledger.settleHold("call:" + call.id + ":settle", call.holdId, notStarted, call.ratePerMinute,
                    earningsSplit(call, calleeEarnings)).dropped();
        }
        List<Integer> sponsoredRefunds = new ArrayList<>();
        for (int i = 0; i < notStarted; i++) {
            if (sponsored.unclaim(call.id, call.billedMinutes)) {
                sponsoredRefunds.add(call.billedMinutes);
            }
            if (i >= dropped) {
                refundTransferredMinute(call);
            }
            call.billedMinutes--;
            call.coinsCharged -= call.ratePerMinute;
        }
        // The caller had been paid back for a sponsored minute; its refund goes on to promotions, which paid it.
        UUID callerCoins = accounts.coins(call.callerId);
        for (int minute : sponsoredRefunds) {
            ledger.transfer(freeMinuteKey(call, minute) + ":reversal", callerCoins, SystemAccounts.PROMOTIONS,
                    call.ratePerMinute, TransferKind.MATCHED_FREE_MINUTE_REVERSAL, "call:" + call.id);
        }
    }

    /**
     * Gives the call's last billed minute back by transfers, for a minute paid in transfers of its own: billed before
     * minutes were counted on the hold, by a pod of the version before, in the minutes a deploy overlaps. Each share
     * goes back from the account it went to, under a key naming the call, the minute and the share; a callee share the
     * earnings no longer hold (withdrawn since) comes from platform revenue, as the caller must not lose coins for a
     * minute that never happened and earnings never go below zero. The settlement before locked the caller's coins
     * and the callee's earnings, so what the earnings hold is read under that lock (a payout may be placing a hold on
     * them at this moment).
     */
    private void refundTransferredMinute(Call call) {
        UUID callerCoins = accounts.coins(call.callerId);
        UUID calleeEarnings = accounts.earnings(call.calleeId);
        for (HoldCharge.Share share : minuteShares(call, calleeEarnings)) {
            boolean covered = !share.to().equals(calleeEarnings)
                    || accounts.find(calleeEarnings).orElseThrow().available() >= share.amount();
            ledger.transfer("call:" + call.id + ":refund:" + call.billedMinutes + ":" + share.part(),
                    covered ? share.to() : SystemAccounts.PLATFORM_REVENUE, callerCoins, share.amount(),
                    TransferKind.CALL_REFUND, "call:" + call.id);
        }
    }

    private static HoldPeriod nextMinute(Call call, Instant now) {
        return new HoldPeriod("call:" + call.id + ":minute:" + (call.billedMinutes + 1), call.holdId,
                call.billedMinutes + 1, call.ratePerMinute, now.plus(HOLD_MARGIN), now.plus(HOLD_EXTENSION));
    }

    /**
     * The coins a settlement pays, split between the callee's earnings (their share, rounded down once on all the
     * minutes paid) and platform revenue (the rest).
     */
    private static HoldCharge.Split earningsSplit(Call call, UUID calleeEarnings) {
        return new HoldCharge.Split(new HoldCharge.Payee("callee", calleeEarnings, TransferKind.CALL_EARNING),
                call.calleeSharePercent,
                new HoldCharge.Payee("platform", SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE));
    }

    /**
     * One minute's price split as the version before paid it, in transfers of its own with the callee's share rounded
     * down per minute: what {@link #refundTransferredMinute} gives back.
     */
    private static List<HoldCharge.Share> minuteShares(Call call, UUID calleeEarnings) {
        long calleeShare = call.ratePerMinute * call.calleeSharePercent / 100;
        List<HoldCharge.Share> shares = new ArrayList<>(2);
        if (calleeShare > 0) {
            shares.add(new HoldCharge.Share("callee", calleeEarnings, calleeShare, TransferKind.CALL_EARNING));
        }
        if (call.ratePerMinute > calleeShare) {
            shares.add(new HoldCharge.Share("platform", SystemAccounts.PLATFORM_REVENUE,
                    call.ratePerMinute - calleeShare, TransferKind.CALL_CHARGE));
        }
        return shares;
    }
}
