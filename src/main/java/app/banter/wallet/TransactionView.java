package app.banter.wallet;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One line of the signed-in user's history. {@code account} says which of their accounts it touched,
 * {@code direction} whether coins came in or went out; the counterparty is described, never identified.
 */
public record TransactionView(UUID id, TransferKind kind, String description, Direction direction, long amount,
        AccountType account, String counterparty, @Schema(nullable = true) String reference, Instant createdAt) {

    public enum Direction {
        IN,
        OUT
    }
}
