package app.banter.payout.razorpayx;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * RazorpayX's JSON shapes, with only the fields we use; unknown fields are ignored (RazorpayX adds them over time).
 * Taken from RazorpayX's API reference (razorpay.com/docs/api/x/): contacts/create ("Create a Contact"),
 * fund-accounts/create/vpa and /bank-account, payouts/create/vpa and /bank-account, payout-idempotency/make-request
 * (the X-Payout-Idempotency header, 4-36 characters), payouts/fetch-all (account_number required, reference_id of up
 * to 40 characters as a filter), payouts/entity (statuses) and the payout webhook payloads
 * (razorpay.com/docs/webhooks/payloads/x/).
 */
public final class RazorpayXModel {

    private RazorpayXModel() {
    }

    /** POST /v1/contacts. The same details again return the existing contact. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateContact(String name, String type, @JsonProperty("reference_id") String referenceId,
            Map<String, String> notes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(String id) {
    }

    /** POST /v1/fund_accounts, account_type vpa or bank_account. The same details again return the existing one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateFundAccount(@JsonProperty("contact_id") String contactId,
            @JsonProperty("account_type") String accountType, Vpa vpa,
            @JsonProperty("bank_account") BankAccount bankAccount) {

        public static CreateFundAccount vpa(String contactId, String address) {
            return new CreateFundAccount(contactId, "vpa", new Vpa(address), null);
        }

        public static CreateFundAccount bankAccount(String contactId, String name, String ifsc, String number) {
            return new CreateFundAccount(contactId, "bank_account", null, new BankAccount(name, ifsc, number));
        }
    }

    public record Vpa(String address) {
    }

    public record BankAccount(String name, String ifsc, @JsonProperty("account_number") String accountNumber) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FundAccount(String id) {
    }

    /**
     * POST /v1/payouts with X-Payout-Idempotency. {@code accountNumber} is ours (the business account paid from), not
     * the beneficiary's; amount in paise; mode UPI for a VPA, IMPS for a bank account.
     */
    public record CreatePayout(@JsonProperty("account_number") String accountNumber,
            @JsonProperty("fund_account_id") String fundAccountId, long amount, String currency, String mode,
            String purpose, @JsonProperty("queue_if_low_balance") boolean queueIfLowBalance,
            @JsonProperty("reference_id") String referenceId, String narration) {
    }

    /** A payout as RazorpayX returns it, fetches it (GET /v1/payouts/{id}) and sends it in webhooks. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payout(String id, long amount, String currency, String status,
            @JsonProperty("reference_id") String referenceId,
            @JsonProperty("status_details") StatusDetails statusDetails,
            @JsonProperty("failure_reason") String failureReason) {

        /** Why it failed or was reversed, as RazorpayX words it, when it says. */
        public String reason() {
            if (statusDetails != null && statusDetails.description() != null) {
                return statusDetails.description();
            }
            return failureReason;
        }
    }

    /** GET /v1/payouts (Fetch All Payouts): one page of the payouts asked for. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payouts(long count, List<Payout> items) {

        public Payouts {
            items = items == null ? List.of() : items;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatusDetails(String description, String source, String reason) {
    }
}
