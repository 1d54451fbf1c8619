package app.banter.livekit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import com.google.protobuf.InvalidProtocolBufferException;

import io.livekit.server.WebhookReceiver;
import livekit.LivekitWebhook.WebhookEvent;

import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookVerifier;

/**
 * LiveKit signs a webhook with a JWT in Authorization (bare, though "Bearer " is accepted): HS256 with our API
 * secret, its sha256 claim the base64 SHA-256 of the body. The SDK checks both, then parses the event.
 */
@ApplicationScoped
public class LiveKitWebhookVerifier implements WebhookVerifier<WebhookEvent> {

    public static final String PROVIDER = "livekit";

    private final WebhookReceiver receiver;

    LiveKitWebhookVerifier(LiveKitConfig livekit) {
        this.receiver = new WebhookReceiver(livekit.apiKey(), livekit.apiSecret());
    }

    @Override
    public VerifiedWebhook<WebhookEvent> verify(byte[] body, HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank() || body == null) {
            throw VerifiedWebhook.unsigned(PROVIDER);
        }
        WebhookEvent event;
        try {
            event = receiver.receive(new String(body, StandardCharsets.UTF_8),
                    authorization.startsWith("Bearer ") ? authorization.substring(7) : authorization);
        } catch (Exception e) {
            // Kotlin code: its checked exceptions are undeclared. Parsing comes after the checks, so a parse
            // failure is a signed body we cannot read; anything else is a bad signature.
            if (e instanceof InvalidProtocolBufferException) {
                throw VerifiedWebhook.invalid(PROVIDER, "the body is not a webhook event");
            }
            throw VerifiedWebhook.unsigned(PROVIDER);
        }
        Instant at = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : Instant.now();
        return new VerifiedWebhook<>(PROVIDER, event.getId(), event.getEvent(), at, event);
    }
}
