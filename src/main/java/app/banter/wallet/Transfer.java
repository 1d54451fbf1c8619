package app.banter.wallet;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One recorded movement of {@code amount} coins; {@code holdId} is set when it captured a hold. */
public record Transfer(UUID id, String idempotencyKey, TransferKind kind, UUID fromAccount, UUID toAccount,
        long amount, String reference, UUID holdId, Instant createdAt) {

    /** Whether {@code other} asks for the same movement, which a retry with the same key must. */
    boolean isSameRequestAs(Transfer other) {
        return kind == other.kind && fromAccount.equals(other.fromAccount) && toAccount.equals(other.toAccount)
                && amount == other.amount && Objects.equals(reference, other.reference)
                && Objects.equals(holdId, other.holdId);
    }
}
