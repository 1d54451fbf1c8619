package app.banter.kyc.provider;

import java.time.Instant;

import app.banter.kyc.KycStatus;

/**
 * What a provider said about one document.
 *
 * @param status PENDING, VERIFIED or REJECTED
 * @param reason why it was rejected (or what is pending), in words safe to show the user; null when verified
 * @param reference the provider's id of the request, which its webhook and status calls name
 * @param decidedAt the provider's time of the decision, or when we heard it
 */
public record ProviderDecision(KycStatus status, String reason, String reference, Instant decidedAt) {

    public static ProviderDecision verified(String reference, Instant at) {
        return new ProviderDecision(KycStatus.VERIFIED, null, reference, at);
    }

    public static ProviderDecision rejected(String reason, String reference, Instant at) {
        return new ProviderDecision(KycStatus.REJECTED, reason, reference, at);
    }

    public static ProviderDecision pending(String reference, Instant at) {
        return new ProviderDecision(KycStatus.PENDING, null, reference, at);
    }
}
