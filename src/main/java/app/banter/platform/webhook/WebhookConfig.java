package app.banter.platform.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The webhook inbox (banter.webhooks.*). */
@ConfigMapping(prefix = "banter.webhooks")
public interface WebhookConfig {

    /**
     * How long an applied event is remembered. Providers redeliver for a day or so (Razorpay retries for 24 hours,
     * LiveKit a few times within minutes); a record older than that only guards against a manual replay, which a
     * month still covers.
     */
    @WithDefault("30D")
    Duration inboxRetention();

    /** How often records past the retention are deleted, and how many per transaction. */
    @WithDefault("1H")
    Duration inboxPruneInterval();

    @WithDefault("1000")
    int inboxPruneBatchSize();
}
