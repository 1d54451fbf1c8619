package app.banter.gift;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.user.UserSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What clients read of gifts. */
public final class GiftViews {

    private GiftViews() {
    }

    /**
     * One gift as the sender, the receiver and the room see it. {@code coins} is what the sender paid,
     * {@code receiverCoins} what the receiver earned of it.
     */
    @RegisterForReflection
    public record GiftView(UUID id, String giftId, String name, @Schema(nullable = true) String iconKey,
            int quantity, long coins, long receiverCoins, UserSummary sender, UserSummary receiver,
            @Schema(nullable = true) UUID roomId, @Schema(nullable = true) UUID callId, Instant createdAt) {
    }

    /** A room's giver and what they gave there, in coins and in gifts sent. */
    @RegisterForReflection
    public record TopGifterView(UserSummary user, long coins, long gifts) {
    }

    /** {@link TopGifterView} before the user's summary is looked up. */
    public record Gifter(UUID userId, long coins, long gifts) {
    }
}
