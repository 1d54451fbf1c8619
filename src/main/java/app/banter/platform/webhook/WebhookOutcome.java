package app.banter.platform.webhook;

/** What became of one delivery; every outcome is a 200, so the provider stops retrying. */
public enum WebhookOutcome {
    /** Applied now. */
    PROCESSED,
    /** This event id was applied before; nothing changed. */
    DUPLICATE,
    /** Understood, but nothing of ours to change (an event type we do not act on, a call already over). */
    IGNORED
}
