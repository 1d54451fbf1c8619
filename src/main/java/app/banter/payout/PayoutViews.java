package app.banter.payout;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the payout endpoints. */
public final class PayoutViews {

    /** NPCI's VPA: a name of letters, digits, dots, hyphens and underscores, '@', the handle of a PSP. */
    static final String VPA = "^[A-Za-z0-9][A-Za-z0-9._-]{1,99}@[A-Za-z][A-Za-z0-9]{1,63}$";
    /** RBI's IFSC: four letters of the bank, a zero, six letters or digits of the branch. */
    static final String IFSC = "^[A-Z]{4}0[A-Z0-9]{6}$";
    /** Indian bank account numbers: 9 to 18 digits. */
    static final String ACCOUNT_NUMBER = "^[0-9]{9,18}$";
    /** What RazorpayX takes as a bank account holder's name. */
    static final String HOLDER_NAME = "^[A-Za-z][A-Za-z .'-]{2,119}$";

    private PayoutViews() {
    }

    /** Far above any withdrawal limit, and small enough that coins times the rate stays inside a long. */
    static final long MAX_COINS = 1_000_000_000L;

    public record PayoutRequest(@NotNull @Positive @Max(MAX_COINS) Long coins, @NotNull @Valid MethodRequest method) {

        @Override
        public String toString() {
            return "PayoutRequest[" + coins + " coins, " + method + "]";
        }
    }

    /** UPI: {vpa}. BANK: {accountNumber, ifsc, holderName}. The other type's fields must be absent. */
    public record MethodRequest(@NotNull Payout.Method type,
            @Size(max = 100) @Pattern(regexp = VPA, message = "must be a UPI id such as name@bank") String vpa,
            @Pattern(regexp = ACCOUNT_NUMBER, message = "must be 9 to 18 digits") String accountNumber,
            @Pattern(regexp = IFSC, message = "must be an IFSC such as HDFC0000053") String ifsc,
            @Pattern(regexp = HOLDER_NAME, message = "must be the account holder's name as the bank has it, "
                    + "3 to 120 letters, spaces, dots, hyphens or apostrophes") String holderName) {

        /** Never the destination itself: a request logged by mistake shows no VPA or account number. */
        @Override
        public String toString() {
            return "MethodRequest[" + type + "]";
        }
    }

    public record PayoutView(UUID id, Payout.Status status, long coins, long amountPaise, String currency,
            MethodView method, @Schema(nullable = true) String failureReason, Instant createdAt,
            Instant updatedAt) {

        static PayoutView of(Payout p) {
            return new PayoutView(p.id, p.status, p.coins, p.amountPaise, p.currency,
                    new MethodView(p.method, p.destinationMasked, p.method == Payout.Method.BANK ? p.ifsc : null),
                    p.failureReason, p.createdAt, p.updatedAt);
        }
    }

    /** Where the money goes, masked: only the last 4 characters of the account number or the VPA's name show. */
    public record MethodView(Payout.Method type, String destination, @Schema(nullable = true) String ifsc) {
    }
}
