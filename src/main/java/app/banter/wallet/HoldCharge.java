package app.banter.wallet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Coins taken from a hold, in one or more shares. {@code key} names what is paid ("call:{id}:minute:3",
 * "payout:{id}"); each share becomes a transfer keyed {@code key:part} (or just {@code key} for the single share of a
 * capture), so it is paid once.
 *
 * <p>
 * A capture ({@code renewal} null) takes from what its open hold reserves and nothing more. A period of a running
 * service (a call's minute) carries a {@link Renewal}: the hold is kept one period ahead and open at least until
 * {@code keepOpenUntil}; when it would expire sooner, its expiry moves to {@code extendTo}. Moving it only now and
 * then, rather than with every period, lets PostgreSQL rewrite the hold row in place (its expiry is indexed).
 */
public record HoldCharge(String key, UUID holdId, List<Share> shares, Renewal renewal) {

    /** Where part of the price goes; {@code part} names its transfer, null only for a single share. */
    public record Share(String part, UUID to, long amount, TransferKind kind) {
    }

    /** How the hold of a running service is kept going. */
    public record Renewal(Instant keepOpenUntil, Instant extendTo) {
        public Renewal {
            if (extendTo.isBefore(keepOpenUntil)) {
                throw new IllegalArgumentException("A hold is extended at least as far as it must stay open");
            }
        }
    }

    /** Whether the charge is paid, and the hold that reserves what follows (a new one when the old had closed). */
    public record Result(boolean paid, UUID holdId) {
    }

    public HoldCharge {
        shares = List.copyOf(shares);
        if (shares.isEmpty() || shares.stream().anyMatch(share -> share.amount() <= 0)) {
            throw new IllegalArgumentException("A charge needs shares of positive amounts");
        }
        if (shares.size() > 1 && shares.stream().anyMatch(share -> share.part() == null)) {
            throw new IllegalArgumentException("Each of several shares names its part");
        }
    }

    /** One period of a running service, paid in shares from the hold that reserves it. */
    public HoldCharge(String key, UUID holdId, List<Share> shares, Instant keepOpenUntil, Instant extendTo) {
        this(key, holdId, shares, new Renewal(keepOpenUntil, extendTo));
    }

    /** Takes {@code amount} of what the hold reserves to {@code to}, in one transfer keyed {@code key}. */
    static HoldCharge capture(String key, UUID holdId, long amount, UUID to, TransferKind kind) {
        return new HoldCharge(key, holdId, List.of(new Share(null, to, amount, kind)), null);
    }

    long price() {
        return shares.stream().mapToLong(Share::amount).sum();
    }

    String transferKey(Share share) {
        return share.part() == null ? key : key + ":" + share.part();
    }
}
