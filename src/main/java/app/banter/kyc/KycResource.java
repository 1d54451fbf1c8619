package app.banter.kyc;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import app.banter.kyc.KycViews.KycView;
import app.banter.kyc.KycViews.SubmitKycRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

/** The caller's own KYC: there is no way to name another user's. */
@Path("/api/v1/kyc")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "KYC", description = "Identity verification, required to withdraw earnings")
@SecurityRequirement(name = "bearer")
public class KycResource {

    private final KycService kyc;
    private final CurrentUser me;

    KycResource(KycService kyc, CurrentUser me) {
        this.kyc = kyc;
        this.me = me;
    }

    @GET
    @Operation(summary = "Your KYC status, its reason, the document type and the masked number")
    @APIResponse(responseCode = "200", description = "NONE, PENDING, VERIFIED or REJECTED")
    @ProblemCodes({})
    public KycView status() {
        return kyc.view(me.id());
    }

    @POST
    @Operation(summary = "Submit an identity document for verification: PAN, or a driving licence where the configured "
            + "provider names its holder (422 DOCUMENT_TYPE_NOT_SUPPORTED otherwise; Aadhaar by number alone names no "
            + "holder). The name and date of birth must be your profile's, and the provider's name on record for the "
            + "document too; a rejected user may submit again within the daily limit")
    @APIResponse(responseCode = "200", description = "Submitted: PENDING, or already VERIFIED or REJECTED by the provider")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED, INVALID_DOCUMENT_NUMBER, INVALID_PAN_FORMAT, "
            + "INVALID_PAN_HOLDER_TYPE, INVALID_AADHAAR_FORMAT, INVALID_AADHAAR_FIRST_DIGIT, "
            + "INVALID_AADHAAR_CHECK_DIGIT, INVALID_DRIVING_LICENCE_FORMAT, INVALID_DRIVING_LICENCE_STATE, "
            + "INVALID_DRIVING_LICENCE_RTO, INVALID_DRIVING_LICENCE_YEAR; MEDIA_WRONG_PURPOSE, MEDIA_NOT_READY or "
            + "MEDIA_ALREADY_USED (documentImageId)")
    @APIResponse(responseCode = "404", description = "No such upload of yours (documentImageId)")
    @APIResponse(responseCode = "409", description = "KYC_ALREADY_VERIFIED, KYC_PENDING, or DOCUMENT_ALREADY_VERIFIED "
            + "(on another account)")
    @APIResponse(responseCode = "422", description = "NAME_MISMATCH or DATE_OF_BIRTH_MISMATCH with your profile, or DOCUMENT_TYPE_NOT_SUPPORTED by the provider")
    @APIResponse(responseCode = "429", description = "KYC_SUBMISSION_LIMIT, with Retry-After")
    @APIResponse(responseCode = "502", description = "KYC_PROVIDER_UNAVAILABLE: nothing was submitted")
    @ProblemCodes({"400 INVALID_DOCUMENT_NUMBER", "400 INVALID_PAN_FORMAT", "400 INVALID_PAN_HOLDER_TYPE",
            "400 INVALID_AADHAAR_FORMAT", "400 INVALID_AADHAAR_FIRST_DIGIT", "400 INVALID_AADHAAR_CHECK_DIGIT",
            "400 INVALID_DRIVING_LICENCE_FORMAT", "400 INVALID_DRIVING_LICENCE_STATE",
            "400 INVALID_DRIVING_LICENCE_RTO", "400 INVALID_DRIVING_LICENCE_YEAR", "400 MEDIA_WRONG_PURPOSE",
            "400 MEDIA_NOT_READY", "400 MEDIA_ALREADY_USED", "404 NOT_FOUND", "409 KYC_ALREADY_VERIFIED",
            "409 KYC_PENDING", "409 DOCUMENT_ALREADY_VERIFIED", "422 NAME_MISMATCH", "422 DATE_OF_BIRTH_MISMATCH",
            "422 DOCUMENT_TYPE_NOT_SUPPORTED", "429 KYC_SUBMISSION_LIMIT", "502 KYC_PROVIDER_UNAVAILABLE"})
    public KycView submit(@NotNull @Valid SubmitKycRequest request) {
        return kyc.submit(me.id(), request);
    }
}
