package app.banter.social;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/me/privacy")
@Authenticated
@Tag(name = "Profile")
@SecurityRequirement(name = "bearer")
public class PrivacyResource {

    private final PrivacySettings settings;
    private final CurrentUser me;

    PrivacyResource(PrivacySettings settings, CurrentUser me) {
        this.settings = settings;
        this.me = me;
    }

    @GET
    @Operation(summary = "Who may send you direct messages, whether you appear in the \"online now\" list, and who "
            + "may ring your phone through the phone network")
    @ProblemCodes({})
    public PrivacySettings.View get() {
        return settings.get(me.id());
    }

    @PUT
    @Operation(summary = "Open direct messages to everyone, or keep them to friends (the default); appear in the "
            + "\"online now\" list of Discover people, or not (the default); take phone-network calls from EVERYONE, "
            + "FRIENDS (the default) or NOBODY. Absent settings stay as they are")
    @ProblemCodes({})
    public PrivacySettings.View update(@NotNull @Valid PrivacySettings.Change request) {
        return settings.update(me.id(), request);
    }
}
