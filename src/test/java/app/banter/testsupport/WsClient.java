package app.banter.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A device connected to /ws, as the app connects: it records every event the server pushes.
 *
 * <p>
 * It is the JDK's WebSocket client, not Vert.x's. The server sends its ready event right after the 101, and the Vert.x
 * 4.5 client loses a frame that comes that early now and then although the server wrote it: against a plain Vert.x
 * server, 280 of 3,000 first frames lost, none of 3,000 with the JDK client (bench/realtime/FirstFrame.java). In the
 * suite that was a test failing once in a few runs with "No ready event".
 */
public final class WsClient implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(beat -> {
        Thread thread = new Thread(beat, "ws-client-heartbeats");
        thread.setDaemon(true);
        return thread;
    });
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Void> closedByServer = new CompletableFuture<>();
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
    private volatile boolean closed;
    private volatile Short closeStatus;
    private ScheduledFuture<?> heartbeats;
    private WebSocket socket;

    private WsClient() {
    }

    /** Connects with the access token in the Authorization header and waits for the ready event. */
    public static WsClient connect(int port, String accessToken) {
        return connect(CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + accessToken), port, "/ws");
    }

    public static WsClient connectWithTicket(int port, String ticket) {
        return connect(CLIENT.newWebSocketBuilder(), port, "/ws?ticket=" + ticket);
    }

    /** Upgrades with the access token without waiting for the ready event: for a socket the server may close. */
    public static WsClient upgrade(int port, String accessToken) {
        return open(CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + accessToken), port, "/ws");
    }

    private static WsClient open(WebSocket.Builder builder, int port, String uri) {
        WsClient client = new WsClient();
        client.socket = join(builder.buildAsync(uri(port, uri), client.new Listener()));
        return client;
    }

    private static WsClient connect(WebSocket.Builder builder, int port, String uri) {
        WsClient client = open(builder, port, uri);
        JsonNode ready;
        try {
            ready = client.await("ready");
        } catch (AssertionError noReady) {
            client.close();
            throw noReady;
        }
        // Beat as the app does, at the interval the server asks for: the test profile's presence TTL is a few
        // seconds, and a test that spends longer than that between connecting and calling must not find its
        // user gone offline.
        long interval = Math.max(1, ready.path("heartbeatIntervalSeconds").asLong(1));
        client.heartbeats = HEARTBEATS.scheduleAtFixedRate(client::beat, interval, interval, TimeUnit.SECONDS);
        return client;
    }

    /** Not waited for: one socket whose server stopped reading must not hold up every other socket's beats. */
    private void beat() {
        if (!closed) {
            inTurn(ws -> ws.sendText("{\"type\":\"heartbeat\"}", true));
        }
    }

    /** The JDK client takes one send at a time, so each waits for the one before it, failed or not. */
    private synchronized CompletableFuture<WebSocket> inTurn(Function<WebSocket, CompletableFuture<WebSocket>> send) {
        sending = sending.handle((sent, failed) -> socket).thenCompose(send);
        return sending;
    }

    /** Receives as the app does: one whole message at a time, in order, then the close. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence part, boolean last) {
            message.append(part);
            if (last) {
                receive(message.toString());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeStatus = (short) statusCode;
            closed = true;
            closedByServer.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
            closedByServer.complete(null);
        }
    }

    private void receive(String text) {
        try {
            inbox.add(JSON.readTree(text));
        } catch (IOException e) {
            inbox.add(TextNode.valueOf("not JSON: " + text));
        }
    }

    /** The HTTP status a refused upgrade was answered with. */
    public static int refusal(int port, String uri, String accessToken) {
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder();
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        try {
            WebSocket socket = join(builder.buildAsync(uri(port, uri), new WebSocket.Listener() {
            }));
            socket.abort();
            throw new AssertionError("The upgrade was accepted");
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof WebSocketHandshakeException rejected) {
                return rejected.getResponse().statusCode();
            }
            throw e;
        }
    }

    public void send(String frame) {
        join(inTurn(ws -> ws.sendText(frame, true)));
    }

    /**
     * One text message sent as fragments of {@code fragmentLength} characters, back to back (no heartbeat in
     * between: a control frame may come between fragments, a data frame may not).
     */
    public void sendInFragments(String message, int fragmentLength) {
        join(inTurn(ws -> {
            CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(ws);
            for (int from = 0; from < message.length(); from += fragmentLength) {
                String fragment = message.substring(from, Math.min(message.length(), from + fragmentLength));
                boolean last = from + fragmentLength >= message.length();
                sent = sent.thenCompose(socket -> socket.sendText(fragment, last));
            }
            return sent;
        }));
    }

    /** A binary frame, which the gateway does not take (adversarial tests). */
    public void sendBinary(byte[] bytes) {
        join(inTurn(ws -> ws.sendBinary(ByteBuffer.wrap(bytes), true)));
    }

    public JsonNode await(String type) {
        return await(type, event -> true);
    }

    /** The next event of that type matching the condition; other events are kept for later calls. */
    public JsonNode await(String type, Predicate<JsonNode> condition) {
        for (JsonNode event : seen) {
            if (type.equals(event.path("type").asText()) && condition.test(event)) {
                seen.remove(event);
                return event;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode event = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (event == null) {
                    if (closed && inbox.isEmpty()) {
                        // The listener is given the frames in order and the close after them: nothing more is coming.
                        throw new AssertionError("No " + type + " event: the server closed the socket (status "
                                + closeStatus + "); got " + seen);
                    }
                    continue;
                }
                if (type.equals(event.path("type").asText()) && condition.test(event)) {
                    return event;
                }
                seen.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("No " + type + " event within " + WAIT + "; got " + seen);
    }

    /** Asserts that no event of that type arrives within {@code quiet}. */
    public void assertNone(String type, Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode event = inbox.poll(50, TimeUnit.MILLISECONDS);
                if (event != null) {
                    if (type.equals(event.path("type").asText())) {
                        throw new AssertionError("Unexpected " + type + " event: " + event);
                    }
                    seen.add(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (JsonNode event : seen) {
            if (type.equals(event.path("type").asText())) {
                throw new AssertionError("Unexpected " + type + " event: " + event);
            }
        }
    }

    /** Stops the automatic heartbeats: the connection stays open but presence no longer hears from it. */
    public WsClient stopBeating() {
        heartbeats.cancel(false);
        return this;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The close code the server sent, once closed; null while open or when it sent none. */
    public Short closeStatus() {
        return closeStatus;
    }

    /** Events received so far and not yet awaited, of any type. */
    public List<JsonNode> drain() {
        inbox.drainTo(seen);
        return List.copyOf(seen);
    }

    /**
     * Closes the socket and waits for the server's answering close, so that the server has seen the close when this
     * returns; one whose server died is already gone, which is fine here.
     */
    @Override
    public void close() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        if (!closed) {
            try {
                join(inTurn(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "")));
                closedByServer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (IllegalStateException | ExecutionException | TimeoutException serverGone) {
                closed = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.abort();
    }

    private static URI uri(int port, String path) {
        return URI.create("ws://localhost:" + port + path);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
