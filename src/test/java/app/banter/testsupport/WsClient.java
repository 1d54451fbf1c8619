package app.banter.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/** A device connected to /ws, as the app connects: it records every event the server pushes. */
public final class WsClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private volatile boolean closed;
    private long heartbeatTimer = -1;
    private volatile Short closeStatus;
    private WebSocket socket;

    private WsClient() {
    }

    /** Connects with the access token in the Authorization header and waits for the ready event. */
    public static WsClient connect(int port, String accessToken) {
        return connect(options(port, "/ws").addHeader("Authorization", "Bearer " + accessToken));
    }

    public static WsClient connectWithTicket(int port, String ticket) {
        return connect(options(port, "/ws?ticket=" + ticket));
    }

    private static WsClient connect(WebSocketConnectOptions options) {
        WsClient client = new WsClient();
        // Handlers go on before the handshake starts, so that no frame can come before them: the server sends ready
        // right after its 101, often in the same TCP read (once in CI a socket saw no ready at all).
        ClientWebSocket socket = CLIENT.webSocket();
        socket.textMessageHandler(client::receive);
        socket.closeHandler(v -> {
            client.closeStatus = socket.closeStatusCode();
            client.closed = true;
        });
        client.socket = socket;
        join(socket.connect(options));
        JsonNode ready;
        try {
            ready = client.await("ready");
        } catch (AssertionError noReady) {
            client.close();
            throw new AssertionError(noReady.getMessage() + "; server threads in our code: " + threadsInOurCode()
                    + "; every thread: " + dumpThreads(), noReady);
        }
        // Beat as the app does, at the interval the server asks for: the test profile's presence TTL is a few
        // seconds, and a test that spends longer than that between connecting and calling must not find its
        // user gone offline.
        long interval = Math.max(1, ready.path("heartbeatIntervalSeconds").asLong(1));
        client.heartbeatTimer = VERTX.setPeriodic(interval * 1000, id -> {
            if (!client.closed) {
                client.socket.writeTextMessage("{\"type\":\"heartbeat\"}");
            }
        });
        return client;
    }

    /**
     * Where the service's threads are (a QuarkusTest runs it in this JVM): a socket opened but never given its ready
     * event has been seen once in CI and never here, so a failure says what the gateway was waiting on.
     */
    private static String threadsInOurCode() {
        StringBuilder where = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            for (StackTraceElement frame : frames) {
                if (frame.getClassName().startsWith("app.banter.") && !frame.getClassName().contains("testsupport")
                        && !frame.getClassName().endsWith("Test")) {
                    where.append("\n  ").append(thread.getName()).append(" at ").append(frames[0]).append(" in ")
                            .append(frame);
                    break;
                }
            }
        });
        return where.isEmpty() ? "none" : where.toString();
    }

    /** Every thread's whole stack, to a file under target/ (named in the failure). */
    private static String dumpThreads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
            for (StackTraceElement frame : frames) {
                dump.append("    at ").append(frame).append('\n');
            }
        });
        try {
            java.nio.file.Path file = java.nio.file.Path.of("target", "ws-no-ready-" + System.currentTimeMillis() + ".txt");
            java.nio.file.Files.writeString(file, dump);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            return "not written: " + e.getMessage();
        }
    }

    private void receive(String text) {
        try {
            inbox.add(JSON.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException("Server sent invalid JSON: " + text, e);
        }
    }

    /** The HTTP status a refused upgrade was answered with. */
    public static int refusal(int port, String uri, String accessToken) {
        WebSocketConnectOptions options = options(port, uri);
        if (accessToken != null) {
            options.addHeader("Authorization", "Bearer " + accessToken);
        }
        try {
            WebSocket socket = join(CLIENT.connect(options));
            socket.close();
            throw new AssertionError("The upgrade was accepted");
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    public void send(String frame) {
        join(socket.writeTextMessage(frame));
    }

    /** A binary frame, which the gateway does not take (adversarial tests). */
    public void sendBinary(byte[] bytes) {
        join(socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes)));
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
                        // Frames arrive before the close on the same event loop: nothing more is coming.
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
        VERTX.cancelTimer(heartbeatTimer);
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

    /** Closes the socket; one whose server died is already gone, which is fine here. */
    @Override
    public void close() {
        VERTX.cancelTimer(heartbeatTimer);
        if (!closed) {
            try {
                join(socket.close());
            } catch (IllegalStateException serverGone) {
                closed = true;
            }
        }
    }

    private static WebSocketConnectOptions options(int port, String uri) {
        return new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri);
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
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
