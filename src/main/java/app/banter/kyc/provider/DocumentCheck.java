package app.banter.kyc.provider;

import java.time.LocalDate;
import java.util.UUID;

import app.banter.kyc.DocumentType;

/**
 * What a provider is asked to verify. Holds the full number: never log it (toString masks it).
 *
 * @param submissionId ours, sent where the provider takes a caller's reference
 */
public record DocumentCheck(UUID submissionId, DocumentType type, String number, String name, LocalDate dateOfBirth) {

    @Override
    public String toString() {
        return "DocumentCheck[" + submissionId + ", " + type + "]";
    }
}
