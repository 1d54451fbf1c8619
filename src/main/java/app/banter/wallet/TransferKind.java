package app.banter.wallet;

/**
 * Why coins moved. Stored by name, so a feature adds its kind here without a migration; the label is what a user
 * sees in their history.
 */
public enum TransferKind {
    SIGNUP_GRANT("Signup bonus"),
    REFERRAL_REWARD("Referral reward"),
    COIN_PURCHASE("Coin purchase"),
    PURCHASE_REFUND("Refund of a coin purchase"),
    CALL_CHARGE("Call"),
    CALL_EARNING("Call earnings"),
    CALL_REFUND("Refund of call minutes"),
    PAYOUT("Withdrawal"),
    REFERRAL_CLAWBACK("Referral reward taken back"),
    PAYOUT_REVERSAL("Withdrawal returned by the bank"),
    GIFT_CHARGE("Gift"),
    GIFT_EARNING("Gift earnings"),
    // Matching (issue 15): a free minute of a matched call, paid back to the caller by promotions, and taken back
    // when that minute is refunded because the call had ended before it.
    MATCHED_FREE_MINUTE("Free minute of a matched call"),
    MATCHED_FREE_MINUTE_REVERSAL("Free minute of a matched call taken back");

    private final String label;

    TransferKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
