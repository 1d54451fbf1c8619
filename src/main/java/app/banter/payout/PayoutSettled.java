package app.banter.payout;

import java.util.UUID;

/**
 * Fired (CDI, synchronously, in the deciding transaction) when a payout reaches PROCESSED, FAILED or REVERSED, so that
 * its owner can be told.
 */
public record PayoutSettled(UUID userId, UUID payoutId, Payout.Status status, long coins) {
}
