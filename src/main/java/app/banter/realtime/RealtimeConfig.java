package app.banter.realtime;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.realtime")
public interface RealtimeConfig {

    /**
     * How long a connection counts as present after its last heartbeat. Clients are told to beat at a third of it,
     * so one lost heartbeat does not flap presence.
     */
    @WithDefault("90S")
    Duration presenceTtl();

    /** How often every pod looks for users whose presence expired (a vanished client, a dead pod). */
    @WithDefault("5S")
    Duration presenceSweepInterval();

    /** Lifetime of a single-use websocket ticket, for clients that cannot send an Authorization header. */
    @WithDefault("30S")
    Duration ticketTtl();

    /**
     * Frames one connection may send per second; more get a RATE_LIMITED error event and are dropped. Pings, pongs
     * and continuation frames count too (unanswered when over it).
     */
    @WithDefault("20")
    int framesPerSecond();

    /**
     * Frames over that budget a connection may send, each answered with an error event, before it is closed (1008).
     * Refusals are forgiven after a second within budget.
     */
    @WithDefault("40")
    int refusedFramesBeforeClose();

    /** Bytes of one client frame at most (after reassembly of fragments); a larger one closes the socket (1009). */
    @WithDefault("8192")
    int maxMessageSize();

    /**
     * How long a socket closed for not reading what it is sent (1013 "slow consumer", once more than Netty's
     * high-water mark waits for it) has to read its close frame before its TCP connection is closed under it. Its
     * queue no longer grows meanwhile: nothing more is written to a closed socket.
     */
    @WithDefault("5S")
    Duration slowConsumerCloseTimeout();

    /**
     * Websockets one pod holds at most. An upgrade beyond it is refused before authentication with 503 and
     * Retry-After (code TOO_MANY_CONNECTIONS), which clients already retry with backoff, and the load balancer's next
     * attempt may reach another pod. Sized for memory: about 8 KiB of heap per idle connection (bench/realtime: 19,000
     * sockets in 538 MiB of RSS), so the default of 20,000 leaves a 1 GiB pod with room for request work; 50,000 idle
     * ones fit in its 512 MiB heap. Raise it with the memory limit. Upgrades that race each other near the limit may
     * pass it by the number in flight at that moment (a count, not a reservation).
     */
    @WithDefault("20000")
    int maxConnections();

    /**
     * Websockets one user holds on one pod: a phone and a tablet, and a reconnect whose old socket the network has not
     * reported dead yet. One more closes that user's oldest with 4001 ("replaced"), which clients do not reconnect: the
     * newest socket is the one a device is using. Without it one account's token could fill the pod's
     * {@link #maxConnections()} alone.
     */
    @WithDefault("5")
    int maxConnectionsPerUser();

    /**
     * Redis pub/sub channel that carries events between pods. Its name changes with the frame format, so that during
     * a rolling deployment pods of two versions ignore each other's frames instead of misreading them.
     */
    @WithDefault("banter:realtime:events:2")
    String channel();
}
