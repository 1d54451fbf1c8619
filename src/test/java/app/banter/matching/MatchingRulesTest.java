package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.banter.call.Call;
import app.banter.call.CallRepository;
import app.banter.call.CallService;
import app.banter.platform.error.ApiException;
import app.banter.user.Gender;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Who may be matched with whom, through the real pool (Redis), rules (PostgreSQL) and call path. */
@QuarkusTest
class MatchingRulesTest {

    @Inject
    MatchingFixture fixture;

    @Inject
    Matcher matcher;

    @Inject
    MatchQueue queue;

    @Inject
    CallService calls;

    @Inject
    CallRepository callRepository;

    @BeforeEach
    void emptyPool() {
        fixture.clearPool();
    }

    @Test
    void aSharedLanguageIsRequiredAndTheLongerWaitingIsTheCaller() {
        UUID hindi = fixture.onlineUser(null);
        UUID tamil = fixture.onlineUser(null);
        UUID alsoHindi = fixture.onlineUser(null);
        fixture.join(hindi, List.of("hi", "en-IN"), List.of(), null);
        fixture.join(tamil, "ta");
        fixture.join(alsoHindi, "hi");

        assertThat(matcher.matchOnce()).isEqualTo(1);

        List<MatchingFixture.Match> matches = fixture.matchesOf(Set.of(hindi, tamil, alsoHindi));
        assertThat(matches).singleElement().satisfies(match -> {
            assertThat(match.callerId()).isEqualTo(hindi);
            assertThat(match.calleeId()).isEqualTo(alsoHindi);
        });
        Call call = QuarkusTransaction.requiringNew()
                .call(() -> callRepository.findById(matches.getFirst().callId()));
        assertThat(call.callerId).isEqualTo(hindi);
        assertThat(call.status).isEqualTo(Call.Status.ANSWERED);
        assertThat(fixture.isWaiting(tamil)).isTrue();
        assertThat(fixture.isWaiting(hindi)).isFalse();
    }

    /**
     * A rolling deploy or a rollback: tickets written by a newer release, one with a field this release does not know
     * and one with a mode it does not know, leave the others to be matched, and the queue's status answers.
     */
    @Test
    void ticketsAnotherReleaseWroteDoNotStopMatching() {
        UUID unreadable = fixture.onlineUser(null);
        UUID newer = fixture.onlineUser(null);
        UUID current = fixture.onlineUser(null);
        fixture.join(unreadable, "hi");
        fixture.join(newer, "hi");
        fixture.join(current, "hi");
        fixture.rewriteTicket(newer, ticket -> ticket.put("voiceEffect", "robot"));
        fixture.rewriteTicket(unreadable, ticket -> ticket.put("mode", "HOLOGRAM"));

        assertThat(matcher.matchOnce()).isEqualTo(1);

        assertThat(fixture.matchesOf(Set.of(unreadable, newer, current))).singleElement()
                .satisfies(match -> assertThat(Set.of(match.callerId(), match.calleeId()))
                        .isEqualTo(Set.of(newer, current)));
        assertThat(fixture.isWaiting(unreadable)).as("not readable here: not shown as waiting").isFalse();
    }

    @Test
    void peopleWhoBlockedEachOtherAreNeverPaired() {
        UUID blocker = fixture.onlineUser(null);
        UUID blocked = fixture.onlineUser(null);
        fixture.block(blocker, blocked);
        fixture.join(blocker, "hi");
        fixture.join(blocked, "hi");

        assertThat(matcher.matchOnce()).isZero();

        UUID other = fixture.onlineUser(null);
        fixture.join(other, "hi");
        assertThat(matcher.matchOnce()).isEqualTo(1);
        assertThat(fixture.matchesOf(Set.of(blocker, blocked))).singleElement()
                .satisfies(match -> assertThat(Set.of(match.callerId(), match.calleeId())).contains(other));
    }

    @Test
    void recentPartnersAreNotMatchedAgain() {
        UUID a = fixture.onlineUser(null);
        UUID b = fixture.onlineUser(null);
        fixture.join(a, "hi");
        fixture.join(b, "hi");
        assertThat(matcher.matchOnce()).isEqualTo(1);
        UUID callId = fixture.matchesOf(Set.of(a)).getFirst().callId();
        calls.end(a, callId);

        fixture.join(a, "hi");
        fixture.join(b, "hi");
        assertThat(matcher.matchOnce()).isZero();
        assertThat(fixture.matchesOf(Set.of(a))).hasSize(1);
        assertThat(fixture.isWaiting(a)).isTrue();
        assertThat(fixture.isWaiting(b)).isTrue();
    }

