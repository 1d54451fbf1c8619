package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        Waiting video = new Waiting(new MatchTicket(UUID.randomUUID(), List.of("hi"), List.of(), Call.Type.VIDEO,
                null, null, false), NOW - 9_000);
        Waiting excluded = waiting(8, false, List.of());
        Exclusions exclusions = new Exclusions();
        exclusions.exclude(excluded.ticket().userId(), audio.ticket().userId());

        assertThat(PairMaker.pairs(List.of(audio, video, excluded), exclusions, RANKING, NOW)).isEmpty();
    }

    @Test
    void aPreferenceHoldsOnBothSidesUntilThePreferenceWait() {
        Waiting prefersWomen = new Waiting(new MatchTicket(UUID.randomUUID(), List.of("hi"), List.of(),
                Call.Type.AUDIO, Gender.FEMALE, Gender.FEMALE, false), NOW - 5_000);
        Waiting man = new Waiting(new MatchTicket(UUID.randomUUID(), List.of("hi"), List.of(), Call.Type.AUDIO,
                Gender.MALE, null, false), NOW - 50_000);

        assertThat(PairMaker.pairs(List.of(prefersWomen, man), new Exclusions(), RANKING, NOW)).isEmpty();
        assertThat(PairMaker.pairs(List.of(prefersWomen, man), new Exclusions(), RANKING, NOW + 16_000))
                .singleElement().isEqualTo(new PairMaker.Pair(man, prefersWomen));
    }

    private static Waiting waiting(int secondsWaited, boolean premium, List<String> interests) {
        return new Waiting(new MatchTicket(UUID.randomUUID(), List.of("hi"), interests, Call.Type.AUDIO, null, null,
                premium), NOW - secondsWaited * 1000L);
    }
}
