package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.call.Call;
import app.banter.call.CallService;
import app.banter.call.MatchedCalls;
import app.banter.matching.MatchingViews.JoinQueueRequest;
import app.banter.matching.MatchingViews.QueueView;
import app.banter.platform.AfterCommit;
import app.banter.platform.lifecycle.StopBudget;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.user.UserService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a user does while the matcher works on their pair: leaves, changes the request, blocks the partner, or is
 * restricted. Each test holds a matcher between two of its steps (the read and the claim, or the claim and the calls)
 * and makes the change there, as a phone would at that moment, so the race is the same on every run.
 */
@QuarkusTest
class MatcherRacesTest {

    @Inject
    MatchingFixture fixture;

    @Inject
    MatcherParts parts;

    @Inject
    MatchingService matching;

    @Inject
    CallService calls;

    @Inject
    UserService users;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    AfterCommit afterCommit;

    @BeforeEach
    void emptyPool() {
        fixture.clearPool();
    }

    @Test
    void aUserWhoLeftWhileTheirPairWasConnectedIsNotPutBack() {
        UUID first = fixture.onlineUser(null);
        UUID second = fixture.onlineUser(null);
        UUID friend = fixture.onlineUser(null);
        fixture.join(first, "hi");
        fixture.join(second, "hi");
        List<UUID> ordinary = new ArrayList<>();
        Matcher pod = connectingAfter(() -> {
            matching.leave(first);
            // Then second is taken by an ordinary call: the pair is refused and first, the partner, would go back.
            ordinary.add(calls.start(friend, second, Call.Type.AUDIO).call().id());
        });

        assertThat(pod.matchOnce()).isZero();

        assertThat(fixture.isWaiting(first)).as("left, so not put back").isFalse();
        assertThat(fixture.matchesOf(Set.of(first, second))).isEmpty();
        calls.cancel(friend, ordinary.getFirst());
    }

    @Test
    void aRequestMadeWhileThePairWasConnectedIsNotOverwritten() {
        UUID first = fixture.onlineUser(null);
        UUID second = fixture.onlineUser(null);
        UUID friend = fixture.onlineUser(null);
        fixture.join(first, "hi");
        fixture.join(second, "hi");
        List<UUID> ordinary = new ArrayList<>();
        Matcher pod = connectingAfter(() -> {
            matching.join(first, new JoinQueueRequest(List.of("ta"), List.of(), Call.Type.VIDEO, null));
            ordinary.add(calls.start(friend, second, Call.Type.AUDIO).call().id());
        });

        assertThat(pod.matchOnce()).isZero();

        QueueView waiting = matching.status(first);
        assertThat(waiting.waiting()).isTrue();
        assertThat(waiting.mode()).isEqualTo(Call.Type.VIDEO);
        assertThat(waiting.languages()).containsExactly("ta");
        calls.cancel(friend, ordinary.getFirst());
    }

    @Test
    void aPairReadBeforeARequestChangedIsNotClaimed() {
        UUID first = fixture.onlineUser(null);
        UUID second = fixture.onlineUser(null);
        video(first);
        video(second);
        MatchQueue queue = new MatchQueue(redis, json, parts.config) {
            @Override
            List<PairMaker.Pair> claim(List<PairMaker.Pair> pairs) {
                // After the matcher read the pool: first now wants an audio call, keeping their place.
                matching.join(first, new JoinQueueRequest(List.of("hi"), List.of(), Call.Type.AUDIO, null));
                return super.claim(pairs);
            }
        };
        Matcher pod = new Matcher(queue, parts.store, parts.presence, parts.calls, parts.users, parts.events,
                parts.metrics, parts.config, new StopBudget());

        assertThat(pod.matchOnce()).as("no video call for someone who asked for audio").isZero();

        assertThat(fixture.matchesOf(Set.of(first, second))).isEmpty();
        assertThat(matching.status(first).mode()).isEqualTo(Call.Type.AUDIO);
        assertThat(fixture.isWaiting(second)).isTrue();
    }

