package app.banter.wallet;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Coins taken from a hold, in one or more shares. {@code key} names what is paid ("payout:{id}:capture",
 * "call:{id}:settle"); each share becomes a transfer keyed {@code key:part} (or just {@code key} for the single share
 * of a capture), so it is paid once.
 */
public record HoldCharge(String key, UUID holdId, List<Share> shares) {

    /** Where part of the price goes; {@code part} names its transfer, null only for a single share. */
    public record Share(String part, UUID to, long amount, TransferKind kind) {
    }

    /** Who receives one part of a {@link Split}; {@code part} names its transfer. */
    public record Payee(String part, UUID to, TransferKind kind) {
    }

    /**
     * How a settlement divides the coins it pays: {@code percent} of them, rounded down once on the whole, to
     * {@code share}, and the rest to {@code rest}. Rounded once rather than per period, so that a share of an odd
     * price loses at most one coin in all (60 % of 8-coin minutes is 4.8 coins each: 10 of them pay 48, not 40).
     */
    public record Split(Payee share, int percent, Payee rest) {

        public Split {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("A percentage between 0 and 100, not " + percent);
            }
            if (share.part() == null || rest.part() == null || share.part().equals(rest.part())) {
                throw new IllegalArgumentException("Each part of a split names its own transfer");
            }
        }

        /** The shares of {@code coins}; a part that comes to nothing has none. */
        List<Share> of(long coins) {
            long shared = Math.multiplyExact(coins, (long) percent) / 100;
            List<Share> shares = new ArrayList<>(2);
            if (shared > 0) {
                shares.add(new Share(share.part(), share.to(), shared, share.kind()));
            }
            if (coins > shared) {
                shares.add(new Share(rest.part(), rest.to(), coins - shared, rest.kind()));
            }
            return shares;
        }

        List<Payee> payees() {
            return List.of(share, rest);
        }
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

    /** Takes {@code amount} of what the hold reserves to {@code to}, in one transfer keyed {@code key}. */
    static HoldCharge capture(String key, UUID holdId, long amount, UUID to, TransferKind kind) {
        return new HoldCharge(key, holdId, List.of(new Share(null, to, amount, kind)));
    }

    long price() {
        return shares.stream().mapToLong(Share::amount).sum();
    }

    String transferKey(Share share) {
        return share.part() == null ? key : key + ":" + share.part();
    }
}
