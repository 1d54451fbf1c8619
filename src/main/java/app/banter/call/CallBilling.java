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

import app.banter.wallet.Accounts;
import app.banter.wallet.Hold;
import app.banter.wallet.HoldCharge;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;

/**
 * The money side of a call. The caller's coins for the current minute are always reserved by a hold; each started
 * minute is captured from it exactly once (the ledger key names the call and the minute), split between the
 * callee's earnings and platform revenue. Many calls are billed together, each of the ledger's few statements
 * covering all of them. Runs inside the caller's transaction.
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
     * one: the call must end there.
     */
    boolean chargeStartedMinutes(Call call, Instant until, Instant now) {
        return chargeStartedMinutes(List.of(call), until, now).isEmpty();
    }

    /**
     * Charges, for each call, every minute that started by {@code until}, minute by minute across all of them.
     * Returns the ids of the calls whose caller could not pay a minute: they must end there.
     */
    Set<UUID> chargeStartedMinutes(List<Call> calls, Instant until, Instant now) {
        List<Call> due = calls.stream().filter(call -> call.hasMinuteDue(until)).toList();
        Set<UUID> unpaid = new HashSet<>();
        if (due.isEmpty()) {
            return unpaid;
        }
        Map<UUID, UUID> earnings = accounts.earnings(due.stream().map(call -> call.calleeId).toList());
        int minutesBilled = 0;
        Set<UUID> sponsoredCalls = sponsored.sponsoredAmong(due.stream().map(call -> call.id).toList());
        while (!due.isEmpty()) {
            List<HoldCharge.Result> results = ledger.chargeHolds(
                    due.stream().map(call -> nextMinute(call, earnings.get(call.calleeId), now)).toList());
            List<Call> stillDue = new ArrayList<>();
            for (int i = 0; i < due.size(); i++) {
                Call call = due.get(i);
                HoldCharge.Result result = results.get(i);
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

    /** Gives back whatever the hold still reserves. */
    void release(Call call) {
        if (call.holdId != null) {
            ledger.releaseHold(call.holdId);
        }
    }

    /**
     * Gives back the billed minutes that started after {@code endedAt}. An end is often learnt late (a LiveKit
     * webhook delayed by seconds) and the reconciler may have charged a minute meanwhile; the caller pays only for
     * the minutes started by the end. Each share goes back from the account it went to, under a key naming the call,
     * the minute and the share, so a minute is given back once. Ledger transfers only: the caller's hold operations
     * come first (see {@link Ledger}).
     *
     * <p>
     * Locks as the ledger orders them: the callee's earnings are read only once they are locked, since a payout may
     * be placing a hold on them at this moment (read unlocked, a refund the earnings seemed to cover could fail the
     * whole end with 402). The lock comes from charging the last billed minute again, which the ledger answers as paid
     * without moving anything after locking the call's hold, then the caller's coins and the callee's earnings in
     * {@code LOCK_ORDER}. Then every refund from a user account is made before any from platform revenue, so that no
     * user account is locked after a system account.
     */
    void giveBackMinutesStartedAfter(Call call, Instant endedAt) {
        if (call.billedMinutes == 0 || !call.minuteStart(call.billedMinutes).isAfter(endedAt)) {
            return;
        }
        UUID callerCoins = accounts.coins(call.callerId);
        UUID calleeEarnings = accounts.earnings(call.calleeId);
        Instant now = Instant.now();
        ledger.chargeHolds(List.of(new HoldCharge("call:" + call.id + ":minute:" + call.billedMinutes, call.holdId,
                minuteShares(call, calleeEarnings), now, now)));
        long earningsLeft = accounts.find(calleeEarnings).orElseThrow().available();
        List<Refund> fromUsers = new ArrayList<>();
        List<Refund> fromPlatform = new ArrayList<>();
        List<Integer> sponsoredRefunds = new ArrayList<>();
        while (call.billedMinutes > 0 && call.minuteStart(call.billedMinutes).isAfter(endedAt)) {
            if (sponsored.unclaim(call.id, call.billedMinutes)) {
                sponsoredRefunds.add(call.billedMinutes);
            }
            for (HoldCharge.Share share : minuteShares(call, calleeEarnings)) {
                Refund refund = new Refund("call:" + call.id + ":refund:" + call.billedMinutes + ":" + share.part(),
                        share.to(), share.amount());
                if (share.to().equals(calleeEarnings) && earningsLeft >= share.amount()) {
                    earningsLeft -= share.amount();
                    fromUsers.add(refund);
                } else {
                    // Platform revenue's own share, or a callee share the earnings no longer hold (withdrawn in the
                    // seconds since): the platform refunds it, as the caller must not lose coins for a minute that
                    // never happened and earnings never go below zero.
                    fromPlatform.add(new Refund(refund.key(), SystemAccounts.PLATFORM_REVENUE, refund.amount()));
                }
            }
            call.billedMinutes--;
            call.coinsCharged -= call.ratePerMinute;
        }
        for (List<Refund> refunds : List.of(fromUsers, fromPlatform)) {
            for (Refund refund : refunds) {
                ledger.transfer(refund.key(), refund.from(), callerCoins, refund.amount(), TransferKind.CALL_REFUND,
                        "call:" + call.id);
            }
        }
        // The caller had been paid back for a sponsored minute; its refund goes on to promotions, which paid it.
        for (int minute : sponsoredRefunds) {
            ledger.transfer(freeMinuteKey(call, minute) + ":reversal", callerCoins, SystemAccounts.PROMOTIONS,
                    call.ratePerMinute, TransferKind.MATCHED_FREE_MINUTE_REVERSAL, "call:" + call.id);
        }
    }

    /** One share of a minute given back to the caller from {@code from}. */
    private record Refund(String key, UUID from, long amount) {
    }

    private static HoldCharge nextMinute(Call call, UUID calleeEarnings, Instant now) {
        return new HoldCharge("call:" + call.id + ":minute:" + (call.billedMinutes + 1), call.holdId,
                minuteShares(call, calleeEarnings), now.plus(HOLD_MARGIN), now.plus(HOLD_EXTENSION));
    }

    /** A minute's price split between the callee's earnings and platform revenue. */
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
