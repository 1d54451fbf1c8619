package app.banter.user;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Consumes;
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

import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/me")
@Authenticated
@Tag(name = "Profile", description = "The signed-in user's own account")
@SecurityRequirement(name = "bearer")
public class MeResource {

    private final UserService users;
    private final DeviceService devices;
    private final CurrentUser me;

    MeResource(UserService users, DeviceService devices, CurrentUser me) {
        this.users = users;
        this.devices = devices;
        this.me = me;
    }

    @GET
    @Operation(summary = "Own profile, including the private fields (phone, date of birth)")
    @ProblemCodes({})
    public ProfileView profile() {
        return users.profile(me.id());
    }

    @PATCH
    @Operation(summary = "Change some profile fields; absent fields stay, unknown or protected fields are refused")
    @APIResponse(responseCode = "200", description = "The changed profile")
    @APIResponse(responseCode = "400", description = "MEDIA_WRONG_PURPOSE, MEDIA_NOT_READY, MEDIA_ALREADY_USED "
            + "(avatarMediaId) or VALIDATION_FAILED")
    @APIResponse(responseCode = "404", description = "No such upload of yours (avatarMediaId)")
    @APIResponse(responseCode = "409", description = "USERNAME_TAKEN")
    @ProblemCodes({"400 MEDIA_WRONG_PURPOSE", "400 MEDIA_NOT_READY", "400 MEDIA_ALREADY_USED", "404 NOT_FOUND",
            "409 USERNAME_TAKEN"})
    public ProfileView update(@NotNull @Valid UpdateProfileRequest request) {
        return users.update(me.id(), request);
    }

    @DELETE
    @Operation(summary = "Delete the account: personal data is erased, every session ends, money records stay")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "LAST_ADMIN: the only admin cannot delete their account")
    @ProblemCodes({"409 LAST_ADMIN"})
    public Response delete() {
        users.delete(me.id());
        return Response.noContent().build();
    }

    @GET
    @Path("/devices")
    @Operation(summary = "Devices registered for push notifications")
    @ProblemCodes({})
    public List<DeviceView> devices() {
        return devices.list(me.id());
    }

    @POST
    @Path("/devices")
    @Operation(summary = "Register this device's FCM token for push notifications")
    @APIResponse(responseCode = "201", description = "Registered (or refreshed) device", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeviceView.class)))
    @ProblemCodes({})
    public Response registerDevice(@NotNull @Valid RegisterDeviceRequest request) {
        DeviceView device = devices.register(me.id(), me.sessionId(), request);
        return Response.status(Response.Status.CREATED).entity(device).build();
    }

    @DELETE
    @Path("/devices/{deviceId}")
    @Operation(summary = "Stop push notifications to one of your devices")
    @APIResponse(responseCode = "204", description = "Removed")
    @ProblemCodes({})
    public Response removeDevice(@RestPath UUID deviceId) {
        devices.remove(me.id(), deviceId);
        return Response.noContent().build();
    }
}
