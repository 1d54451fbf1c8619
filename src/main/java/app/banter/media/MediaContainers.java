package app.banter.media;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Creates the six containers (staging, and one per purpose) at start when banter.media.create-containers is on
 * (idempotent, any number of pods at once). In the background: building the storage client and asking the account
 * took two of the nine seconds from launch to ready (bench/startup), and nothing but uploads needs the containers. An
 * upload asked for before that attempt is over waits for it ({@link #awaitStartAttempt}). A storage account that
 * cannot be reached does not stop the start: uploads answer 502 until it can, and the next start creates what is
 * missing. Where infrastructure code creates the containers, the setting is off.
 */
@ApplicationScoped
class MediaContainers {

    private static final Logger LOG = Logger.getLogger(MediaContainers.class);
    // The storage client's own timeouts and retries end an attempt well within this.
    private static final long LONGEST_WAIT_SECONDS = 30;

    private final CompletableFuture<Void> startAttempt = new CompletableFuture<>();

    void createAtStart(@Observes StartupEvent start, MediaConfig config, BlobStorage blobs) {
        if (!config.createContainers()) {
            startAttempt.complete(null);
            return;
        }
        Thread.ofPlatform().daemon().name("media-containers").start(() -> {
            try {
                blobs.createContainers();
            } catch (RuntimeException e) {
                LOG.warnf("Media containers could not be created at start: %s", e.toString());
            } finally {
                startAttempt.complete(null);
            }
        });
    }

    /** Returns once the attempt at start to create the containers is over (or after a while, whatever it does). */
    void awaitStartAttempt() {
        try {
            startAttempt.get(LONGEST_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The upload goes ahead; a missing container answers it as an unreachable account would.
        }
    }
}
