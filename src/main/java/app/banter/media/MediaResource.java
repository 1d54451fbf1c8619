package app.banter.media;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import app.banter.media.MediaViews.MediaView;
import app.banter.media.MediaViews.UploadRequest;
import app.banter.media.MediaViews.UploadTicket;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Path("/api/v1/media")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Media", description = "Uploads straight to Blob Storage: avatars, chat images, voice notes, room covers, "
        + "KYC documents")
@SecurityRequirement(name = "bearer")
public class MediaResource {

    private final MediaService media;
    private final CurrentUser me;

    MediaResource(MediaService media, CurrentUser me) {
        this.media = media;
        this.me = me;
    }

    @POST
    @Path("/uploads")
    @Operation(summary = "Start an upload: a write-only URL for one new blob, valid for a few minutes; PUT the file "
            + "there with the required headers, then complete it")
    @APIResponse(responseCode = "201", description = "Upload URL issued", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadTicket.class)))
    @APIResponse(responseCode = "400", description = "MEDIA_TYPE_NOT_ALLOWED, MEDIA_TOO_LARGE or VALIDATION_FAILED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @APIResponse(responseCode = "502", description = "MEDIA_STORAGE_UNAVAILABLE")
    @ProblemCodes({"400 MEDIA_TYPE_NOT_ALLOWED", "400 MEDIA_TOO_LARGE", "429 RATE_LIMITED",
            "502 MEDIA_STORAGE_UNAVAILABLE"})
    public Response issueUpload(@NotNull @Valid UploadRequest request) {
        return Response.status(Response.Status.CREATED).entity(media.issueUpload(me.id(), request)).build();
    }

    @POST
    @Path("/{mediaId}/complete")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Finish an upload: checks that the blob exists and is the declared size, content type and "
            + "format; only then can the media id be used. A blob that fails is deleted")
    @APIResponse(responseCode = "200", description = "READY: the media id can be used (once)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MediaView.class)))
    @APIResponse(responseCode = "400", description = "MEDIA_SIZE_MISMATCH, MEDIA_TYPE_MISMATCH or "
            + "MEDIA_CONTENT_MISMATCH: the blob was deleted and the upload is REJECTED")
    @APIResponse(responseCode = "404", description = "No such upload, or not yours")
    @APIResponse(responseCode = "409", description = "MEDIA_NOT_UPLOADED (nothing uploaded yet) or MEDIA_REJECTED")
    @APIResponse(responseCode = "502", description = "MEDIA_STORAGE_UNAVAILABLE")
    @ProblemCodes({"400 MEDIA_SIZE_MISMATCH", "400 MEDIA_TYPE_MISMATCH", "400 MEDIA_CONTENT_MISMATCH",
            "404 NOT_FOUND", "409 MEDIA_NOT_UPLOADED", "409 MEDIA_REJECTED", "502 MEDIA_STORAGE_UNAVAILABLE"})
    public MediaView complete(@RestPath UUID mediaId) {
        return media.complete(me.id(), mediaId);
    }
}
