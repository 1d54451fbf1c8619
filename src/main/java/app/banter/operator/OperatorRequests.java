package app.banter.operator;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the operator endpoints. Every action names its reason, which goes into the audit log. */
public final class OperatorRequests {

    private OperatorRequests() {
    }

    public record RoleChange(
            @NotBlank @Pattern(regexp = "^(admin|moderator)$", message = "must be admin or moderator") @Schema(enumeration = {
                    "admin", "moderator" }) String role,
            @NotBlank @Size(max = 300) String reason) {
    }

    public enum PurchaseDecision {
        /** Credit the ordered coins after all. */
        CREDIT,
        /** Refund the whole payment at Razorpay; no coins. */
        REFUND
    }

    public record ResolvePurchase(@NotNull PurchaseDecision action, @NotBlank @Size(max = 300) String reason) {
    }

    public record Dismiss(@NotBlank @Size(max = 300) String reason) {
    }
}
