package app.banter.kyc;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the KYC endpoints. */
public final class KycViews {

    private KycViews() {
    }

    public record SubmitKycRequest(@NotNull DocumentType documentType,
            @Schema(description = "As printed; spaces and hyphens are ignored") @NotBlank @Size(max = 32) String number,
            @Schema(description = "The holder's name as printed on the document") @NotBlank @Size(max = 100) String nameOnDocument,
            @NotNull LocalDate dateOfBirth,
            @Schema(nullable = true, description = "A completed KYC_DOCUMENT upload of yours: the document's photo or "
                    + "scan, which only moderators see") UUID documentImageId) {

        @Override
        public String toString() {
            return "SubmitKycRequest[" + documentType + "]";
        }
    }

    /** The caller's KYC: never more of the number than its last four characters. */
    public record KycView(KycStatus status, @Schema(nullable = true) String reason,
            @Schema(nullable = true) DocumentType documentType,
            @Schema(nullable = true, description = "X for every character but the last four, e.g. XXXXXX234F") String maskedNumber) {

        static final KycView NONE = new KycView(KycStatus.NONE, null, null, null);

        static KycView of(KycSubmission s) {
            return new KycView(s.status, s.reason, s.documentType, DocumentRules.masked(s.documentType, s.numberLast4));
        }
    }
}
