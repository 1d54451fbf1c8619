package app.banter.kyc;

import java.util.UUID;

/**
 * Fired (CDI, synchronously, in the deciding transaction) when a submission becomes VERIFIED or REJECTED, so that
 * the user can be told.
 */
public record KycDecided(UUID userId, UUID submissionId, KycStatus status, String reason) {
}