    @Test
    void restrictedUsersCannotWaitAndAreDroppedWhenRestrictedWhileWaiting() {
        UUID restricted = fixture.onlineUser(null);
        fixture.restrict(restricted);
        assertThatThrownBy(() -> fixture.join(restricted, "hi")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("ACCOUNT_RESTRICTED");

        UUID a = fixture.onlineUser(null);
        UUID b = fixture.onlineUser(null);
        fixture.join(a, "hi");
        fixture.join(b, "hi");
        fixture.restrict(b);

        assertThat(matcher.matchOnce()).isZero();
        assertThat(fixture.isWaiting(b)).isFalse();
        assertThat(fixture.isWaiting(a)).isTrue();
        assertThat(fixture.matchesOf(Set.of(a, b, restricted))).isEmpty();
    }

    @Test
    void aGenderPreferenceIsHonouredThenRelaxedAfterThePreferenceWait() {
        UUID prefersWomen = fixture.onlineUser(Gender.MALE);
        UUID man = fixture.onlineUser(Gender.MALE);
        fixture.join(prefersWomen, List.of("hi"), List.of(), Gender.FEMALE);
        fixture.join(man, "hi");

        assertThat(matcher.matchOnce()).isZero();

        // As if the one with the preference had waited past banter.matching.preference-wait (20 s).
        Waiting waiting = queue.waiting(prefersWomen).orElseThrow();
        queue.remove(prefersWomen);
        queue.enqueue(waiting.ticket(), System.currentTimeMillis() - 25_000);

        assertThat(matcher.matchOnce()).isEqualTo(1);
        assertThat(fixture.matchesOf(Set.of(prefersWomen))).singleElement()
                .satisfies(match -> assertThat(match.callerId()).isEqualTo(prefersWomen));
    }

    @Test
    void aPreferenceThatCanBeMetIsMet() {
        UUID prefersWomen = fixture.onlineUser(Gender.MALE);
        UUID man = fixture.onlineUser(Gender.MALE);
        UUID woman = fixture.onlineUser(Gender.FEMALE);
        fixture.join(prefersWomen, List.of("hi"), List.of(), Gender.FEMALE);
        fixture.join(man, "hi");
        fixture.join(woman, "hi");

        assertThat(matcher.matchOnce()).isEqualTo(1);
        assertThat(fixture.matchesOf(Set.of(prefersWomen))).singleElement()
                .satisfies(match -> assertThat(match.calleeId()).isEqualTo(woman));
        assertThat(fixture.isWaiting(man)).isTrue();
    }

    @Test
    void goingOfflineOrIntoAnotherCallLeavesThePool() {
        UUID leaving = fixture.onlineUser(null);
        fixture.join(leaving, "hi");
        fixture.goOffline(leaving);
        assertThat(fixture.isWaiting(leaving)).isFalse();

        UUID caller = fixture.onlineUser(null);
        UUID waiting = fixture.onlineUser(null);
        fixture.join(waiting, "hi");
        calls.start(caller, waiting, Call.Type.AUDIO);
        assertThat(fixture.isWaiting(waiting)).isFalse();
        assertThatThrownBy(() -> fixture.join(waiting, "hi")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("ALREADY_IN_CALL");
    }

    @Test
    void theMatcherDropsUsersWhoseOfflineNewsItMissed() {
        UUID a = fixture.onlineUser(null);
        UUID b = fixture.onlineUser(null);
        fixture.join(a, "hi");
        fixture.join(b, "hi");
        // Gone from presence without the queue hearing of it (as when the event was lost with a pod).
        queue.remove(b);
        Waiting stale = new Waiting(new MatchTicket(b, UUID.randomUUID(), List.of("hi"), List.of(), Call.Type.AUDIO,
                null, null, false), System.currentTimeMillis());
        fixture.goOffline(b);
        queue.enqueue(stale.ticket(), stale.enqueuedAt());

        assertThat(matcher.matchOnce()).isZero();
        assertThat(fixture.isWaiting(b)).isFalse();
        assertThat(fixture.isWaiting(a)).isTrue();
    }
}
