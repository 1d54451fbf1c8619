package app.banter.call;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.calls")
public interface CallConfig {

    /** Coins per started minute of a voice call, paid by the caller. */
    @WithDefault("10")
    long audioCoinsPerMinute();

    @WithDefault("20")
    long videoCoinsPerMinute();

    /**
     * Percent of the coins a call's minutes pay that the callee earns, rounded down once on all the minutes paid at the
     * call's end; the rest is platform revenue.
     */
    @WithDefault("60")
    int calleeSharePercent();

    /** Free seconds at the start of a connected call, so that a call dropped at once costs nothing. */
    @WithDefault("5")
    int graceSeconds();

    /** An unanswered call is missed after this. */
    @WithDefault("45S")
    Duration ringTimeout();

    /** An answered call whose parties never both joined the room fails after this. */
    @WithDefault("60S")
    Duration connectTimeout();

    /** A party that left is waited for this long (LiveKit's departure timeout) before the call ends. */
    @WithDefault("20S")
    Duration departureTimeout();

    /** How often LiveKit is asked who is in a connected call's room, in case webhooks went missing. */
    @WithDefault("30S")
    Duration participantCheckEvery();

    /**
     * Calls one caller may start per hour, whatever their answer. A refused start (USER_OFFLINE, USER_BUSY) tells the
     * caller the callee's presence, costs nothing and leaves no trace, so without a limit calling would be a free way
     * to watch anyone's presence, which only friends see otherwise.
     */
    @WithDefault("60")
    int startsPerHour();

    /** Calls one caller may start to the same callee per hour, whatever their answer (see {@link #startsPerHour()}). */
    @WithDefault("10")
    int startsPerCalleePerHour();

    /** Lifetime of a LiveKit token: long enough to join, not to reuse later. */
    @WithDefault("10M")
    Duration tokenTtl();

    Reconciler reconciler();

    interface Reconciler {
        @WithDefault("5s")
        String interval();

        /**
         * Calls billed per transaction, rooms per LiveKit ListRooms request, and calls claimed per tick for one-by-one
         * handling.
         */
        @WithDefault("500")
        int batchSize();

        /**
         * Billing batches run at once, each on its own thread and database connection: one keeps the database busy
         * while another works out its charges.
         */
        @WithDefault("2")
        int billingThreads();

        /** A claimed call is not taken by another reconciler for this long, so a killed one delays it only this much. */
        @WithDefault("15S")
        Duration lease();
    }
}
