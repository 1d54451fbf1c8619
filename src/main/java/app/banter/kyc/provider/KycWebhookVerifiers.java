package app.banter.kyc.provider;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.webhook.WebhookVerifier;

/** The callback verifier of each provider that calls back; the sandbox decides at once and has none. */
@ApplicationScoped
public class KycWebhookVerifiers {

    private final Map<String, WebhookVerifier<ProviderDecision>> byProvider;

    KycWebhookVerifiers(KarzaWebhookVerifier karza, SignzyWebhookVerifier signzy) {
        this.byProvider = Map.of(KarzaKycProvider.NAME, karza, SignzyKycProvider.NAME, signzy);
    }

    public Optional<WebhookVerifier<ProviderDecision>> named(String provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }
}
