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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load client for the realtime gateway, run by run.sh: opens one authenticated websocket per user, then sends direct
 * messages over HTTP at a fixed rate between random connected users and measures, in this one process (one clock),
 * the time from the send to the recipient's message.new event. Usage:
 * java RealtimeBench.java BASE_URL USER_IDS_FILE PRIVATE_KEY_PEM SERVER_PID RATE SECONDS WARMUP_SECONDS MANAGEMENT_URL
 * (MANAGEMENT_URL: the management interface, where the service's metrics are)
 */
public class RealtimeBench {

    /** At most this many warm-up rounds: on a loaded machine the JIT may never look quiet. */
    static final int WARM_UP_ROUNDS = 12;
    // HTTP/1.1 as phones behind a load balancer reach a pod: many connections, not one multiplexed h2c pipe.
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * BENCH_WS_TICKETS=true: each socket opens with a single-use ticket (/ws?ticket=) fetched with its access token,
     * as a client that cannot set headers on the upgrade does, instead of an Authorization header on the upgrade.
     */
    static final boolean TICKETS = Boolean.parseBoolean(System.getenv("BENCH_WS_TICKETS"));
    static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> userIds = Files.readAllLines(Path.of(args[1])).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        PrivateKey key = privateKey(Files.readString(Path.of(args[2])));
        long serverPid = Long.parseLong(args[3]);
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        String management = args[7];

        Memory before = Memory.of(management, serverPid);
        String[] tokens = new String[userIds.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = token(key, userIds.get(i));
        }

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<WebSocket> sockets = new ArrayList<>();
        List<Integer> connectedUsers = new ArrayList<>();
        Semaphore inFlight = new Semaphore(200);
        AtomicLong failed = new AtomicLong();
        long openStart = System.nanoTime();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        String wsUrl = base.replaceFirst("^http", "ws") + "/ws";
        for (int i = 0; i < tokens.length; i++) {
            inFlight.acquire();
            Listener listener = new Listener(userIds.get(i), latencies);
            CompletableFuture<WebSocket> socket = (TICKETS ? ticketUpgrade(base, wsUrl, tokens[i], listener)
                    : HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + tokens[i])
                            .connectTimeout(Duration.ofSeconds(30)).buildAsync(URI.create(wsUrl), listener))
                    .thenCompose(ws -> listener.ready.thenApply(v -> ws))
                    .whenComplete((ws, e) -> {
                        inFlight.release();
                        if (e != null && failed.incrementAndGet() == 1) {
                            System.out.println("first connection failure: " + e);
                        }
                    });
            opening.add(socket);
        }
        for (int i = 0; i < opening.size(); i++) {
            try {
                sockets.add(opening.get(i).get(60, TimeUnit.SECONDS));
                connectedUsers.add(i);
            } catch (Exception e) {
                // counted in failed
            }
        }
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        System.out.printf("connections held: %d of %d (%d failed), opened in %.1f s%n", sockets.size(),
                tokens.length, failed.get(), openSeconds);

        Thread.sleep(3000);
        Memory held = Memory.of(management, serverPid);
        int n = Math.max(1, sockets.size());
        System.out.printf("server RSS: %d MiB before, %d MiB with connections (%.1f KiB per connection)%n",
                before.rssKib / 1024, held.rssKib / 1024, (held.rssKib - before.rssKib) / (double) n);
        System.out.printf("server heap used after GC: %d MiB before, %d MiB with connections (%.1f KiB per connection)%n",
                before.heapKib / 1024, held.heapKib / 1024, (held.heapKib - before.heapKib) / (double) n);

        // What the connections hold, class by class (BENCH_HEAP_HISTOGRAM=FILE): to find what a connection costs.
        String histogram = System.getenv("BENCH_HEAP_HISTOGRAM");
        if (histogram != null && !histogram.isBlank()) {
            Files.writeString(Path.of(histogram), Memory.jcmd(serverPid, "GC.class_histogram"));
        }

        // Warm-up at the same rate, unmeasured, round after round until the JIT has compiled the message path: a
        // fixed warm-up left it compiling through the measured phase, whose p99 then measured the JIT.
        for (int round = 1;; round++) {
            Map<Integer, ThreadCpu> threadsBefore = cpuByThread(serverPid);
            long cpuBefore = cpuMillis(serverPid);
            long start = System.nanoTime();
            sendPhase(base, userIds, tokens, connectedUsers, rate, warmup);
            long jit = used(threadsBefore, cpuByThread(serverPid), cpuMillis(serverPid) - cpuBefore)
                    .getOrDefault("JIT compiler", 0L);
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            boolean quiet = jit < 0.02 * elapsed;
            System.out.printf("warm-up round %d: %d s at %d/s, JIT compiler %.1f %% of a core%s%n", round, warmup, rate,
                    100.0 * jit / elapsed, quiet ? ": warm" : "");
            if (quiet || round == WARM_UP_ROUNDS) {
                break;
            }
        }
        // The server with every connection held and nothing sent, as long as the send phase lasts: its background work
        // (the schedulers, the matcher's tick, the reconcilers' claims) goes on through the send phase too and is not
        // the messages' cost. First the warm-up's last deliveries drain.
        Thread.sleep(3000);
        long idleCpuBefore = cpuMillis(serverPid);
        Map<Integer, ThreadCpu> idleThreadsBefore = cpuByThread(serverPid);
        Thread.sleep((seconds + 3) * 1000L);
        long idleCpuUsed = cpuMillis(serverPid) - idleCpuBefore;
        Map<String, Long> idleByThread = used(idleThreadsBefore, cpuByThread(serverPid), idleCpuUsed);
        System.out.printf("server CPU idle with the connections held, %d s: %.1f %% of one core (by thread, ms:%s)%n",
                seconds + 3, 100.0 * idleCpuUsed / ((seconds + 3) * 1000.0), describe(idleByThread));

        latencies.clear();
        long cpuBefore = cpuMillis(serverPid);
        Map<Integer, ThreadCpu> threadsBefore = cpuByThread(serverPid);
        long clientCpuBefore = cpuMillis(ProcessHandle.current().pid());
        long[] counts = sendPhase(base, userIds, tokens, connectedUsers, rate, seconds);
        long cpuUsed = cpuMillis(serverPid) - cpuBefore;
        Map<Integer, ThreadCpu> threadsAfter = cpuByThread(serverPid);
        long clientCpuUsed = cpuMillis(ProcessHandle.current().pid()) - clientCpuBefore;
        long sent = counts[0];
        long refused = counts[1];

        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("sent %d messages at %d/s (%d refused), delivered %d%n", sent, rate, refused,
                sorted.length);
        if (sorted.length > 0) {
            System.out.printf("delivery latency send->recipient event: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
        }
        System.out.printf("server CPU in the send phase: %.1f ms per message sent (%.0f%% of one core)%n",
                cpuUsed / (double) Math.max(1, sent), 100.0 * cpuUsed / ((seconds + 3) * 1000.0));
        // Where the server's CPU went, by thread: the JIT's share shrinks with a longer warm-up, the rest is the path.
        Map<String, Long> sendByThread = used(threadsBefore, threadsAfter, cpuUsed);
        long jit = sendByThread.getOrDefault("JIT compiler", 0L);
        StringBuilder split = new StringBuilder();
        sendByThread.forEach((group, millis) ->
                split.append(String.format(" %s %.2f;", group, millis / (double) Math.max(1, counts[0]))));
        System.out.printf("server CPU per message by thread (ms):%s%n", split);
        System.out.printf("server CPU per message without the JIT compiler threads: %.2f ms%n",
                (cpuUsed - jit) / (double) Math.max(1, counts[0]));
        long idleJit = idleByThread.getOrDefault("JIT compiler", 0L);
        System.out.printf("server CPU per message above the idle server's, without the JIT compiler threads: %.2f ms%n",
                (cpuUsed - jit - (idleCpuUsed - idleJit)) / (double) Math.max(1, counts[0]));
        // The client shares the machine's cores with the server: what it burns is not available to the server.
        System.out.printf("bench client CPU in the send phase: %.1f ms per message sent (%.0f%% of one core)%n",
                clientCpuUsed / (double) Math.max(1, sent), 100.0 * clientCpuUsed / ((seconds + 3) * 1000.0));
        System.out.printf("server RSS after the send phase: %d MiB%n",
                Memory.of(management, serverPid).rssKib / 1024);
        System.exit(0);
    }

    /**
     * Sends {@code rate} messages per second for {@code seconds} seconds, each between two random connected users,
     * then waits for the last responses and 3 s more for stragglers; returns {sent, refused}. Receiving sockets record the latencies themselves.
     */
    static long[] sendPhase(String base, List<String> userIds, String[] tokens, List<Integer> connectedUsers, int rate,
            int seconds) throws Exception {
        int connected = connectedUsers.size();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        Semaphore inFlight = new Semaphore(256);
        AtomicLong sent = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long total = (long) rate * seconds;
        CompletableFuture<Void> done = new CompletableFuture<>();
        ticker.scheduleAtFixedRate(() -> {
            if (sent.get() >= total) {
                done.complete(null);
                return;
            }
            sent.incrementAndGet();
            int a = ThreadLocalRandom.current().nextInt(connected);
            int from = connectedUsers.get(a);
            int to = connectedUsers.get((a + 1 + ThreadLocalRandom.current().nextInt(connected - 1)) % connected);
            long start = System.nanoTime();
            String body = "{\"recipientId\":\"" + userIds.get(to) + "\",\"text\":\"t=" + start + "\"}";
            // At most 256 requests in flight (and so HTTP/1.1 connections); the rest wait here, and their wait counts
            // in the latency because the clock started at the scheduled send time.
            sender.execute(() -> {
                inFlight.acquireUninterruptibly();
                HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/messages"))
                        .header("Authorization", "Bearer " + tokens[from]).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            inFlight.release();
                            if ((e != null || r.statusCode() != 201) && refused.incrementAndGet() == 1) {
                                System.out.println("first refused send: " + (e != null ? e : r.statusCode() + " "
                                        + r.body()));
                            }
                        });
            });
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        done.get();
        ticker.shutdown();
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.MINUTES);
        inFlight.acquire(256);
        Thread.sleep(3000);
        return new long[] { sent.get(), refused.get() };
    }

    /** POST /api/v1/realtime/tickets with the access token, then the upgrade with the ticket it answers. */
    static CompletableFuture<WebSocket> ticketUpgrade(String base, String wsUrl, String token,
            WebSocket.Listener listener) {
        HttpRequest issue = HttpRequest.newBuilder(URI.create(base + "/api/v1/realtime/tickets"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.sendAsync(issue, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            Matcher ticket = TICKET.matcher(response.body());
            if (response.statusCode() != 201 || !ticket.find()) {
                throw new IllegalStateException("No ticket: " + response.statusCode() + " " + response.body());
            }
            return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(wsUrl + "?ticket=" + ticket.group(1)), listener);
        });
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /**
     * CPU ms each thread group used between two readings of {@link #cpuByThread}; the groups that used some. Counted
     * thread by thread: a worker or compiler thread that ended in between would otherwise take its whole past CPU out
     * of its group's sum (a pool's idle threads end after a while). The CPU of threads that ended in between is the
     * rest of the process's ({@code processMillis}), shown as "threads that ended".
     */
    static Map<String, Long> used(Map<Integer, ThreadCpu> before, Map<Integer, ThreadCpu> after, long processMillis) {
        Map<String, Long> used = new TreeMap<>();
        int busyThreads = 0;
        for (Map.Entry<Integer, ThreadCpu> thread : after.entrySet()) {
            ThreadCpu earlier = before.get(thread.getKey());
            long delta = thread.getValue().millis() - (earlier == null ? 0 : earlier.millis());
            if (delta > 0) {
                used.merge(thread.getValue().group(), delta, Long::sum);
                busyThreads++;
            }
        }
        long ended = processMillis - used.values().stream().mapToLong(Long::longValue).sum();
        // Each thread's time is read in ticks of 10 ms: a rest within a tick per busy thread is rounding.
        if (ended > 10L * busyThreads) {
            used.put("threads that ended", ended);
        }
        return used;
    }

    static String describe(Map<String, Long> byGroup) {
        StringBuilder text = new StringBuilder();
        byGroup.forEach((group, millis) -> text.append(String.format(" %s %d;", group, millis)));
        return text.toString();
    }

    record ThreadCpu(String group, long millis) {
    }

    /** CPU time of each of the process's threads from /proc/PID/task, with its group (thread names are cut at 15). */
    static Map<Integer, ThreadCpu> cpuByThread(long pid) throws Exception {
        Map<Integer, ThreadCpu> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
                    int tid = Integer.parseInt(task.getFileName().toString());
                    threads.put(tid, new ThreadCpu(threadGroup(name), millis));
                } catch (java.io.IOException | RuntimeException gone) {
                    // A thread that ended meanwhile.
                }
            }
        }
        return threads;
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
        }
        return "other";
    }

    static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** An RS256 access token like the service issues (sub, sid, groups), signed with the bench's key. */
    static String token(PrivateKey key, String userId) throws Exception {
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

    /** Collects latencies of message.new events addressed to this user (not the sender's own copy). */
    static final class Listener implements WebSocket.Listener {
        final String userId;
        final ConcurrentLinkedQueue<Long> latencies;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();

        Listener(String userId, ConcurrentLinkedQueue<Long> latencies) {
            this.userId = userId;
            this.latencies = latencies;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.contains("\"type\":\"ready\"")) {
                    ready.complete(null);
                } else if (frame.contains("\"type\":\"message.new\"") && !frame.contains("\"senderId\":\"" + userId)) {
                    int at = frame.indexOf("\"text\":\"t=");
                    if (at >= 0) {
                        int end = frame.indexOf('"', at + 10);
                        latencies.add(now - Long.parseLong(frame.substring(at + 10, end)));
                    }
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ready.completeExceptionally(error);
        }
    }

    /** RSS from /proc, and heap used after a full GC (jcmd) from the service's metrics, both in KiB. */
    record Memory(long rssKib, long heapKib) {
        static Memory of(String management, long pid) throws Exception {
            long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
            jcmd(pid, "GC.run");
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(management + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long heap = (long) Arrays.stream(metrics.split("\n"))
                    .filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / 1024;
            return new Memory(rss, heap);
        }

        static String jcmd(long pid, String command) throws Exception {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        }
    }
}
