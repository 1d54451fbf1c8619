package app.banter.realtime;

import java.util.UUID;
import java.util.concurrent.Callable;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.TaskQueue;

/**
 * One device's open websocket and what the gateway keeps about it, and nothing else: no upgrade request, no parsed
 * token, no captured contexts. A pod holds tens of thousands of these for hours, so every field is paid for many times
 * over (bench/realtime measures it).
 */
final class Connection {

    /** RFC 6455 close codes. */
    private static final int NORMAL_CLOSURE = 1000;

    private final ServerWebSocket socket;
    /**
     * The socket's TCP connection, which Vert.x's websocket does not expose: for the writability check on every event
     * and for closing a peer that stopped reading (see {@link Connections#closeSlowConsumer}).
     */
    private final Channel channel;
    private final String id;
    private final UUID userId;
    private final UUID sessionId;
    /** When its credential was issued (epoch seconds): what the session denylist asks along with the session. */
    private final long issuedAt;
    /** The socket's event loop: writes from elsewhere are grouped per loop (see {@link Connections#deliver}). */
    private final ContextInternal loop;
    /** The blocking work of this connection (open, frames, close) runs on workers one task at a time, in order. */
    private final TaskQueue tasks = new TaskQueue();
    /** Touched only on the socket's event loop, so it needs no lock. */
    private final FrameBudget budget = new FrameBudget();
    private final long openedOrder;
    private volatile long touchedAt;

    Connection(ServerWebSocket socket, Channel channel, UUID userId, UUID sessionId, long issuedAt,
            ContextInternal loop, long openedOrder) {
        this.socket = socket;
        this.channel = channel;
        this.id = UUID.randomUUID().toString();
        this.userId = userId;
        this.sessionId = sessionId;
        this.issuedAt = issuedAt;
        this.loop = loop;
        this.openedOrder = openedOrder;
    }

    String id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    UUID sessionId() {
        return sessionId;
    }

    long issuedAt() {
        return issuedAt;
    }

    ServerWebSocket socket() {
        return socket;
    }

    Channel channel() {
        return channel;
    }

    /**
     * Whether more than Netty's high-water mark (64 KiB) waits to be sent after what the kernel's buffers took: the
     * peer is not reading. A volatile read, cheap enough for every event written.
     */
    boolean isWriteQueueFull() {
        return !channel.isWritable();
    }

    EventLoop eventLoop() {
        return loop.nettyEventLoop();
    }

    FrameBudget budget() {
        return budget;
    }

    long openedOrder() {
        return openedOrder;
    }

    long touchedAt() {
        return touchedAt;
    }

    void touched(long millis) {
        touchedAt = millis;
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    /** Runs blocking work for this connection on a worker, after the work queued before it. */
    <T> Future<T> runInOrder(Callable<T> work) {
        return loop.executeBlocking(work, tasks);
    }

    /** Closes with an RFC 6455 code; a socket that is already gone has nothing left to tell. */
    void close(int code, String reason) {
        socket.close((short) code, reason);
    }

    /** Its session was revoked (logout, ban, refresh-token reuse): a normal close, as the AsyncAPI document says. */
    void endSession() {
        close(NORMAL_CLOSURE, "Session ended");
    }
}
