package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import app.banter.call.Call;
import app.banter.user.Gender;

/** The ranking alone, in memory: shared interests, waiting time, premium weight, modes, preferences. */
class PairMakerTest {

    private static final long NOW = 1_000_000_000L;
    private static final PairMaker.Ranking RANKING = new PairMaker.Ranking(10, 30, 20_000, 200);

    @Test
    void moreSharedInterestsRankHigher() {
        Waiting first = waiting(60, false, List.of("music", "cricket"));
        Waiting sameTaste = waiting(5, false, List.of("cricket", "music"));
        Waiting longerWaitingStranger = waiting(20, false, List.of("chess"));

        List<PairMaker.Pair> pairs = PairMaker.pairs(List.of(first, sameTaste, longerWaitingStranger),
                new Exclusions(), RANKING, NOW);

        assertThat(pairs).singleElement().isEqualTo(new PairMaker.Pair(first, sameTaste));
    }

    @Test
    void longerWaitsRankHigherAndTheLongerWaitingIsTheCaller() {
        Waiting oldest = waiting(30, false, List.of());
        Waiting newer = waiting(3, false, List.of());
        Waiting older = waiting(12, false, List.of());

        List<PairMaker.Pair> pairs = PairMaker.pairs(List.of(newer, oldest, older), new Exclusions(), RANKING, NOW);

        assertThat(pairs).singleElement().isEqualTo(new PairMaker.Pair(oldest, older));
    }

    @Test
    void premiumUsersArePairedFirstByTheConfiguredWeight() {
        Waiting longest = waiting(40, false, List.of());
        Waiting premium = waiting(15, true, List.of());
        Waiting other = waiting(14, false, List.of());

        // Premium counts as 15 + 30 = 45 s: paired first, and picks the best for them, the longest waiting.
        List<PairMaker.Pair> pairs = PairMaker.pairs(List.of(longest, premium, other), new Exclusions(), RANKING, NOW);

        assertThat(pairs).singleElement().isEqualTo(new PairMaker.Pair(longest, premium));
    }

    @Test
    void differentModesAndExcludedPairsAreNeverPaired() {
        Waiting audio = waiting(10, false, List.of());
        Waiting video = new Waiting(new MatchTicket(UUID.randomUUID(), UUID.randomUUID(), List.of("hi"), List.of(),
                Call.Type.VIDEO, null, null, false), NOW - 9_000);
        Waiting excluded = waiting(8, false, List.of());
        Exclusions exclusions = new Exclusions();
        exclusions.exclude(excluded.ticket().userId(), audio.ticket().userId());

        assertThat(PairMaker.pairs(List.of(audio, video, excluded), exclusions, RANKING, NOW)).isEmpty();
    }

    @Test
    void aPreferenceHoldsOnBothSidesUntilThePreferenceWait() {
        Waiting prefersWomen = new Waiting(new MatchTicket(UUID.randomUUID(), UUID.randomUUID(), List.of("hi"),
                List.of(), Call.Type.AUDIO, Gender.FEMALE, Gender.FEMALE, false), NOW - 5_000);
        Waiting man = new Waiting(new MatchTicket(UUID.randomUUID(), UUID.randomUUID(), List.of("hi"), List.of(),
                Call.Type.AUDIO, Gender.MALE, null, false), NOW - 50_000);

        assertThat(PairMaker.pairs(List.of(prefersWomen, man), new Exclusions(), RANKING, NOW)).isEmpty();
        assertThat(PairMaker.pairs(List.of(prefersWomen, man), new Exclusions(), RANKING, NOW + 16_000))
                .singleElement().isEqualTo(new PairMaker.Pair(man, prefersWomen));
    }

    /**
     * A crowd speaking one to three of five languages, both modes, with blocks among them: nobody is in two pairs,
     * every pair shares a language and a mode and is not excluded, and nobody left over could still have been paired
     * with someone else left over (paired users leave every language they speak at once).
     */
    @Test
    void aMultilingualCrowdIsPairedOnceEachAndNobodyPairableIsLeftOver() {
        Random random = new Random(15);
        List<String> languages = List.of("hi", "ta", "bn", "mr", "te");
        List<Waiting> crowd = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            List<String> spoken = new ArrayList<>(languages);
            Collections.shuffle(spoken, random);
            crowd.add(new Waiting(new MatchTicket(UUID.randomUUID(), UUID.randomUUID(),
                    List.copyOf(spoken.subList(0, 1 + random.nextInt(3))), List.of(),
                    random.nextInt(4) == 0 ? Call.Type.VIDEO : Call.Type.AUDIO, null, null, false),
                    NOW - random.nextInt(60_000)));
        }
        Exclusions exclusions = new Exclusions();
        for (int i = 0; i < 3_000; i++) {
            exclusions.exclude(crowd.get(random.nextInt(crowd.size())).ticket().userId(),
                    crowd.get(random.nextInt(crowd.size())).ticket().userId());
        }

        List<PairMaker.Pair> pairs = PairMaker.pairs(crowd, exclusions,
                new PairMaker.Ranking(10, 30, 20_000, Integer.MAX_VALUE), NOW);

        Set<UUID> paired = new HashSet<>();
        for (PairMaker.Pair pair : pairs) {
            MatchTicket caller = pair.caller().ticket();
            MatchTicket callee = pair.callee().ticket();
            assertThat(paired.add(caller.userId())).isTrue();
            assertThat(paired.add(callee.userId())).isTrue();
            assertThat(caller.languages()).containsAnyElementsOf(callee.languages());
            assertThat(caller.mode()).isEqualTo(callee.mode());
            assertThat(exclusions.excludes(caller.userId(), callee.userId())).isFalse();
        }
        List<Waiting> leftOver = crowd.stream().filter(w -> !paired.contains(w.ticket().userId())).toList();
        for (Waiting a : leftOver) {
            for (Waiting b : leftOver) {
                boolean pairable = a != b && a.ticket().mode() == b.ticket().mode()
                        && a.ticket().languages().stream().anyMatch(b.ticket().languages()::contains)
                        && !exclusions.excludes(a.ticket().userId(), b.ticket().userId());
                assertThat(pairable).as("%s and %s are both left over", a, b).isFalse();
            }
        }
        assertThat(pairs.size()).isGreaterThan(900);
    }

    private static Waiting waiting(int secondsWaited, boolean premium, List<String> interests) {
        return new Waiting(new MatchTicket(UUID.randomUUID(), UUID.randomUUID(), List.of("hi"), interests,
                Call.Type.AUDIO, null, null, premium), NOW - secondsWaited * 1000L);
    }
}
