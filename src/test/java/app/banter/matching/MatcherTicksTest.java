package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import app.banter.platform.lifecycle.StopBudget;

/**
 * The matcher's own schedule (Quarkus's scheduler runs nothing more often than once a second): it ticks at the
 * configured interval, a tick that fails does not end the schedule, and a stopping pod lets the tick in flight
 * finish; and a tick's pairs are spread over the batches it may connect at once.
 */
class MatcherTicksTest {

    @Test
    void ticksGoOnAtTheIntervalAfterATickFails() throws InterruptedException {
        AtomicInteger ticks = new AtomicInteger();
        CountDownLatch threeTicks = new CountDownLatch(3);
        Matcher matcher = new Matcher(null, null, null, null, null, null, null, config("50ms"), new StopBudget()) {
            @Override
            CompletableFuture<Integer> pass() {
                threeTicks.countDown();
                if (ticks.incrementAndGet() == 1) {
                    throw new IllegalStateException("Redis is down for this tick");
                }
                return CompletableFuture.completedFuture(0);
            }
        };
        try {
            matcher.start(null);
            assertThat(threeTicks.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            stop(matcher);
        }
    }

    @Test
    void aStoppingPodLetsTheTickInFlightFinishAndStartsNoOther() throws Exception {
        CountDownLatch ticking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ticks = new AtomicInteger();
        AtomicBoolean finished = new AtomicBoolean();
        Matcher matcher = new Matcher(null, null, null, null, null, null, null, config("10ms"), new StopBudget()) {
            @Override
            CompletableFuture<Integer> pass() {
                ticks.incrementAndGet();
                ticking.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("The tick was cut off", e);
                }
                finished.set(true);
                return CompletableFuture.completedFuture(0);
            }
        };
        matcher.start(null);
        assertThat(ticking.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> stop(matcher));
        Thread.sleep(200);
        assertThat(stop).isNotDone();

        release.countDown();
        stop.get(30, TimeUnit.SECONDS);
        assertThat(finished).isTrue();
        int ticked = ticks.get();
        Thread.sleep(100);
        assertThat(ticks).hasValue(ticked);
    }

    @Test
    void aTicksPairsAreSpreadOverTheBatchesInFlightUpToTheBatchSize() {
        Matcher matcher = new Matcher(null, null, null, null, null, null, null, config("off"), new StopBudget());
        try {
            assertThat(matcher.batchSize(180)).isEqualTo(45);
            assertThat(matcher.batchSize(181)).isEqualTo(46);
            assertThat(matcher.batchSize(3)).isEqualTo(1);
            assertThat(matcher.batchSize(5_000)).isEqualTo(200);
        } finally {
            stop(matcher);
        }
    }

    /** What a pod's stop does: every job stops starting work, then waits for what is in flight. */
    private static void stop(Matcher matcher) {
        matcher.stopTicking(null);
        matcher.finishInFlight(null);
    }

    /** The settings the schedule reads; the rest are the matching path's, which these ticks never take. */
    private static MatchingConfig config(String interval) {
        return (MatchingConfig) Proxy.newProxyInstance(MatchingConfig.class.getClassLoader(),
                new Class<?>[] { MatchingConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                case "interval" -> interval;
                case "batchesInFlight" -> 4;
                case "batchSize" -> 200;
                default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
