package app.banter.wallet;

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

        Share times(int periods) {
            return new Share(part, to, amount * periods, kind);
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
