package app.banter.kyc;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.media.MediaAttachments;
import app.banter.media.SignedUrl;
import app.banter.platform.error.ApiException;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;

/**
 * Staff only: the document image a user sent with their KYC, through a read URL that lapses in minutes; every look is
 * in the operator audit log with the reason the moderator gave, as every operator action names its reason.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/moderation/kyc")
@RolesAllowed({ "moderator", "admin" })
@Tag(name = "Moderation", description = "Reports review, restrictions and bans (moderators and admins)")
@SecurityRequirement(name = "bearer")
public class KycReviewResource {

    private final KycSubmissions submissions;
    private final MediaAttachments media;
    private final CurrentUser me;

    KycReviewResource(KycSubmissions submissions, MediaAttachments media, CurrentUser me) {
        this.submissions = submissions;
        this.media = media;
        this.me = me;
    }

    @GET
    @Path("/{userId}/document-image")
    @Operation(summary = "A short-lived read URL of the document image of the user's newest submission with one")
    @APIResponse(responseCode = "200", description = "The URL and when it stops working")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: no reason given")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not a moderator or admin")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no submission of that user has an image")
    @ProblemCodes({"404 NOT_FOUND"})
    public SignedUrl documentImage(@RestPath UUID userId,
            @RestQuery @NotBlank @Size(max = 300) @Parameter(required = true,
                    description = "Why the document is looked at (a report, a payout under review); kept in the "
                            + "operator audit log") String reason) {
        return media.readUrlForModerator(submissions.documentImageFor(me.id(), userId, reason.strip())
                .orElseThrow(() -> ApiException.notFound("Document image")));
    }
}
