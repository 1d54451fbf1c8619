package app.banter.realtime;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.Separator;

import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/presence")
@Authenticated
@Tag(name = "Presence", description = "Who of your friends is online, busy or offline")
@SecurityRequirement(name = "bearer")
public class PresenceResource {

    private final PresenceQueries presence;
    private final CurrentUser me;

    PresenceResource(PresenceQueries presence, CurrentUser me) {
        this.presence = presence;
        this.me = me;
    }

    @GET
    @Operation(summary = "Presence of up to 100 users (userIds=a,b,c), in one call; only friends (and yourself) are answered, "
            + "others are left out")
    @ProblemCodes({})
    public List<PresenceView> presence(@RestQuery @Separator(",") @NotEmpty @Size(max = 100) List<@NotNull UUID> userIds) {
        return presence.visibleTo(me.id(), Set.copyOf(userIds));
    }
}
