package app.banter.payout;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One withdrawal of earnings: the hold on the user's EARNINGS account that reserves its coins, and the RazorpayX
 * contact, fund account and payout that pay it out.
 */
@Entity
@Table(name = "payouts")
public class Payout {

    public enum Status {
        /** Ours and its hold exist; RazorpayX has not accepted the payout yet (a request or the reconciler will). */
        PENDING,
        /** At RazorpayX, not final: queued, pending approval or processing. */
        PROCESSING,
        /** Paid out: the hold was captured to payout clearing. */
        PROCESSED,
        /** Failed, rejected or cancelled at RazorpayX, or refused by it: the hold was released. */
        FAILED,
        /** Returned by the bank after (or instead of) processing: the coins are back in the earnings. */
        REVERSED;

        public boolean isFinal() {
            return this == PROCESSED || this == FAILED || this == REVERSED;
        }
    }

    public enum Method {
        UPI,
        BANK
    }

    @Id
    public UUID id;

    public UUID userId;

    public String idempotencyKey;

    public long coins;

    public long amountPaise;

    public String currency;

    @Enumerated(EnumType.STRING)
    public Method method;

    public String destinationMasked;

    public String vpa;

    public String accountNumber;

    public String ifsc;

    public String holderName;

    @Enumerated(EnumType.STRING)
    public Status status;

    public UUID holdId;

    public String razorpayContactId;

    public String razorpayFundAccountId;

    public String razorpayPayoutId;

    /** When the payout was first asked of RazorpayX; from then on, a refusal may be of a repeat of a payout it made. */
    public Instant createAttemptedAt;

    /** Our business account the payout was asked from, sent the same on every repeat. */
    public String sourceAccountNumber;

    public String providerStatus;

    public Instant providerStatusAt;

    public String failureReason;

    public Instant reconcileAfter;

    /**
     * When a PROCESSED payout is next asked about at RazorpayX, in case a reversal's webhook never reached us; null
     * when it is not (any other state, or its window is over).
     */
    public Instant reversalCheckAt;

    /** The end of a processed payout's window for reversal checks. */
    public Instant reversalChecksUntil;

    public Instant createdAt;

    public Instant updatedAt;

    /**
     * Forgets the destination in clear once RazorpayX keeps it as a fund account or the payout is final, whichever
     * comes first; the masked form stays.
     */
    void forgetDestination() {
        vpa = null;
        accountNumber = null;
        holderName = null;
        if (method == Method.UPI) {
            ifsc = null;
        }
    }
}
