package app.banter.kyc;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * What other features may ask about a user's KYC (payouts: only VERIFIED users withdraw). A verified user cannot
 * submit again, so the newest submission is the user's status.
 */
@ApplicationScoped
public class KycStatuses {

    private final KycSubmissionRepository submissions;

    KycStatuses(KycSubmissionRepository submissions) {
        this.submissions = submissions;
    }

    @Transactional
    public boolean isVerified(UUID userId) {
        return submissions.isVerified(userId);
    }

    @Transactional
    public KycStatus statusOf(UUID userId) {
        if (submissions.isVerified(userId)) {
            return KycStatus.VERIFIED;
        }
        return submissions.latestOf(userId).map(s -> s.status).orElse(KycStatus.NONE);
    }
}
