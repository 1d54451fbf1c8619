package app.banter.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/** A concurrent task that never finishes fails its test; it must not hang the test run. */
class ConcurrentlyTest {

    @Test
    void aTaskThatNeverFinishesFailsTheRunInsteadOfHangingIt() {
        CountDownLatch release = new CountDownLatch(1);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                    () -> Concurrently.run(2, Duration.ofSeconds(1), i -> i == 0 ? 0 : stuckUntil(release)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not finish"));
        } finally {
            release.countDown();
        }
    }

    /** Deaf to interrupts, as a thread blocked reading a socket is. */
    private static int stuckUntil(CountDownLatch release) {
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException deaf) {
                // a socket read would not notice either
            }
        }
        return 1;
    }
}
