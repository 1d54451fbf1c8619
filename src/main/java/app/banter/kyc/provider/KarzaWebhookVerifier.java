package app.banter.kyc.provider;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.kyc.KycConfig;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookVerifier;

/**
 * A Karza callback: the body has the shape of Karza's verification answer (request id, status code, result). Karza
 * documents no signature, so the per-provider token of {@link CallbackToken} authenticates it. The event id is the
 * request id with the status code, so a redelivery is a duplicate and a changed answer is a new event (which the
 * submission then judges: a final decision is never replaced). Karza sends no event time; the arrival is used.
 */
@ApplicationScoped
public class KarzaWebhookVerifier implements WebhookVerifier<ProviderDecision> {

    private final KycConfig config;
    private final ObjectMapper json;

    KarzaWebhookVerifier(KycConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public VerifiedWebhook<ProviderDecision> verify(byte[] body, HttpHeaders headers) {
        CallbackToken.check(KarzaKycProvider.NAME, config.karza().webhookToken(), headers);
        JsonNode event = KycCallbacks.parse(json, KarzaKycProvider.NAME, body);
        ProviderDecision decision;
        int code;
        try {
            code = KarzaKycProvider.statusCode(event);
            decision = switch (code) {
                case 101, 102, 103 -> KarzaKycProvider.decide(event);
                default -> ProviderDecision.pending(KarzaKycProvider.requestId(event), Instant.now());
            };
        } catch (ProviderUnavailable | NumberFormatException e) {
            throw VerifiedWebhook.invalid(KarzaKycProvider.NAME, "no request id or status code");
        }
        return new VerifiedWebhook<>(KarzaKycProvider.NAME, decision.reference() + ":" + code,
                "verification." + decision.status().name().toLowerCase(java.util.Locale.ROOT), decision.decidedAt(),
                decision);
    }

}
