import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Does a websocket client get the frame a server sends right after its 101? The gateway sends ready that way, and the
 * suite's websocket client waits for it. A plain Vert.x server answers every upgrade with one text frame, at once on
 * the event loop or a moment later from a worker (as the gateway's blocking @OnOpen does); Vert.x's client and the
 * JDK's connect to it in turn, one connection at a time, and each counts the connections whose frame never came.
 * Run by hand (the suite does not): see README.md, "The first frame after the 101".
 */
public class FirstFrame {

    private static final Duration WAIT = Duration.ofSeconds(2);

    interface Client {
        /** Connects, waits up to WAIT for the first text frame and closes; false when none came. */
        boolean firstFrameArrives(URI uri) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Vertx vertx = Vertx.vertx();
        int port = vertx.createHttpServer()
                .requestHandler(request -> request.toWebSocket().onSuccess(socket -> {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        socket.writeTextMessage("{\"type\":\"ready\"}");
                    } else {
                        vertx.executeBlocking(() -> socket.writeTextMessage("{\"type\":\"ready\"}"));
                    }
                }))
                .listen(0).toCompletionStage().toCompletableFuture().get().actualPort();
        URI uri = URI.create("ws://localhost:" + port + "/ws");
        WebSocketClient vertxClient = vertx.createWebSocketClient();
        HttpClient jdkClient = HttpClient.newHttpClient();
        List<String> names = List.of("Vert.x " + io.vertx.core.impl.launcher.commands.VersionCommand.getVersion(),
                "JDK " + Runtime.version().feature());
        List<Client> clients = List.of(u -> viaVertx(vertxClient, u), u -> viaJdk(jdkClient, u));
        long[] lost = new long[2];
        for (int i = 0; i < connections; i++) {
            int which = i % 2;
            if (!clients.get(which).firstFrameArrives(uri)) {
                lost[which]++;
            }
        }
        for (int which = 0; which < 2; which++) {
            System.out.printf("%s client: %d connections, first frame lost %d times%n", names.get(which),
                    (connections + 1 - which) / 2, lost[which]);
        }
        System.exit(0);
    }

    private static boolean viaVertx(WebSocketClient client, URI uri) throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(inbox::add);
        socket.connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getPath())).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        boolean arrived = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) != null;
        socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return arrived;
    }

    private static boolean viaJdk(HttpClient client, URI uri) throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        java.net.http.WebSocket socket = client.newWebSocketBuilder().buildAsync(uri,
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence text, boolean last) {
                        inbox.add(text.toString());
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        boolean arrived = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) != null;
        socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        socket.abort();
        return arrived;
    }
}
