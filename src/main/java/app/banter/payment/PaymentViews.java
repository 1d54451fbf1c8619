package app.banter.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the payment endpoints. */
public final class PaymentViews {

    private PaymentViews() {
    }

    public record CreateOrderRequest(@NotBlank @Size(max = 40) String packageId) {
    }

    /** What the app hands to Razorpay Checkout. */
    public record OrderView(UUID purchaseId, String orderId, long amount, String currency, String keyId,
            String packageId, long coins, Purchase.Status status) {
    }

    public record VerifyRequest(
            @NotBlank @Pattern(regexp = "^order_[A-Za-z0-9]{1,30}$", message = "must be a Razorpay order id") String orderId,
            @NotBlank @Pattern(regexp = "^pay_[A-Za-z0-9]{1,30}$", message = "must be a Razorpay payment id") String paymentId,
            @NotBlank @Pattern(regexp = "^[0-9a-fA-F]{64}$", message = "must be a hex HMAC-SHA256") String signature) {
    }

    public record PurchaseView(UUID id, String packageId, long coins, long amount, String currency,
            Purchase.Status status, @Schema(nullable = true) String orderId, Instant createdAt,
            @Schema(nullable = true) Instant paidAt) {

        static PurchaseView of(Purchase p) {
            return new PurchaseView(p.id, p.packageId, p.coins, p.amountPaise, p.currency, p.status,
                    p.razorpayOrderId, p.createdAt, p.paidAt);
        }
    }
}
