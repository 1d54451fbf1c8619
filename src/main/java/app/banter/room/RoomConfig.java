package app.banter.room;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.rooms")
public interface RoomConfig {

    /** The largest capacity a room may be created with (members present at once, host included). */
    @WithDefault("5000")
    int maxCapacity();

    /** Live rooms one user may host at a time. */
    @WithDefault("1")
    int maxLiveRoomsPerHost();

    /**
     * Invitations into one host's rooms per hour, by the host and their moderators together: each new one notifies
     * the invitee with the title the host wrote. Fifty fills an invite-only room of friends, and caps what a host can
     * push at people who never asked.
     */
    @WithDefault("50")
    int invitesPerHour();

    /** Lifetime of a LiveKit join token: long enough to join, not to reuse later. */
    @WithDefault("10M")
    Duration tokenTtl();

    /** A room nobody is in is closed after this. */
    @WithDefault("5M")
    Duration emptyTimeout();

    /** A host away this long hands the room to a moderator, else to the longest-present speaker. */
    @WithDefault("60S")
    Duration hostGrace();

    /**
     * A member we admitted who LiveKit has not seen this long after joining (or who LiveKit no longer lists) is
     * counted out: webhooks may have gone missing.
     */
    @WithDefault("30S")
    Duration joinGrace();

    /** How often LiveKit is asked who is in a live room, in case webhooks went missing. */
    @WithDefault("30S")
    Duration participantCheckEvery();

    /**
     * A room with this many members present is a crowd: a listener's arrival or departure is told at once to the
     * stage (host, moderators, speakers) and to the one moving, and to the other listeners only as the live count
     * (room.member_count, at most once a second). Telling every listener of every listener would cost each join a
     * read of the whole room and an event to all of it.
     */
    @WithDefault("200")
    int crowdSize();

    /**
     * How long the chat of a room that ended is kept, with its pin. Nobody reads it once the room has ended (only
     * members present do); the time is for reports about the room to be looked into. Then each pod deletes it in
     * batches, every chat-prune-interval.
     */
    @WithDefault("7D")
    Duration chatRetention();

    @WithDefault("1H")
    Duration chatPruneInterval();

    /** Messages deleted per transaction. */
    @WithDefault("5000")
    int chatPruneBatchSize();

    Reconciler reconciler();

    interface Reconciler {
        @WithDefault("5s")
        String interval();

        /** Rooms claimed per tick. */
        @WithDefault("100")
        int batchSize();

        /** A claimed room is not taken by another reconciler for this long. */
        @WithDefault("30S")
        Duration lease();
    }
}
