package app.banter.matching;

import java.time.Duration;
import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.matching")
public interface MatchingConfig {

    /**
     * How long every pod's matcher rests between ticks ("off" stops it, as tests do to run it by hand). A user who
     * joins waits for the next tick before anything else, so this is part of every wait. A tick of an empty pool is
     * one Redis read.
     */
    @WithDefault("100ms")
    String interval();

    /** Waiting users a matcher looks at per tick, longest waiting first. */
    @WithDefault("10000")
    int maxWaitingPerTick();

    /** Candidates weighed for each user before the best of them is taken; bounds a tick's work on a large pool. */
    @WithDefault("200")
    int maxCandidates();

    /**
     * Pairs claimed and connected together, in one Redis script and one transaction: larger batches cost fewer
     * statements per match; a pod that dies mid-batch drops that many pairs out of the pool without a call.
     */
    @WithDefault("200")
    int batchSize();

    /**
     * Batches one pod's matcher connects at once, each on a thread and a database connection of its own: a batch
     * spends most of its time waiting on LiveKit, the database and Redis, so several in flight keep the cores busy.
     * A pod that dies mid-tick drops up to this many batches' pairs out of the pool without a call.
     */
    @WithDefault("4")
    int batchesInFlight();

    /** A preferred gender is honoured for this long; after it, anyone who fits every other rule may be matched. */
    @WithDefault("20S")
    Duration preferenceWait();

    /** Two people matched are not matched again for this long. */
    @WithDefault("24H")
    Duration recentPartnerWindow();

    /**
     * Either side may skip a matched call for this long after it connects (or before it connects): the call ends
     * without charge, since the call's free grace is made at least this long.
     */
    @WithDefault("10S")
    Duration skipWindow();

    /** Ranking: points for each interest two people share, against one point per second waited. */
    @WithDefault("10")
    int interestWeight();

    /** Ranking: a premium user counts as having waited this many seconds longer. */
    @WithDefault("30")
    int premiumWeight();

    /** Minutes of matched calls per payer per day that the promotions account pays instead of the caller. */
    @WithDefault("5")
    int freeMinutesPerDay();

    /** The day of the free minutes: India Standard Time by default. */
    @WithDefault("Asia/Kolkata")
    ZoneId freeMinutesZone();

    /** How long a matched user's request is kept for a requeue after a skip. */
    @WithDefault("1H")
    Duration requeueMemory();
}
