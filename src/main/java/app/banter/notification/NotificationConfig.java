package app.banter.notification;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Notifications and their pushes (banter.notifications.*). */
@ConfigMapping(prefix = "banter.notifications")
public interface NotificationConfig {

    /** How often each pod looks for due pushes. */
    @WithDefault("1s")
    Duration senderInterval();

    /** Pushes claimed per query. */
    @WithDefault("500")
    int senderBatchSize();

    /** Pushes a pod has on their way to FCM at once. */
    @WithDefault("64")
    int senderMaxInFlight();

    /** How long a claimed push is left to its sender before another pod sends it again (the sender died). */
    @WithDefault("60s")
    Duration senderLease();

    /** Attempts per push before it is given up. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait before the first retry of a failed push; doubles with every further attempt, up to the maximum. */
    @WithDefault("2s")
    Duration retryBackoff();

    @WithDefault("10M")
    Duration maxRetryBackoff();

    /** How long a push other than a ring is worth sending; FCM keeps it as long for a phone that is off. */
    @WithDefault("24H")
    Duration pushTtl();

    /** Characters of a message's text shown in its push. */
    @WithDefault("100")
    int messagePreviewLength();

    /**
     * How long a notification stays in its user's list. Every ring, missed call, message to someone offline and friend
     * request adds one, so without an end the table would hold every one ever sent.
     */
    @WithDefault("90D")
    Duration retention();

    /** How often notifications past the retention are deleted, and how many per transaction. */
    @WithDefault("1H")
    Duration pruneInterval();

    @WithDefault("5000")
    int pruneBatchSize();
}
