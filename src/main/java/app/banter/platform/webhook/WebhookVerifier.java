package app.banter.platform.webhook;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * Authenticates one provider's deliveries and parses them. Verifiers that sign over more than body and headers
 * (Twilio signs the public URL) take that URL from configuration: behind the ingress it differs from the request's.
 *
 * @param <P> the parsed payload the provider's effect works on
 */
public interface WebhookVerifier<P> {

    /**
     * @throws app.banter.platform.error.ApiException 401 {@code INVALID_WEBHOOK_SIGNATURE} unless the provider signed
     *         these exact bytes; 400 {@code INVALID_EVENT} or {@code MALFORMED_JSON} when it did but the delivery is
     *         not an event we can read. Nothing is recorded in either case.
     */
    VerifiedWebhook<P> verify(byte[] body, HttpHeaders headers);
}
