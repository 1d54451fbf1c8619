package app.banter.media;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Creates the six containers (staging, and one per purpose) when banter.media.create-containers is on (idempotent, any
 * number of pods at once). First at start, in the background: building the storage client and asking the account
 * took two of the nine seconds from launch to ready (bench/startup), and nothing but uploads needs the containers. An
 * upload asked for before that attempt is over waits for it. A storage account that cannot be reached does not stop
 * the start; uploads then try again, one at a time and at most every {@link #RETRY_EVERY}, until the containers are
 * created: a pod started during a storage outage would otherwise answer every upload 502 until its next start. Where
 * infrastructure code creates the containers, the setting is off.
 */
@ApplicationScoped
class MediaContainers {

    private static final Logger LOG = Logger.getLogger(MediaContainers.class);
    // The storage client's own timeouts and retries end an attempt well within this.
    private static final long LONGEST_WAIT_SECONDS = 30;
    static final Duration RETRY_EVERY = Duration.ofSeconds(10);

    private final boolean enabled;
    private final Runnable create;
    private final Duration retryEvery;
    private final CompletableFuture<Void> startAttempt = new CompletableFuture<>();
    private volatile boolean created;
    private long nextAttemptNanos;

    @Inject
    MediaContainers(MediaConfig config, BlobStorage blobs) {
        this(config.createContainers(), blobs::createContainers, RETRY_EVERY);
    }

    MediaContainers(boolean enabled, Runnable create, Duration retryEvery) {
        this.enabled = enabled;
        this.create = create;
        this.retryEvery = retryEvery;
        this.nextAttemptNanos = System.nanoTime();
    }

    void createAtStart(@Observes StartupEvent start) {
        if (!enabled) {
            startAttempt.complete(null);
            return;
        }
        Thread.ofPlatform().daemon().name("media-containers").start(() -> {
            try {
                attempt();
            } finally {
                startAttempt.complete(null);
            }
        });
    }

    /**
     * Returns once the containers exist, or once an attempt to create them is over (or after a while, whatever it
     * does): an upload then goes ahead, and a missing container answers it as an unreachable account would.
     */
    void awaitReady() {
        if (!enabled || created) {
            return;
        }
        try {
            startAttempt.get(LONGEST_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            return;
        }
        attempt();
    }

    /** One attempt at a time; after a failure, none before {@link #retryEvery} has passed. */
    private synchronized void attempt() {
        if (created || System.nanoTime() - nextAttemptNanos < 0) {
            return;
        }
        try {
            create.run();
            created = true;
        } catch (RuntimeException e) {
            nextAttemptNanos = System.nanoTime() + retryEvery.toNanos();
            LOG.warnf("Media containers could not be created; uploads try again in %s: %s", retryEvery, e.toString());
        }
    }
}
