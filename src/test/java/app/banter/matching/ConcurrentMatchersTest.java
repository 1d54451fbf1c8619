package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.call.CallService;
import app.banter.testsupport.Concurrently;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Two matchers, as two pods would run them, over one pool of many users in the same Redis and database: nobody is
 * matched twice, and no pair breaks a rule (language, blocks, restrictions).
 */
@QuarkusTest
class ConcurrentMatchersTest {

    private static final int USERS = 1000;
    private static final List<String> LANGUAGES = List.of("hi", "ta", "bn", "mr");

    @Inject
    MatchingFixture fixture;

    @Inject
    Matcher podOne;

    @Inject
    MatcherParts parts;

    @Inject
    CallService calls;

    @Test
    void twoMatchersAtOnceNeverMatchAnyoneTwiceNorBreakARule() {
        fixture.clearPool();
        Matcher podTwo = parts.anotherPod();
        Random random = new Random(15);
        List<UUID> everyone = new ArrayList<>();
        Map<UUID, Set<String>> languagesOf = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            UUID user = fixture.onlineUser(null);
            everyone.add(user);
            List<String> languages = new ArrayList<>(List.of(LANGUAGES.get(random.nextInt(LANGUAGES.size()))));
            if (random.nextInt(4) == 0) {
                languages.add(LANGUAGES.get(random.nextInt(LANGUAGES.size())));
            }
            languagesOf.put(user, new HashSet<>(languages));
            fixture.join(user, languages, List.of("music", "films", "cricket").subList(0, random.nextInt(4)), null);
        }
        Set<Set<UUID>> blocked = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            UUID a = everyone.get(random.nextInt(USERS));
            UUID b = everyone.get(random.nextInt(USERS));
            if (!a.equals(b) && blocked.add(Set.of(a, b))) {
                fixture.block(a, b);
            }
        }
        Set<UUID> restricted = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            UUID user = everyone.get(random.nextInt(USERS));
            if (restricted.add(user)) {
                fixture.restrict(user);
            }
        }

        // Each pod ticks until a tick of its own makes nothing; both run at once throughout.
        List<Matcher> pods = List.of(podOne, podTwo);
        AtomicInteger made = new AtomicInteger();
        List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(2, pod -> {
            int total = 0;
            int last;
            do {
                last = pods.get(pod).matchOnce();
                total += last;
            } while (last > 0);
            made.addAndGet(total);
            return total;
        });
        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);

        List<MatchingFixture.Match> matches = fixture.matchesOf(new HashSet<>(everyone));
        assertThat(matches).hasSize(made.get());
        assertThat(matches.size()).as("most of %d users are matched", USERS).isGreaterThan(USERS / 3);
        Set<UUID> matched = new HashSet<>();
        for (MatchingFixture.Match match : matches) {
            assertThat(matched.add(match.callerId())).as("%s matched once", match.callerId()).isTrue();
            assertThat(matched.add(match.calleeId())).as("%s matched once", match.calleeId()).isTrue();
            Set<String> shared = new HashSet<>(languagesOf.get(match.callerId()));
            shared.retainAll(languagesOf.get(match.calleeId()));
            assertThat(shared).as("a shared language").isNotEmpty();
            assertThat(blocked).doesNotContain(Set.of(match.callerId(), match.calleeId()));
            assertThat(restricted).doesNotContain(match.callerId(), match.calleeId());
        }
        for (MatchingFixture.Match match : matches) {
            calls.end(match.callerId(), match.callId());
        }
        fixture.forgetAll();
    }
}