    @Test
    void aBlockOrARestrictionMadeWhileThePairsWereConnectedKeepsThemApart() {
        UUID blocked = fixture.onlineUser(null);
        UUID blocker = fixture.onlineUser(null);
        UUID partner = fixture.onlineUser(null);
        UUID restricted = fixture.onlineUser(null);
        for (UUID user : List.of(blocked, blocker, partner, restricted)) {
            fixture.join(user, "hi");
        }
        Matcher pod = connectingAfter(() -> {
            fixture.block(blocker, blocked);
            fixture.restrict(restricted);
        });

        assertThat(pod.matchOnce()).isZero();

        assertThat(fixture.matchesOf(Set.of(blocked, blocker, partner, restricted))).isEmpty();
        assertThat(fixture.isWaiting(blocked)).isTrue();
        assertThat(fixture.isWaiting(blocker)).isTrue();
        assertThat(fixture.isWaiting(partner)).isTrue();
        assertThat(fixture.isWaiting(restricted)).isFalse();
    }

    /**
     * An account deleted after the matcher read the pool refuses its own pair only: the tick's other pairs get their
     * calls, the deleted user leaves the pool, and their partner goes back with their place.
     */
    @Test
    void anAccountDeletedWhileThePairsWereConnectedRefusesOnlyItsPair() {
        List<UUID> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(fixture.onlineUser(null));
            fixture.join(waiting.getLast(), "hi");
        }
        UUID deleted = waiting.getFirst();
        Matcher pod = connectingAfter(() -> users.delete(deleted));

        assertThat(pod.matchOnce()).as("the other pair's call").isEqualTo(1);

        List<MatchingFixture.Match> matches = fixture.matchesOf(Set.copyOf(waiting));
        assertThat(matches).hasSize(1);
        MatchingFixture.Match made = matches.getFirst();
        UUID partner = waiting.stream()
                .filter(user -> !user.equals(deleted) && !user.equals(made.callerId()) && !user.equals(made.calleeId()))
                .findFirst().orElseThrow();
        assertThat(fixture.isWaiting(deleted)).isFalse();
        assertThat(fixture.isWaiting(partner)).isTrue();
        calls.end(made.callerId(), made.callId());
    }

    /**
     * A matched call hung up the moment it is made: its end clears both parties' busy flags once it commits, and they
     * must not be marked busy after that, for hours, with no call. The caller hangs up between the batch's commit and
     * the batch's return, from a hook the batch's transaction runs once it has committed.
     */
    @Test
    void aMatchedCallHungUpAsSoonAsItIsMadeLeavesNeitherPartyBusy() {
        TestUser caller = TestUsers.register();
        fixture.goOnline(caller.id());
        UUID callee = fixture.onlineUser(null);

        MatchedCalls.Outcome outcome = parts.calls.start(List.of(new MatchedCalls.Pair(caller.id(), callee,
                Call.Type.AUDIO)), parts.config.skipWindow(), made -> afterCommit.run(() -> caller.request()
                        .post("/api/v1/calls/" + made.getFirst().callId() + "/end").then().statusCode(200)));

        assertThat(outcome.made()).hasSize(1);
        assertThat(calls.call(callee, outcome.made().getFirst().callId()).status()).isEqualTo(Call.Status.ENDED);
        assertThat(parts.presence.isBusy(caller.id())).as("caller busy").isFalse();
        assertThat(parts.presence.isBusy(callee)).as("callee busy").isFalse();
    }

    private void video(UUID user) {
        matching.join(user, new JoinQueueRequest(List.of("hi"), List.of(), Call.Type.VIDEO, null));
    }

    /**
     * A matcher that makes {@code change} once its pairs are claimed and before their calls are made: when a tick's
     * pairs are in one batch, as here (one batch in flight), the change comes between the claim and the calls of all.
     */
    private Matcher connectingAfter(Runnable change) {
        return new Matcher(parts.queue, parts.store, parts.presence, parts.calls, parts.users, parts.events,
                parts.metrics, oneBatchInFlight(parts.config), new StopBudget()) {
            @Override
            int connect(List<PairMaker.Pair> claimed) {
                change.run();
                return super.connect(claimed);
            }
        };
    }

    private static MatchingConfig oneBatchInFlight(MatchingConfig config) {
        return (MatchingConfig) Proxy.newProxyInstance(MatchingConfig.class.getClassLoader(),
                new Class<?>[] { MatchingConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                case "batchesInFlight" -> 1;
                default -> method.invoke(config, args);
                });
    }
}
