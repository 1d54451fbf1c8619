package app.banter.payment;

import java.util.UUID;

/**
 * Fired inside the transaction that applies a Razorpay refund to a paid purchase, once per refund id, after the
 * refunded coins were taken back. {@code fullyRefunded}: the refunds of the purchase now add up to its price.
 */
public record PurchaseRefunded(UUID purchaseId, UUID userId, String refundId, long refundPaise,
        boolean fullyRefunded) {
}
