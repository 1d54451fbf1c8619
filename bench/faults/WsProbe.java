import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Websockets kept open through a fault, as the app keeps them (JDK only, run as a source file): one per user of the
 * tokens file (the first `sockets` of them), each sending a heartbeat every `beat` seconds and, when the server
 * closes it or it fails, opening a new one a second later, for ever. Prints one line per happening:
 * "EPOCH_MS user-index ready|closed CODE|error CLASS|refused CLASS", so that the script can tell whether the
 * sockets reconnected and got `ready` after the fault by themselves.
 *
 * Args (key=value): base, tokens, sockets (default 5), beat (seconds, default 5).
 */
public class WsProbe {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(1);
    static String wsUrl;
    static long beat;

    public static void main(String[] args) throws Exception {
        Map<String, String> arg = java.util.Arrays.stream(args).map(a -> a.split("=", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a[1]));
        wsUrl = arg.get("base").replaceFirst("^http", "ws") + "/ws";
        beat = Long.parseLong(arg.getOrDefault("beat", "5"));
        List<String> tokens = Files.readAllLines(Path.of(arg.get("tokens"))).stream().map(l -> l.split(" ")[1])
                .limit(Integer.parseInt(arg.getOrDefault("sockets", "5"))).toList();
        for (int i = 0; i < tokens.size(); i++) {
            open(i, tokens.get(i));
        }
        Thread.currentThread().join();
    }

    static void log(int user, String what) {
        System.out.println(System.currentTimeMillis() + " " + user + " " + what);
    }

    static void open(int user, String token) {
        HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(wsUrl), new Listener(user, token))
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        log(user, "refused " + rootOf(error).getClass().getSimpleName());
                        TIMER.schedule(() -> open(user, token), 1, TimeUnit.SECONDS);
                    }
                });
    }

    static Throwable rootOf(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }

    static final class Listener implements WebSocket.Listener {
        final int user;
        final String token;
        final StringBuilder frame = new StringBuilder();
        volatile java.util.concurrent.ScheduledFuture<?> beating;
        volatile boolean over;

        Listener(int user, String token) {
            this.user = user;
            this.token = token;
        }

        @Override
        public void onOpen(WebSocket socket) {
            beating = TIMER.scheduleAtFixedRate(() -> socket.sendText("{\"type\":\"heartbeat\"}", true),
                    beat, beat, TimeUnit.SECONDS);
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                if (frame.indexOf("\"type\":\"ready\"") >= 0) {
                    log(user, "ready");
                }
                frame.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            reopen("closed " + code);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            reopen("error " + rootOf(error).getClass().getSimpleName());
        }

        private synchronized void reopen(String why) {
            if (over) {
                return;
            }
            over = true;
            if (beating != null) {
                beating.cancel(false);
            }
            log(user, why);
            TIMER.schedule(() -> open(user, token), 1, TimeUnit.SECONDS);
        }
    }
}
