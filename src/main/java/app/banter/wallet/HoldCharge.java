package app.banter.wallet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One period of a running service (a call's minute) paid from the hold that reserves it. {@code key} names the
 * period ("call:{id}:minute:3"); each share becomes a transfer keyed {@code key:part}, so a period is paid once.
 * The hold is kept one period ahead and open at least until {@code keepOpenUntil}; when it would expire sooner, its
 * expiry moves to {@code extendTo}. Moving it only now and then, rather than with every period, lets PostgreSQL
 * rewrite the hold row in place (its expiry is indexed).
 */
public record HoldCharge(String key, UUID holdId, List<Share> shares, Instant keepOpenUntil, Instant extendTo) {

    /** Where part of the price goes. */
    public record Share(String part, UUID to, long amount, TransferKind kind) {
    }

    /** Whether the period is paid, and the hold that reserves the next one (a new one when the old had closed). */
    public record Result(boolean paid, UUID holdId) {
    }

    public HoldCharge {
        shares = List.copyOf(shares);
        if (shares.isEmpty() || shares.stream().anyMatch(share -> share.amount() <= 0)) {
            throw new IllegalArgumentException("A charge needs shares of positive amounts");
        }
        if (extendTo.isBefore(keepOpenUntil)) {
            throw new IllegalArgumentException("A hold is extended at least as far as it must stay open");
        }
    }

    long price() {
        return shares.stream().mapToLong(Share::amount).sum();
    }

    String transferKey(Share share) {
        return key + ":" + share.part();
    }
}
