package app.banter.referral;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A referee who registered with a referrer's code, and what their first coin purchase earned. */
@Entity
@Table(name = "referrals")
public class Referral {

    public enum Status {
        /** Waiting for the referee's first coin purchase. */
        PENDING,
        /** Both were rewarded. */
        COMPLETED,
        /** The first purchase settled but an abuse rule refused the rewards (see the reason). */
        REJECTED,
        /** The rewarding purchase was refunded: the referee's unspent reward was taken back. */
        CLAWED_BACK
    }

    public enum RejectionReason {
        /** The referrer or the referee is restricted or banned. */
        USER_RESTRICTED,
        /** The referrer's account was deleted. */
        REFERRER_INACTIVE,
        MONTHLY_LIMIT_REACHED,
        /** The referee had registered no device when the purchase settled. */
        NO_REGISTERED_DEVICE,
        DEVICE_ALREADY_REWARDED,
        PHONE_ALREADY_REWARDED,
        /** One of the referee's devices is one the referrer has used (a second SIM on the referrer's phone). */
        SAME_DEVICE_AS_REFERRER
    }

    @Id
    public UUID id;

    public UUID referrerId;

    public UUID refereeId;

    public String code;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Enumerated(EnumType.STRING)
    public RejectionReason rejectionReason;

    public String refereePhoneHash;

    public UUID purchaseId;

    public long referrerReward;

    public long refereeReward;

    public long clawedBack;

    public Instant createdAt;

    public Instant rewardedAt;

    public Instant updatedAt;
}
