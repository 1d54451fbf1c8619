package app.banter.gift;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import app.banter.gift.GiftViews.TopGifterView;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

/** The gift side of a room; the room itself is the rooms feature's. */
@Path("/api/v1/rooms/{roomId}/top-gifters")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Gifts")
@SecurityRequirement(name = "bearer")
public class RoomGiftResource {

    private final GiftService gifts;
    private final CurrentUser me;

    RoomGiftResource(GiftService gifts, CurrentUser me) {
        this.gifts = gifts;
        this.me = me;
    }

    @GET
    @Operation(summary = "The room's biggest givers since it opened, most coins first (banter.gifts.top-gifters of "
            + "them), for members in the room; people blocked either way with you are left out")
    @APIResponse(responseCode = "200", description = "Givers with the coins and number of gifts they gave here")
    @APIResponse(responseCode = "404", description = "No such room, or you are not in it")
    @ProblemCodes({"404 NOT_FOUND"})
    public List<TopGifterView> topGifters(@RestPath UUID roomId) {
        return gifts.topGifters(me.id(), roomId);
    }
}
