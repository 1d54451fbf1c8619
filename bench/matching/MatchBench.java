import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpServer;

/**
 * Load client for the matching benchmark, run by run.sh (JDK only, run as a source file). One process, one clock: it
 * opens one authenticated websocket per user (the queue admits only connected users, and match.found arrives there),
 * then every user joins the queue over REST at once (at most {@code in-flight} requests in flight, in a shuffled
 * order), and each socket records when its match.found arrives. It reports how long it took until everyone was
 * matched, the wait of each user from its join to its match.found, the server's CPU per match, and checks the
 * matches: each user matched once, both sides of a call naming each other and the same call, in the same language.
 * It also serves the LiveKit RoomService stand-in (every Twirp call answered 200 with an empty protobuf message) and
 * counts its calls.
 *
 * Usage: java MatchBench.java key=value... (see run.sh for the keys).
 */
public class MatchBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final String[] LANGUAGES = { "hi", "en", "bn", "te", "mr", "ta", "ur", "gu", "kn", "ml" };
    static final String[] INTERESTS = { "cricket", "movies", "music", "travel", "food", "books", "gaming", "fitness",
            "fashion", "tech", "art", "dance", "yoga", "football", "photography", "cooking", "startups", "anime",
            "poetry", "spirituality" };

    static Map<String, String> arg = new HashMap<>();
    // Before each line of the report: the warm-up crowd's lines are marked as such.
    static volatile String prefix = "";
    static String base;
    static PrivateKey key;
    static final Map<String, AtomicLong> livekitByMethod = new ConcurrentHashMap<>();
    // What the service sends the crowd, by event type: every frame costs the service and the client alike.
    static final Map<String, AtomicLong> framesByType = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            int eq = a.indexOf('=');
            arg.put(a.substring(0, eq), a.substring(eq + 1));
        }
        base = arg.get("base");
        key = privateKey(Files.readString(Path.of(arg.get("key"))));
        startLiveKitStandIn(Integer.parseInt(arg.get("livekit-port")));
        try {
            if (arg.containsKey("warmup")) {
                // The warm-up crowds go through this JVM too, so that the client's own code is compiled before the
                // measured crowd (its JIT would otherwise take the cores' time from the service's). One crowd after
                // the other (comma-separated files), each of users of its own: matched users stay in their calls.
                List<String> crowds = List.of(arg.get("warmup").split(","));
                for (int round = 1; round <= crowds.size(); round++) {
                    prefix = crowds.size() == 1 ? "  warm-up: " : "  warm-up " + round + "/" + crowds.size() + ": ";
                    run(crowds.get(round - 1));
                }
                prefix = "";
                report("load average before the measured run: %s%n",
                        String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3)));
            }
            run(arg.get("users"));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // The stand-in's and the sockets' threads would keep the JVM (and so run.sh) alive.
        System.exit(0);
    }

    static void run(String usersFile) throws Exception {
        livekitByMethod.clear();
        framesByType.clear();
        List<String> users = Files.readAllLines(Path.of(usersFile)).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        int n = users.size();
        long serverPid = Long.parseLong(arg.get("pid"));
        int inFlight = Integer.parseInt(arg.getOrDefault("in-flight", "64"));
        // Joins a second, sent by the clock (0: as fast as they are answered, within in-flight).
        int joinRate = Integer.parseInt(arg.getOrDefault("join-rate", "0"));
        int languages = Integer.parseInt(arg.getOrDefault("languages", "10"));
        Random random = new Random(Long.parseLong(arg.getOrDefault("seed", "15")));

        // Requests: users 2k and 2k+1 share a language, so every language has an even count and everyone can be
        // matched; 0 to 5 interests each, at random; all audio, no gender preference.
        String[] language = new String[n];
        String[] body = new String[n];
        for (int i = 0; i < n; i++) {
            language[i] = LANGUAGES[(i / 2) % languages];
            List<String> interests = new ArrayList<>(Arrays.asList(INTERESTS));
            Collections.shuffle(interests, random);
            body[i] = "{\"languages\":[\"" + language[i] + "\"],\"interests\":[" + String.join(",",
                    interests.subList(0, random.nextInt(6)).stream().map(s -> "\"" + s + "\"").toList())
                    + "],\"mode\":\"AUDIO\"}";
        }
        String[] tokens = new String[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = token(users.get(i));
        }

        Sockets sockets = Sockets.connect(users, tokens);

        // The burst: every user joins the queue, in a shuffled order. A user whose socket did not open (a loaded
        // machine refuses a few handshakes) stays out with the user sharing its language, so every language keeps
        // an even count.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (sockets.open[i] && sockets.open[(i ^ 1) < n ? i ^ 1 : i]) {
                order.add(i);
            }
        }
        if (order.size() < n) {
            report("%d users left out of the burst (their own or their language partner's socket failed)%n",
                    n - order.size());
        }
        Collections.shuffle(order, random);
        long[] sent = new long[n];
        AtomicLongArray answered = new AtomicLongArray(n);
        AtomicInteger refused = new AtomicInteger();
        AtomicReferenceArray<String> firstRefusal = new AtomicReferenceArray<>(1);
        Semaphore slots = new Semaphore(inFlight);
        CountDownLatch answers = new CountDownLatch(order.size());
        Found.all = new CountDownLatch(order.size());
        long redisPid = Long.parseLong(arg.getOrDefault("redis-pid", "0"));
        long pgPid = Long.parseLong(arg.getOrDefault("pg-pid", "0"));
        long redisBefore = redisPid == 0 ? 0 : cpuMillis(redisPid);
        long pgBefore = pgPid == 0 ? 0 : treeCpuMillis(pgPid);
        long cpuBefore = cpuMillis(serverPid);
        Map<String, Long> threadsBefore = cpuByThreadGroup(serverPid);
        long clientCpuBefore = cpuMillis(ProcessHandle.current().pid());
        long clientJitBefore = cpuByThreadGroup(ProcessHandle.current().pid()).getOrDefault("JIT compiler", 0L);
        long start = System.nanoTime();
        boolean preload = Boolean.parseBoolean(arg.getOrDefault("preload", "false"));
        if (preload) {
            // The matcher alone: users are put in the pool as a join writes them (they are connected and have the
            // coins a join checks for), all at once in one pipeline, or at join-rate a second by the clock.
            try (Pool pool = new Pool(Integer.parseInt(arg.get("redis-port")))) {
                int written = 0;
                while (written < order.size()) {
                    long now = System.nanoTime();
                    int due = joinRate <= 0 ? order.size()
                            : (int) Math.min(order.size(), (now - start) * joinRate / 1_000_000_000L + 1);
                    if (due > written) {
                        List<Integer> arriving = order.subList(written, due);
                        long inPool = pool.add(arriving, users, language, body);
                        for (int i : arriving) {
                            sent[i] = now;
                            answered.set(i, inPool);
                            answers.countDown();
                        }
                        written = due;
                    }
                    LockSupport.parkNanos(2_000_000L);
                }
            }
        }
        long joinsSent = 0;
        for (int i : preload ? List.<Integer>of() : order) {
            if (joinRate > 0) {
                long due = start + joinsSent++ * 1_000_000_000L / joinRate;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            slots.acquire();
            sent[i] = System.nanoTime();
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/matching/queue"))
                    .header("Authorization", "Bearer " + tokens[i]).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body[i])).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        long now = System.nanoTime();
                        slots.release();
                        if (r != null && r.statusCode() == 200) {
                            answered.set(i, now);
                        } else {
                            refused.incrementAndGet();
                            firstRefusal.compareAndSet(0, null, r != null ? r.statusCode() + " " + r.body()
                                    : e.toString());
                        }
                        answers.countDown();
                    });
        }
        answers.await(300, TimeUnit.SECONDS);
        long lastAnswer = 0;
        for (int i = 0; i < n; i++) {
            lastAnswer = Math.max(lastAnswer, answered.get(i));
        }
        int expected = order.size() - refused.get();
        long timeout = Long.parseLong(arg.getOrDefault("timeout-seconds", "120"));
        Found.all.await(timeout, TimeUnit.SECONDS);
        long end = System.nanoTime();
        long cpu = cpuMillis(serverPid) - cpuBefore;
        Map<String, Long> threadsAfter = cpuByThreadGroup(serverPid);
        long clientCpu = cpuMillis(ProcessHandle.current().pid()) - clientCpuBefore;
        long clientJit = cpuByThreadGroup(ProcessHandle.current().pid()).getOrDefault("JIT compiler", 0L)
                - clientJitBefore;
        long redisCpu = redisPid == 0 ? 0 : cpuMillis(redisPid) - redisBefore;
        long pgCpu = pgPid == 0 ? 0 : treeCpuMillis(pgPid) - pgBefore;

        // Checks: once each, both sides agree on the call and on each other, a shared language.
        int matched = 0;
        int mismatched = 0;
        long lastFound = 0;
        Map<String, List<Integer>> byCall = new HashMap<>();
        List<Long> fromAnswer = new ArrayList<>();
        List<Long> fromSent = new ArrayList<>();
        // The waits by the second the join was answered in: when in the burst the long waits were.
        Map<Long, List<Long>> fromAnswerBySecond = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            long at = Found.at.get(i);
            if (at == 0) {
                continue;
            }
            matched++;
            lastFound = Math.max(lastFound, at);
            byCall.computeIfAbsent(Found.call.get(i), c -> new ArrayList<>()).add(i);
            fromSent.add(at - sent[i]);
            if (answered.get(i) != 0) {
                long wait = Math.max(0, at - answered.get(i));
                fromAnswer.add(wait);
                fromAnswerBySecond.computeIfAbsent((answered.get(i) - start) / 1_000_000_000L, s -> new ArrayList<>())
                        .add(wait);
            }
        }
        for (List<Integer> pair : byCall.values()) {
            if (pair.size() != 2) {
                mismatched += pair.size();
                continue;
            }
            int a = pair.get(0);
            int b = pair.get(1);
            if (!users.get(b).equals(Found.partner.get(a)) || !users.get(a).equals(Found.partner.get(b))
                    || !language[a].equals(language[b])) {
                mismatched += 2;
            }
        }
        int matches = matched / 2;
        double allSeconds = (lastFound - start) / 1e9;
        double cores = cpu / ((end - start) / 1e6);

        if (preload) {
            report("pool: %d users written to Redis in %.0f ms%s%n", order.size(), (lastAnswer - start) / 1e6,
                    joinRate > 0 ? ", " + joinRate + " a second by the clock" : ", at once");
        } else {
            double burstSeconds = (lastAnswer - start) / 1e9;
            report("burst: %d joins (at most %d in flight%s); %d answered 200 in %.2f s (%.0f joins/s), %d refused"
                    + " (first: %s)%n", order.size(), inFlight, joinRate > 0 ? ", sent at " + joinRate + "/s" : "",
                    expected, burstSeconds, expected / burstSeconds, refused.get(), firstRefusal.get(0));
        }
        report("matched: %d of %d users (%d calls); duplicates %d; inconsistent pairs (partner, call or"
                + " language) %d users%n", matched, expected, byCall.size(), Found.duplicates.get(), mismatched);
        report("time to match everyone: %.2f s from the first join sent to the last match.found"
                + " -> %.0f matches/s%n", allSeconds, matches / allSeconds);
        report("wait, join answered -> match.found: p50 %s  p99 %s  max %s%n", ms(fromAnswer, 0.50),
                ms(fromAnswer, 0.99), ms(fromAnswer, 1.0));
        report("wait, join sent -> match.found:     p50 %s  p99 %s  max %s%n", ms(fromSent, 0.50),
                ms(fromSent, 0.99), ms(fromSent, 1.0));
        StringBuilder bySecond = new StringBuilder();
        fromAnswerBySecond.forEach((second, waits) -> bySecond.append(String.format(" %ds: %d joins, %s;", second,
                waits.size(), ms(waits, 0.99))));
        report("wait p99 by the second the join was answered in:%s%n", bySecond);
        report("server CPU from the first join to the end: %d ms (%.2f ms per match, %.2f cores);"
                + " client %d ms (its JIT %d ms)%n", cpu, cpu / (double) Math.max(1, matches), cores, clientCpu,
                clientJit);
        // Where the server's CPU went, by thread: the JIT's share shrinks as the pod stays up, the rest is the path.
        StringBuilder byGroup = new StringBuilder();
        long jit = 0;
        for (Map.Entry<String, Long> group : threadsAfter.entrySet()) {
            long used = group.getValue() - threadsBefore.getOrDefault(group.getKey(), 0L);
            jit += group.getKey().equals("JIT compiler") ? used : 0;
            byGroup.append(String.format(" %s %.2f;", group.getKey(), used / (double) Math.max(1, matches)));
        }
        report("  by thread, ms per match:%s without the JIT %.2f ms per match%n", byGroup,
                (cpu - jit) / (double) Math.max(1, matches));
        report("  PostgreSQL (all its processes) %d ms (%.2f ms per match); Redis %d ms (%.2f ms per match)%n",
                pgCpu, pgCpu / (double) Math.max(1, matches), redisCpu, redisCpu / (double) Math.max(1, matches));
        report("LiveKit stand-in: %s%n", livekitByMethod);
        report("frames received, by type: %s%n", new TreeMap<>(framesByType));
        sockets.close();
    }

    /** The matching pool in Redis, written over one connection as a join writes it. */
    static final class Pool implements AutoCloseable {

        private final java.net.Socket redis;
        private final java.io.BufferedReader replies;

        Pool(int port) throws IOException {
            redis = new java.net.Socket("127.0.0.1", port);
            replies = new java.io.BufferedReader(new java.io.InputStreamReader(redis.getInputStream(),
                    StandardCharsets.UTF_8));
        }

        /**
         * Writes these users' tickets and places (MatchQueue's keys: the waiting set, the language sets, the ticket, the
         * request) in one pipeline; returns System.nanoTime() when the last reply came.
         */
        long add(List<Integer> arriving, List<String> users, String[] language, String[] body) throws IOException {
            StringBuilder commands = new StringBuilder();
            String now = Long.toString(System.currentTimeMillis());
            for (int i : arriving) {
                String user = users.get(i);
                // The join request's body is the ticket but for what the profile adds (no gender; not premium).
                String request = UUID.randomUUID().toString();
                String ticket = "{\"userId\":\"" + user + "\",\"requestId\":\"" + request + "\","
                        + body[i].substring(1, body[i].length() - 1)
                        + ",\"gender\":null,\"preferredGender\":null,\"premium\":false}";
                resp(commands, "SET", "{match}:ticket:" + user, ticket);
                resp(commands, "SET", "{match}:request:" + user, request);
                resp(commands, "ZADD", "{match}:waiting", now, user);
                resp(commands, "ZADD", "{match}:lang:" + language[i], now, user);
            }
            redis.getOutputStream().write(commands.toString().getBytes(StandardCharsets.UTF_8));
            redis.getOutputStream().flush();
            for (int n = 0; n < arriving.size() * 4; n++) {
                String reply = replies.readLine();
                if (reply == null || reply.startsWith("-")) {
                    throw new IOException("Redis refused a pool write: " + reply);
                }
            }
            return System.nanoTime();
        }

        @Override
        public void close() throws IOException {
            redis.close();
        }
    }

    static void resp(StringBuilder out, String... parts) {
        out.append('*').append(parts.length).append("\r\n");
        for (String part : parts) {
            out.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
                    .append("\r\n");
        }
    }

    static String ms(List<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return "-";
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int at = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1));
        return String.format("%.0f ms", sorted[at] / 1e6);
    }

    /** Every user's match.found: when it came, the call and the partner it named. */
    static final class Found {
        static AtomicLongArray at;
        static AtomicReferenceArray<String> call;
        static AtomicReferenceArray<String> partner;
        static final AtomicInteger duplicates = new AtomicInteger();
        static CountDownLatch all;

        static void init(int n) {
            duplicates.set(0);
            at = new AtomicLongArray(n);
            call = new AtomicReferenceArray<>(n);
            partner = new AtomicReferenceArray<>(n);
        }

        static void offer(int user, String frame, long now) {
            if (!frame.contains("\"type\":\"match.found\"")) {
                return;
            }
            if (!at.compareAndSet(user, 0, now)) {
                duplicates.incrementAndGet();
                return;
            }
            call.set(user, field(frame, "\"callId\":\""));
            int partnerAt = frame.indexOf("\"partner\":{");
            partner.set(user, partnerAt < 0 ? null : field(frame.substring(partnerAt), "\"id\":\""));
            all.countDown();
        }

        static String field(String frame, String name) {
            int at = frame.indexOf(name);
            return at < 0 ? null : frame.substring(at + name.length(), at + name.length() + 36);
        }
    }

    /** The users' websockets, by user index; they beat at the interval the ready event asks. */
    static final class Sockets {
        final boolean[] open;
        final List<WebSocket> sockets;
        final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

        private Sockets(boolean[] open, List<WebSocket> sockets) {
            this.open = open;
            this.sockets = sockets;
        }

        static Sockets connect(List<String> users, String[] tokens) throws Exception {
            Found.init(users.size());
            Semaphore inFlight = new Semaphore(200);
            AtomicLong failed = new AtomicLong();
            long openStart = System.nanoTime();
            AtomicLong heartbeatSeconds = new AtomicLong(30);
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                inFlight.acquire();
                User listener = new User(i, heartbeatSeconds);
                opening.add(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + tokens[i])
                        .connectTimeout(Duration.ofSeconds(30))
                        .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws"), listener)
                        .thenCompose(ws -> listener.ready.thenApply(v -> ws)).whenComplete((ws, e) -> {
                            inFlight.release();
                            if (e != null && failed.incrementAndGet() == 1) {
                                report("first connection failure: %s%n", e);
                            }
                        }));
            }
            try {
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted below
            }
            List<WebSocket> open = new ArrayList<>();
            boolean[] isOpen = new boolean[users.size()];
            for (int i = 0; i < opening.size(); i++) {
                CompletableFuture<WebSocket> socket = opening.get(i);
                if (socket.isDone() && !socket.isCompletedExceptionally()) {
                    open.add(socket.join());
                    isOpen[i] = true;
                }
            }
            Sockets sockets = new Sockets(isOpen, open);
            report("sockets: %d of %d open and ready (%d failed) in %.1f s%n", open.size(), users.size(),
                    failed.get(), (System.nanoTime() - openStart) / 1e9);
            // Heartbeats spread evenly over the interval, as phones that connected at different times send them.
            long periodNanos = TimeUnit.SECONDS.toNanos(heartbeatSeconds.get()) / Math.max(1, open.size());
            AtomicInteger next = new AtomicInteger();
            sockets.heartbeats.scheduleAtFixedRate(() -> open.get(Math.floorMod(next.getAndIncrement(), open.size()))
                    .sendText("{\"type\":\"heartbeat\"}", true), periodNanos, Math.max(1, periodNanos),
                    TimeUnit.NANOSECONDS);
            return sockets;
        }

        /** Drops every connection, as the end of the process would: the server sees them gone and lets them go. */
        void close() throws InterruptedException {
            heartbeats.shutdownNow();
            sockets.forEach(WebSocket::abort);
            // The server takes each user offline; let it finish before a measured crowd connects.
            Thread.sleep(5000);
        }
    }

    static final class User implements WebSocket.Listener {
        final int index;
        final AtomicLong heartbeatSeconds;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();

        User(int index, AtomicLong heartbeatSeconds) {
            this.index = index;
            this.heartbeatSeconds = heartbeatSeconds;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                int type = frame.indexOf("\"type\":\"");
                if (type >= 0) {
                    String name = frame.substring(type + 8, frame.indexOf('"', type + 8));
                    framesByType.computeIfAbsent(name, t -> new AtomicLong()).incrementAndGet();
                }
                if (!ready.isDone() && frame.contains("\"type\":\"ready\"")) {
                    int at = frame.indexOf("\"heartbeatIntervalSeconds\":");
                    if (at >= 0) {
                        heartbeatSeconds.set(Long.parseLong(frame.substring(at + 27).replaceAll("\\D.*", "")));
                    }
                    ready.complete(null);
                } else {
                    Found.offer(index, frame, now);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ready.completeExceptionally(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ready.completeExceptionally(new IOException("closed by the server: " + statusCode + " " + reason));
            return null;
        }
    }

    /** LiveKit's RoomService is Twirp; an empty protobuf body is a valid message of every response type. */
    static void startLiveKitStandIn(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/twirp/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestURI().getPath().replaceFirst(".*/", "");
            livekitByMethod.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    static void report(String format, Object... args) {
        System.out.print(prefix + String.format(format, args));
    }

    /** CPU time of the process's threads from /proc/PID/task, grouped by what they do (thread names are cut at 15). */
    static Map<String, Long> cpuByThreadGroup(long pid) throws IOException {
        Map<String, Long> groups = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
                    groups.merge(threadGroup(name), millis, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // A thread that ended meanwhile.
                }
            }
        }
        return groups;
    }

    static String threadGroup(String name) {
        if (name.startsWith("vert.x-eventloo")) {
            return "event loops";
        } else if (name.startsWith("executor-thread")) {
            return "workers";
        } else if (name.startsWith("C2 CompilerThre") || name.startsWith("C1 CompilerThre")) {
            return "JIT compiler";
        } else if (name.startsWith("VM Thread") || name.startsWith("GC ")) {
            return "GC and VM";
        } else if (name.startsWith("matcher-batch")) {
            return "matcher batches";
        } else if (name.startsWith("livekit-rooms") || name.startsWith("OkHttp")) {
            return "LiveKit requests";
        }
        return "other";
    }

    /** CPU time of a process and its children now running (PostgreSQL's postmaster and its backends). */
    static long treeCpuMillis(long parent) throws IOException {
        long total = cpuMillis(parent);
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == parent) {
                        total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return total;
    }

    /** An RS256 access token like the service issues (sub, sid, groups), signed with the bench's key. */
    static String token(String userId) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"https://banter.app\",\"aud\":\"banter-app\",\"sub\":\"" + userId
                + "\",\"sid\":\"" + UUID.randomUUID() + "\",\"groups\":[\"user\"],\"iat\":" + now + ",\"exp\":"
                + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(rsa.sign());
    }

    static PrivateKey privateKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
