/**
 * The one path every provider's inbound webhook takes (Razorpay, LiveKit; next KYC providers, RazorpayX, Exotel,
 * Twilio).
 * <ol>
 * <li>The provider's resource reads the raw body as bytes (signatures cover the exact bytes) and hands it with the
 * headers to that provider's {@link app.banter.platform.webhook.WebhookVerifier}, which authenticates the delivery
 * and parses it into a {@link app.banter.platform.webhook.VerifiedWebhook}: event id, type, the time the provider
 * says it happened, and the parsed payload.</li>
 * <li>The resource passes that to {@link app.banter.platform.webhook.WebhookInbox#receive}, together with the
 * feature's effect. The inbox records (provider, event id) and runs the effect in one transaction: a redelivery
 * finds the record and changes nothing, and an effect that fails leaves no record, so the provider's retry applies
 * it whole.</li>
 * <li>The effect judges the event by its own time ({@code occurredAt}), never by arrival order: providers deliver
 * late, twice and out of order.</li>
 * </ol>
 * The same failure answers the same everywhere (see the README's API section): 401
 * {@code INVALID_WEBHOOK_SIGNATURE} for a missing or wrong signature, 400 ({@code INVALID_EVENT},
 * {@code MALFORMED_JSON}) for a signed delivery we cannot read, 404 when it names an object of ours that does not
 * exist, and 200 with a {@link app.banter.platform.webhook.WebhookReceipt} otherwise (PROCESSED, DUPLICATE or
 * IGNORED). A new provider adds a verifier, a resource of three lines and the effect; nothing here changes.
 */
package app.banter.platform.webhook;
