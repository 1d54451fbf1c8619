package app.banter.gift;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
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
import org.jboss.resteasy.reactive.RestHeader;

import app.banter.gift.GiftViews.GiftView;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Path("/api/v1/gifts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Gifts", description = "Gifts bought with coins for speakers in rooms and for the other party of a call")
@SecurityRequirement(name = "bearer")
public class GiftResource {

    /** As for coin orders: letters, digits and -_.: up to 100 characters; a UUID per gift tapped is typical. */
    static final String IDEMPOTENCY_KEY = "^[A-Za-z0-9_.:-]{1,100}$";

    private final GiftService gifts;
    private final GiftCatalogue catalogue;
    private final CurrentUser me;

    GiftResource(GiftService gifts, GiftCatalogue catalogue, CurrentUser me) {
        this.gifts = gifts;
        this.catalogue = catalogue;
        this.me = me;
    }

    @GET
    @Operation(summary = "The gifts on offer, with their prices in coins")
    @ProblemCodes({})
    public List<CatalogueGift> catalogue() {
        return catalogue.active();
    }

    @POST
    @Path("/sent")
    @Operation(summary = "Give a gift to a speaker or host of the room you are in (roomId), or to the other party of "
            + "your answered call (callId). The coins go from your coins to the receiver's earnings (their share) and "
            + "to Banter (the rest), once: a retry with the same Idempotency-Key returns the first gift")
    @APIResponse(responseCode = "200", description = "Given (or given before under this Idempotency-Key)")
    @APIResponse(responseCode = "400", description = "SELF_GIFT, ROOM_OR_CALL_REQUIRED, UNKNOWN_GIFT, or invalid input")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_BALANCE: nothing was moved")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM or ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "404", description = "No such user (or one who blocked you, or a banned user)")
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_KEY_REUSED for another gift; USER_BLOCKED (unblock "
            + "them first); RECEIVER_NOT_IN_ROOM, RECEIVER_NOT_ON_STAGE, NOT_IN_CALL or RECEIVER_NOT_IN_CALL")
    @ProblemCodes({"400 SELF_GIFT", "400 ROOM_OR_CALL_REQUIRED", "400 UNKNOWN_GIFT", "402 INSUFFICIENT_BALANCE",
            "403 NOT_IN_ROOM", "403 ACCOUNT_RESTRICTED", "404 NOT_FOUND", "409 IDEMPOTENCY_KEY_REUSED",
            "409 USER_BLOCKED", "409 RECEIVER_NOT_IN_ROOM", "409 RECEIVER_NOT_ON_STAGE", "409 NOT_IN_CALL",
            "409 RECEIVER_NOT_IN_CALL"})
    public GiftView send(
            @RestHeader("Idempotency-Key") @NotNull @Pattern(regexp = IDEMPOTENCY_KEY) String idempotencyKey,
            @NotNull @Valid SendGift request) {
        return gifts.send(me.id(), idempotencyKey, request);
    }

    @GET
    @Path("/sent")
    @Operation(summary = "Gifts you gave, newest first (cursor-paginated)")
    @ProblemCodes({})
    public Page<GiftView> sent(@Valid @BeanParam PageRequest page) {
        return gifts.sent(me.id(), page.cursor(), page.limit());
    }

    @GET
    @Path("/received")
    @Operation(summary = "Gifts you received, newest first (cursor-paginated)")
    @ProblemCodes({})
    public Page<GiftView> received(@Valid @BeanParam PageRequest page) {
        return gifts.received(me.id(), page.cursor(), page.limit());
    }
}
