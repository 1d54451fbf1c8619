package app.banter.kyc;

/** Where a user stands with KYC: withdrawals need VERIFIED. */
public enum KycStatus {
    /** Never submitted a document. */
    NONE,
    /** A document is with the provider. */
    PENDING,
    VERIFIED,
    /** The last document was refused; the user may submit another (within the daily limit). */
    REJECTED
}
