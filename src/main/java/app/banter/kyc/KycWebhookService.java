package app.banter.kyc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.kyc.provider.ProviderDecision;
import app.banter.platform.error.ApiException;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;

/** The effect of one verified provider callback, inside the inbox's transaction. */
@ApplicationScoped
public class KycWebhookService {

    private final KycSubmissionRepository repository;
    private final KycSubmissions submissions;

    KycWebhookService(KycSubmissionRepository repository, KycSubmissions submissions) {
        this.repository = repository;
        this.submissions = submissions;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookOutcome apply(VerifiedWebhook<ProviderDecision> webhook) {
        ProviderDecision decision = webhook.payload();
        KycSubmission submission = repository.lockByReference(webhook.provider(), decision.reference())
                .orElseThrow(() -> ApiException.notFound("KYC submission"));
        return submissions.apply(submission, decision) ? WebhookOutcome.PROCESSED : WebhookOutcome.IGNORED;
    }
}
