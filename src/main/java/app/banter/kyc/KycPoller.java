package app.banter.kyc;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.kyc.provider.KycProvider;
import app.banter.kyc.provider.KycProviders;
import app.banter.kyc.provider.ProviderDecision;
import app.banter.kyc.provider.ProviderUnavailable;
import io.quarkus.scheduler.Scheduled;

/**
 * Asks providers about submissions still pending past the timeout, for callbacks that never came, and rejects those
 * still undecided after the maximum age. Runs on every pod: submissions are claimed with a lease under FOR UPDATE SKIP
 * LOCKED, so no two pods ask about the same one, and the provider is asked outside any transaction.
 */
@ApplicationScoped
public class KycPoller {

    private static final Logger LOG = Logger.getLogger(KycPoller.class);
    /** Far longer than a provider call may take (its timeout), so no submission in flight is dropped. */
    private static final Duration UNANSWERED_GRACE = Duration.ofMinutes(5);

    private final KycSubmissions submissions;
    private final KycProviders providers;
    private final KycConfig config;

    KycPoller(KycSubmissions submissions, KycProviders providers, KycConfig config) {
        this.submissions = submissions;
        this.providers = providers;
        this.config = config;
    }

    @Scheduled(every = "{banter.kyc.poller.interval}", delayed = "{banter.kyc.poller.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        pollDue();
    }

    /** Polls every due submission once; returns how many were asked about. */
    public int pollDue() {
        Instant now = Instant.now();
        int dropped = submissions.dropUnanswered(now.minus(config.poller().pendingTimeout()).minus(UNANSWERED_GRACE));
        if (dropped > 0) {
            LOG.warnf("Dropped %d KYC submissions that never got their provider's answer", dropped);
        }
        int closed = submissions.closeUndecided(now.minus(config.poller().maxPendingAge()),
                config.poller().batchSize());
        if (closed > 0) {
            LOG.warnf("Rejected %d KYC submissions their provider left undecided for %s", closed,
                    config.poller().maxPendingAge());
        }
        var due = submissions.claimPending(now, now.minus(config.poller().pendingTimeout()),
                now.plus(config.poller().retryEvery()), config.poller().batchSize());
        for (KycSubmissions.Due submission : due) {
            poll(submission);
        }
        return due.size();
    }

    private void poll(KycSubmissions.Due submission) {
        KycProvider provider = providers.named(submission.provider()).orElse(null);
        if (provider == null) {
            LOG.warnf("KYC submission %s names unknown provider %s", submission.id(), submission.provider());
            return;
        }
        try {
            ProviderDecision decision = provider.status(submission.reference());
            submissions.applyPolled(submission.id(), decision);
        } catch (ProviderUnavailable e) {
            LOG.warnf("KYC poll of submission %s at %s failed: %s", submission.id(), provider.name(), e.getMessage());
        }
    }

}
