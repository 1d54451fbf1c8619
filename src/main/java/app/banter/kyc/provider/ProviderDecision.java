package app.banter.kyc.provider;

import java.time.Instant;

import app.banter.kyc.KycStatus;

/**
 * What a provider said about one document. Holds the holder's name: never log it (toString leaves it out).
 *
 * @param status PENDING, VERIFIED or REJECTED
 * @param reason why it was rejected (or what is pending), in words safe to show the user; null when verified
 * @param reference the provider's id of the request, which its webhook and status calls name
 * @param decidedAt the provider's time of the decision, or when we heard it
 * @param holderName of a VERIFIED decision: the name the provider has on record for the document, or null when its
 *        answer named no one (then the answer only says that the document exists, not whose it is)
 */
public record ProviderDecision(KycStatus status, String reason, String reference, Instant decidedAt,
        String holderName) {

    public static ProviderDecision verified(String reference, String holderName, Instant at) {
        return new ProviderDecision(KycStatus.VERIFIED, null, reference, at, holderName);
    }

    public static ProviderDecision rejected(String reason, String reference, Instant at) {
        return new ProviderDecision(KycStatus.REJECTED, reason, reference, at, null);
    }

    public static ProviderDecision pending(String reference, Instant at) {
        return new ProviderDecision(KycStatus.PENDING, null, reference, at, null);
    }

    @Override
    public String toString() {
        return "ProviderDecision[" + status + ", " + reference + "]";
    }
}
