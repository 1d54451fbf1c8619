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
    public record ReferralView(UUID id, UserSummary referee, Referral.Status status,
            @Schema(nullable = true) Referral.RejectionReason rejectionReason, long reward, Instant createdAt,
            @Schema(nullable = true) Instant rewardedAt) {
    }
}
