package app.banter.referral;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

import app.banter.platform.paging.Page;
import app.banter.user.UserSummary;

/**
 * The caller's code, what to share, the coins referrals earned them (as referrer, and as referee less what a refund
 * took back) and one page of the people they referred.
 */
@RegisterForReflection
public record ReferralsView(String code, String shareLink, String shareText, long rewardsEarned,
        Page<ReferralView> referrals) {

    /** A person the caller referred, shown by their public summary only; reward: what the caller earned by it. */
    @RegisterForReflection
    public record ReferralView(UUID id, UserSummary referee, ReferralOutcome status, long reward, Instant createdAt,
            @Schema(nullable = true) Instant rewardedAt) {
    }

    /**
     * A referral as its referrer sees it: whether it paid them, not why it did not. The reasons (a restriction, a refund,
     * a phone or device rewarded before) are mostly about the referee, whose standing and purchases are theirs and the
     * moderators' to know; they stay stored with the referral.
     */
    public enum ReferralOutcome {
        /** Waiting for the referee's first coin purchase. */
        PENDING,
        /** The referral paid the referrer, who keeps the reward whatever the referee's purchase comes to later. */
        REWARDED,
        NOT_REWARDED;

        static ReferralOutcome of(Referral.Status status) {
            return switch (status) {
                case PENDING -> PENDING;
                case COMPLETED, CLAWED_BACK -> REWARDED;
                case REJECTED -> NOT_REWARDED;
            };
        }
    }
}
