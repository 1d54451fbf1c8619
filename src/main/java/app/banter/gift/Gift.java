package app.banter.gift;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One send of a catalogue gift: who gave how many of what to whom, where, and what it cost. */
@Entity
@Table(name = "gifts")
public class Gift {

    @Id
    public UUID id;

    public UUID senderId;

    public UUID receiverId;

    public String idempotencyKey;

    /** The catalogue entry's id. */
    public String giftId;

    public int quantity;

    public long unitPrice;

    public long coins;

    /** What the receiver earned; the rest of {@link #coins} went to platform revenue. */
    public long receiverCoins;

    public UUID roomId;

    public UUID callId;

    public Instant createdAt;

    /** Whether a retry with the same key asks for this very gift, which it must to get it back. */
    boolean isSameRequestAs(SendGift request) {
        return giftId.equals(request.giftId()) && receiverId.equals(request.receiverId())
                && Objects.equals(roomId, request.roomId()) && Objects.equals(callId, request.callId())
                && quantity == request.quantityOrOne();
    }
}
