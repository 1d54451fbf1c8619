package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.call.CallService;
import app.banter.platform.lifecycle.StopBudget;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A pod that begins to stop in the middle of a tick connects the batch it has claimed and claims no other: the rest of
 * the tick's pairs stay in the pool, unclaimed, for another pod's matcher.
 */
@QuarkusTest
class MatcherStopTest {

    private static final int USERS = 20;

    @Inject
    MatchingFixture fixture;

    @Inject
    MatcherParts parts;

    @Inject
    CallService calls;

    @Test
    void aStoppingPodClaimsNoFurtherBatch() throws Exception {
        fixture.clearPool();
        List<UUID> everyone = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            UUID user = fixture.onlineUser(null);
            everyone.add(user);
            fixture.join(user, "hi");
        }
        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch stopBegun = new CountDownLatch(1);
        // Two pairs a batch, one batch at a time: the tick's ten pairs make five batches, claimed one after the other.
        Matcher pod = new Matcher(parts.queue, parts.store, parts.presence, parts.calls, parts.users, parts.events,
                parts.metrics, oneSmallBatchAtATime(parts.config), new StopBudget()) {
            @Override
            int connect(List<PairMaker.Pair> claimed) {
                firstBatch.countDown();
                try {
                    stopBegun.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.connect(claimed);
            }
        };

        CompletableFuture<Integer> tick = CompletableFuture.supplyAsync(pod::matchOnce);
        assertThat(firstBatch.await(30, TimeUnit.SECONDS)).isTrue();
        pod.stopTicking(null);
        stopBegun.countDown();
        pod.finishInFlight(null);

        assertThat(tick.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        List<MatchingFixture.Match> matches = fixture.matchesOf(new HashSet<>(everyone));
        assertThat(matches).hasSize(2);
        Set<UUID> matched = new HashSet<>();
        matches.forEach(match -> matched.addAll(List.of(match.callerId(), match.calleeId())));
        assertThat(everyone.stream().filter(fixture::isWaiting))
                .as("everyone but the first batch's pairs is still waiting")
                .hasSize(USERS - 4)
                .doesNotContainAnyElementsOf(matched);
        matches.forEach(match -> calls.end(match.callerId(), match.callId()));
        fixture.clearPool();
        fixture.forgetAll();
    }

    private static MatchingConfig oneSmallBatchAtATime(MatchingConfig config) {
        return (MatchingConfig) Proxy.newProxyInstance(MatchingConfig.class.getClassLoader(),
                new Class<?>[] { MatchingConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                case "batchSize" -> 2;
                case "batchesInFlight" -> 1;
                default -> method.invoke(config, args);
                });
    }
}
