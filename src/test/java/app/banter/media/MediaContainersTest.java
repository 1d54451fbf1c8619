package app.banter.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.StartupEvent;

/** The containers are created at start, and again by uploads when that failed, not only at the next start. */
class MediaContainersTest {

    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean storageDown = true;

    private void create() {
        attempts.incrementAndGet();
        if (storageDown) {
            throw new IllegalStateException("storage unreachable");
        }
    }

    @Test
    void containersNotCreatedAtStartAreCreatedByAnUploadOnceStorageAnswers() {
        MediaContainers containers = new MediaContainers(true, this::create, Duration.ZERO);
        containers.createAtStart(new StartupEvent());
        containers.awaitReady();
        int failedSoFar = attempts.get();
        assertThat(failedSoFar).as("the start's attempt and the upload's, both failed").isEqualTo(2);

        storageDown = false;
        containers.awaitReady();
        assertThat(attempts.get()).as("the next upload tries again and creates them").isEqualTo(3);

        containers.awaitReady();
        assertThat(attempts.get()).as("created: no upload asks the account again").isEqualTo(3);
    }

    @Test
    void afterAFailureUploadsDoNotAskTheAccountAgainBeforeTheRetryTime() {
        MediaContainers containers = new MediaContainers(true, this::create, Duration.ofHours(1));
        containers.createAtStart(new StartupEvent());
        containers.awaitReady();
        containers.awaitReady();
        assertThat(attempts.get()).as("the start's attempt only").isEqualTo(1);
    }

    @Test
    void whereInfrastructureCreatesTheContainersNothingIsAsked() {
        MediaContainers containers = new MediaContainers(false, this::create, Duration.ZERO);
        containers.createAtStart(new StartupEvent());
        containers.awaitReady();
        assertThat(attempts.get()).isZero();
    }
}
