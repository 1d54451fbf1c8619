package app.banter.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Pairs waiting users, greedily, in memory: the rules are hard filters, the ranking picks among what is left.
 *
 * <p>
 * Users are taken in order of priority (seconds waited, plus {@code premiumWeight} for premium users); each is paired
 * with the best candidate still free that speaks one of their languages, wants the same mode, is not excluded (a block
 * either way, a recent partner) and fits both sides' gender preference, unless the one who prefers has waited past
 * {@code preferenceWait}. A candidate's score is the interests shared times {@code interestWeight} plus its own
 * priority, so more shared interests and longer waits rank higher. The one who waited longer is the caller.
 * At most {@code maxCandidates} eligible candidates are weighed per user, the longest waiting first.
 */
final class PairMaker {

    record Pair(Waiting caller, Waiting callee) {
    }

    record Ranking(int interestWeight, int premiumWeight, long preferenceWaitMillis, int maxCandidates) {
    }

    private final Ranking ranking;
    private final long now;

    private PairMaker(Ranking ranking, long now) {
        this.ranking = ranking;
        this.now = now;
    }

    /** Pairs among {@code waiting}; no user is in two pairs and no pair is in {@code excluded}. */
    static List<Pair> pairs(List<Waiting> waiting, Exclusions excluded, Ranking ranking, long now) {
        return new PairMaker(ranking, now).pair(waiting, excluded);
    }

    private List<Pair> pair(List<Waiting> waiting, Exclusions excluded) {
        List<Waiting> order = new ArrayList<>(waiting);
        order.sort(Comparator.comparingDouble(this::priority).reversed()
                .thenComparingLong(Waiting::enqueuedAt));
        // Who is still free, by language, in order of priority. Whoever is paired leaves every pool they are in, so
        // that later users weigh only free candidates instead of walking past everyone paired before them.
        Map<String, LinkedHashMap<UUID, Waiting>> pools = new HashMap<>();
        for (Waiting w : order) {
            for (String language : w.ticket().languages()) {
                pools.computeIfAbsent(language, l -> new LinkedHashMap<>()).put(w.ticket().userId(), w);
            }
        }
        Set<UUID> taken = new HashSet<>();
        List<Pair> pairs = new ArrayList<>();
        for (Waiting user : order) {
            if (taken.contains(user.ticket().userId())) {
                continue;
            }
            Waiting best = bestFor(user, pools, excluded);
            if (best == null) {
                continue;
            }
            take(user, pools, taken);
            take(best, pools, taken);
            boolean userWaitedLonger = user.enqueuedAt() <= best.enqueuedAt();
            pairs.add(userWaitedLonger ? new Pair(user, best) : new Pair(best, user));
        }
        return pairs;
    }

    private static void take(Waiting user, Map<String, LinkedHashMap<UUID, Waiting>> pools, Set<UUID> taken) {
        taken.add(user.ticket().userId());
        user.ticket().languages().forEach(language -> pools.get(language).remove(user.ticket().userId()));
    }

    private Waiting bestFor(Waiting user, Map<String, LinkedHashMap<UUID, Waiting>> pools, Exclusions excluded) {
        Waiting best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int weighed = 0;
        Set<UUID> seen = new HashSet<>();
        for (String language : user.ticket().languages()) {
            for (Waiting candidate : pools.get(language).values()) {
                UUID id = candidate.ticket().userId();
                if (id.equals(user.ticket().userId()) || !seen.add(id)
                        || candidate.ticket().mode() != user.ticket().mode()
                        || excluded.excludes(user.ticket().userId(), id)
                        || !accepts(user, candidate) || !accepts(candidate, user)) {
                    continue;
                }
                double score = sharedInterests(user, candidate) * (double) ranking.interestWeight()
                        + priority(candidate);
                if (score > bestScore || (score == bestScore && candidate.enqueuedAt() < best.enqueuedAt())) {
                    best = candidate;
                    bestScore = score;
                }
                if (++weighed >= ranking.maxCandidates()) {
                    return best;
                }
            }
        }
        return best;
    }

    /** Whether {@code who}'s gender preference, if any, lets them be matched with {@code other} now. */
    private boolean accepts(Waiting who, Waiting other) {
        MatchTicket ticket = who.ticket();
        return ticket.preferredGender() == null || ticket.preferredGender() == other.ticket().gender()
                || who.waitedMillis(now) >= ranking.preferenceWaitMillis();
    }

    private double priority(Waiting w) {
        return w.waitedMillis(now) / 1000.0 + (w.ticket().premium() ? ranking.premiumWeight() : 0);
    }

    private static int sharedInterests(Waiting a, Waiting b) {
        int shared = 0;
        for (String interest : a.ticket().interests()) {
            if (b.ticket().interests().contains(interest)) {
                shared++;
            }
        }
        return shared;
    }
}
