package app.banter.gift;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A gift for a speaker or host of a room the sender is in ({@code roomId}), or for the other party of a call. */
public record SendGift(
        @NotNull @Pattern(regexp = CatalogueGift.ID) @Schema(description = "A gift of GET /gifts") String giftId,
        @NotNull UUID receiverId,
        @Schema(description = "The room both are in; exactly one of roomId and callId") UUID roomId,
        @Schema(description = "The answered call between the two; exactly one of roomId and callId") UUID callId,
        @Min(1) @Max(99) @Schema(description = "How many of the gift, 1 when absent") Integer quantity) {

    int quantityOrOne() {
        return quantity == null ? 1 : quantity;
    }
}
