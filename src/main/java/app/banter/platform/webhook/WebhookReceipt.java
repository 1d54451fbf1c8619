package app.banter.platform.webhook;

/** The body every webhook endpoint answers with. */
public record WebhookReceipt(WebhookOutcome outcome) {
}
