package app.banter.kyc.provider;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.kyc.KycConfig;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookVerifier;

/**
 * A Signzy callback: Signzy posts the finished snoop to the identity object's callbackUrl ({itemId, id, task,
 * response: {result: {verified, message}}}). Signzy documents no signature on it, so the per-provider token of
 * {@link CallbackToken} authenticates it. The event id is the snoop id with its outcome; Signzy sends no event time,
 * so the arrival is used (order does not matter: a final decision is never replaced, a late pending changes nothing).
 */
@ApplicationScoped
public class SignzyWebhookVerifier implements WebhookVerifier<ProviderDecision> {

    private final KycConfig config;
    private final ObjectMapper json;

    SignzyWebhookVerifier(KycConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public VerifiedWebhook<ProviderDecision> verify(byte[] body, HttpHeaders headers) {
        CallbackToken.check(SignzyKycProvider.NAME, config.signzy().webhookToken(), headers);
        JsonNode event = KycCallbacks.parse(json, SignzyKycProvider.NAME, body);
        String itemId = event.path("itemId").asText("");
        String snoopId = event.path("id").asText("");
        if (itemId.isEmpty() || itemId.length() > 100 || snoopId.isEmpty() || snoopId.length() > 80) {
            throw VerifiedWebhook.invalid(SignzyKycProvider.NAME, "no itemId or snoop id");
        }
        ProviderDecision decision = SignzyKycProvider.decide(itemId, event.path("response").path("result"));
        String outcome = decision.status().name().toLowerCase(java.util.Locale.ROOT);
        return new VerifiedWebhook<>(SignzyKycProvider.NAME, snoopId + ":" + outcome, "verification." + outcome,
                decision.decidedAt(), decision);
    }
}
