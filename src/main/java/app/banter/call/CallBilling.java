package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.wallet.Account;
import app.banter.wallet.Accounts;
import app.banter.wallet.Hold;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;

/**
 * The money side of a call. The caller's coins for the current minute are always reserved by a hold; each started
 * minute is captured from it exactly once (the ledger key names the call and the minute), split between the
 * callee's earnings and platform revenue. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class CallBilling {

    // Long enough that a reconciler outage does not let the hold lapse under a running call.
    private static final Duration HOLD_MARGIN = Duration.ofMinutes(3);

    private final Ledger ledger;
    private final Accounts accounts;

    CallBilling(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    /** Reserves the first minute; 402 INSUFFICIENT_BALANCE when the caller cannot afford it. */
    void reserveFirstMinute(Call call, Instant ringUntil) {
        call.holdId = ledger.placeHold("call:" + call.id + ":hold:1", accounts.coins(call.callerId),
                call.ratePerMinute, "call:" + call.id, ringUntil.plus(HOLD_MARGIN)).id();
    }

    /**
     * Charges every minute that started by {@code until}. Returns false when the caller could not pay one: the call
     * must end there.
     */
    boolean chargeStartedMinutes(Call call, Instant until, Instant now) {
        while (!call.minuteStart(call.billedMinutes + 1).isAfter(until)) {
            if (!chargeMinute(call, call.billedMinutes + 1, now)) {
                return false;
            }
        }
        return true;
    }

    /** Gives back whatever the hold still reserves. */
    void release(Call call) {
        if (call.holdId != null) {
            ledger.releaseHold(call.holdId);
        }
    }

    private boolean chargeMinute(Call call, int minute, Instant now) {
        if (!cover(call, minute, now)) {
            return false;
        }
        // Reserve the next minute before taking this one, so the hold stays open while the caller can pay.
        ledger.extendHold(key(call, minute + 1, "advance"), call.holdId, call.ratePerMinute, now.plus(HOLD_MARGIN));
        long calleeShare = call.ratePerMinute * call.calleeSharePercent / 100;
        if (calleeShare > 0) {
            ledger.captureHold(key(call, minute, "callee"), call.holdId, calleeShare,
                    accounts.earnings(call.calleeId), TransferKind.CALL_EARNING);
        }
        if (call.ratePerMinute > calleeShare) {
            ledger.captureHold(key(call, minute, "platform"), call.holdId, call.ratePerMinute - calleeShare,
                    SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE);
        }
        call.billedMinutes = minute;
        call.coinsCharged += call.ratePerMinute;
        return true;
    }

    /** Makes sure the hold reserves this minute's price: extends it, or places a new one if it closed. */
    private boolean cover(Call call, int minute, Instant now) {
        Hold hold = ledger.hold(call.holdId).orElse(null);
        if (hold != null && hold.isOpenAt(now)) {
            long missing = call.ratePerMinute - hold.remaining();
            return missing <= 0
                    || ledger.extendHold(key(call, minute, "cover"), call.holdId, missing, now.plus(HOLD_MARGIN));
        }
        // The hold was taken in full (the caller could not cover this minute in advance) or it lapsed: a new one,
        // if the caller has topped up since. Checked first, because a refused hold would roll back the whole step.
        UUID coins = accounts.coins(call.callerId);
        long available = accounts.find(coins).map(Account::available).orElse(0L);
        if (available < call.ratePerMinute) {
            return false;
        }
        call.holdId = ledger.placeHold("call:" + call.id + ":hold:" + minute, coins, call.ratePerMinute,
                "call:" + call.id, now.plus(HOLD_MARGIN)).id();
        return true;
    }

    private static String key(Call call, int minute, String part) {
        return "call:" + call.id + ":minute:" + minute + ":" + part;
    }
}
