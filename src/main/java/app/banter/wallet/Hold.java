package app.banter.wallet;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Coins reserved on an account. {@code placed} is what placeHold asked for, {@code amount} everything reserved so
 * far (placed plus extensions), {@code captured} what has been taken; while OPEN the difference stays reserved.
 * {@code accrued} is the part of that difference owed for periods counted but not yet settled (a running call's
 * minutes), {@code periods} the number of the last period counted. {@code expiresAt} is null for a hold that never
 * lapses (a payout's).
 */
public record Hold(UUID id, String idempotencyKey, UUID accountId, long placed, long amount, long captured,
        long accrued, int periods, Status status, String reference, Instant expiresAt, Instant createdAt,
        Instant closedAt) {

    public enum Status {
        /** Still reserving {@code amount - captured}. */
        OPEN,
        /** Taken in full. */
        CAPTURED,
        /** Given back by the caller; what was captured before stays captured. */
        RELEASED,
        /** Given back by the expiry job because nobody captured or released it in time. */
        EXPIRED
    }

    /** Coins this hold still reserves, counted periods included. */
    public long reserved() {
        return status == Status.OPEN ? amount - captured : 0;
    }

    /** Coins this hold reserves beyond the periods counted: what a capture or the next period may take. */
    public long remaining() {
        return status == Status.OPEN ? amount - captured - accrued : 0;
    }

    /** Whether {@code other} asks for the same hold, which a retry with the same key must (expiry aside). */
    boolean isSameRequestAs(Hold other) {
        return accountId.equals(other.accountId) && placed == other.placed
                && Objects.equals(reference, other.reference);
    }
}
