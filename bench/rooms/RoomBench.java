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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;

/**
 * Load client for the rooms benchmark, run by run.sh (JDK only, run as a source file). One process, one clock: it
 * opens one authenticated websocket per member, makes an event happen (over HTTP, or by a websocket opening or
 * closing), and records when each member's socket receives it; an event counts as delivered when every member has it.
 * Events go one at a time (the next starts once every member has the previous one, or after a timeout), so the figure
 * is the latency of one event to the whole room, not a throughput. It also serves the LiveKit RoomService stand-in
 * the service talks to (every Twirp call answered 200 with an empty protobuf message, which every RoomService
 * response type accepts).
 *
 * Usage: java RoomBench.java key=value... (see run.sh for the keys).
 */
public class RoomBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    static Map<String, String> arg;
    static String base;
    static PrivateKey key;
    static long serverPid;
    /** The event being measured now; listeners test every text frame against it. */
    static volatile Probe current;
    static final AtomicLong livekitCalls = new AtomicLong();
    static final Map<String, AtomicLong> livekitByMethod = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        arg = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            arg.put(a.substring(0, eq), a.substring(eq + 1));
        }
        base = arg.get("base");
        key = privateKey(Files.readString(Path.of(arg.get("key"))));
        serverPid = Long.parseLong(arg.get("pid"));
        if (arg.containsKey("livekit-port")) {
            startLiveKitStandIn(Integer.parseInt(arg.get("livekit-port")));
        }
        String scenario = arg.get("scenario");
        try {
            switch (scenario) {
                case "presence" -> PresenceScenario.run();
                case "rooms" -> RoomScenario.run();
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            // The stand-in's and the sockets' threads would keep the JVM (and so run.sh) alive.
            System.exit(1);
        }
        System.exit(0);
    }

    static int intArg(String name, int fallback) {
        return arg.containsKey(name) ? Integer.parseInt(arg.get(name)) : fallback;
    }

    static List<String> lines(String file) throws IOException {
        return Files.readAllLines(Path.of(file)).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pre-rooms proxy: the same fan-out path (RealtimeEvents.sendToUsers to N users on one pod) driven by presence. One
    // "speaker" has every listener as a friend; each time its websocket opens or closes, the service announces its
    // presence to all of them (one query for the friends, one sendToUsers with N recipients).

    static final class PresenceScenario {
        static void run() throws Exception {
            List<String> listeners = lines(arg.get("listeners"));
            String speaker = lines(arg.get("speakers")).getFirst();
            int events = intArg("events", 100);
            int warmup = intArg("warmup", 20);
            Room room = Room.connect(listeners);
            String speakerToken = token(speaker);
            Results results = new Results("presence (speaker's socket opens/closes -> " + listeners.size()
                    + " friends)");
            for (int i = 0; i < warmup + events; i++) {
                boolean measured = i >= warmup;
                if (i == warmup) {
                    results.startCpu();
                }
                Probe online = new Probe(room,
                        f -> f.contains("\"type\":\"presence\"") && f.contains(speaker) && f.contains("\"online\""));
                current = online;
                online.start();
                WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + speakerToken)
                        .buildAsync(URI.create(wsUrl()), new WebSocket.Listener() {
                        }).get(30, TimeUnit.SECONDS);
                results.add(online.await(), measured);
                Probe offline = new Probe(room,
                        f -> f.contains("\"type\":\"presence\"") && f.contains(speaker) && f.contains("\"offline\""));
                current = offline;
                offline.start();
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                results.add(offline.await(), measured);
                Thread.sleep(100);
            }
            results.stopCpu();
            results.print();
            room.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    static final class RoomScenario {
        static void run() throws Exception {
            List<String> listeners = lines(arg.get("listeners"));
            List<String> speakers = lines(arg.get("speakers"));
            List<String> hosts = lines(arg.get("hosts"));
            List<String> joiners = lines(arg.get("joiners"));
            List<String> warmJoiners = arg.containsKey("warm-joiners") ? lines(arg.get("warm-joiners")) : List.of();
            int events = intArg("events", 100);
            int warmup = intArg("warmup", 20);
            int burstCapacity = intArg("burst-capacity", 1000);
            Map<String, String> tokens = new ConcurrentHashMap<>();
            for (List<String> group : List.of(listeners, speakers, hosts, joiners, warmJoiners)) {
                for (String id : group) {
                    tokens.put(id, token(id));
                }
            }

            // 0. The join path run first as in a pod that has been serving (the JIT, class loading and Hibernate's
            // query plans are a third of a cold JVM's work): the same burst into a room of its own, not measured.
            if (!warmJoiners.isEmpty()) {
                Burst warm = Burst.join(createRoom(tokens.get(hosts.get(2)), burstCapacity), warmJoiners, tokens);
                System.out.printf("warm-up burst (not measured): %d joins, %.0f requests answered per second%n",
                        warmJoiners.size(), warmJoiners.size() / warm.allSeconds);
            }

            // 1. A burst of joins into a room of fixed capacity: exactly capacity - 1 admitted (the host is a member).
            if (!joiners.isEmpty()) {
                joinBurst(joiners, tokens.get(hosts.get(1)), burstCapacity, tokens);
            }

            // 2. The measured room: host, 10 speakers, N listeners, joined over HTTP before their sockets open.
            measureFanout(listeners, speakers, hosts.get(0), events, warmup, tokens);
        }

        static void joinBurst(List<String> joiners, String hostToken, int burstCapacity, Map<String, String> tokens)
                throws Exception {
            String burstRoom = createRoom(hostToken, burstCapacity);
            long serverCpu = cpuMillis(serverPid);
            Burst burst = Burst.join(burstRoom, joiners, tokens);
            serverCpu = cpuMillis(serverPid) - serverCpu;
            int expected = burstCapacity - 1;
            System.out.printf("join burst: %d joins into a room of capacity %d (host inside): %d admitted, %d ROOM_FULL,"
                    + " %d other answers (first: %s); capacity exact: %s%n", joiners.size(), burstCapacity,
                    burst.admitted, burst.full, burst.other, burst.firstOther, burst.admitted == expected ? "yes"
                            : "NO (expected " + expected + ")");
            System.out.printf("  %.0f joins admitted per second (the last admitted %.1f s after the first request);"
                    + " %.0f requests answered per second%n", burst.admitted / burst.admittedSeconds,
                    burst.admittedSeconds, joiners.size() / burst.allSeconds);
            System.out.printf("  server CPU: %.1f ms per join request%n", serverCpu / (double) joiners.size());
        }

        static void measureFanout(List<String> listeners, List<String> speakers, String host, int events, int warmup,
                Map<String, String> tokens) throws Exception {
            List<String> members = new ArrayList<>();
            members.add(host);
            members.addAll(speakers);
            members.addAll(listeners);
            String room = createRoom(tokens.get(host), members.size());
            if (arg.containsKey("pg-url")) {
                // Joining thousands over HTTP takes minutes while joins queue on the room's row (the burst above
                // measures that path): the members are seated with SQL in the rows join writes, as listeners.
                seat(room, members.subList(1, members.size()));
            } else {
                Burst setup = Burst.join(room, members.subList(1, members.size()), tokens);
                System.out.printf("room set-up: %d joins, %d admitted, %.0f joins per second%n", members.size() - 1,
                        setup.admitted, setup.admitted / setup.admittedSeconds);
            }
            for (String speaker : speakers) {
                inviteAndAccept(room, tokens.get(host), speaker, tokens.get(speaker));
            }
            Room sockets = Room.connect(members);

            Results roles = new Results("room.role_changed (host demotes a speaker / the speaker accepts an invitation"
                    + " back) -> " + sockets.connected + " members");
            for (int i = 0; i < warmup + events / 2; i++) {
                if (i == warmup) {
                    roles.startCpu();
                }
                String speaker = speakers.get(i % speakers.size());
                Probe demoted = new Probe(sockets, roleChange(speaker, "LISTENER"));
                current = demoted;
                demoted.start();
                expect(post(tokens.get(host), "/api/v1/rooms/" + room + "/members/" + speaker + "/demote",
                        ""), "demote");
                roles.add(demoted.await(), i >= warmup);
                post(tokens.get(host), "/api/v1/rooms/" + room + "/members/" + speaker + "/invite-to-speak",
                        "");
                Probe promoted = new Probe(sockets, roleChange(speaker, "SPEAKER"));
                current = promoted;
                promoted.start();
                expect(post(tokens.get(speaker), "/api/v1/rooms/" + room + "/speak", ""), "speak");
                roles.add(promoted.await(), i >= warmup);
                Thread.sleep(100);
            }
            roles.stopCpu();
            roles.print();
            System.out.printf("LiveKit stand-in: %s%n", livekitByMethod);
            sockets.close();
        }

        static void seat(String room, List<String> users) throws Exception {
            String sql = "insert into room_members (id, room_id, user_id, role, present, presence_changed_at,"
                    + " present_since, first_joined_at, mic_muted) select gen_random_uuid(), '" + room + "', u::uuid,"
                    + " 'LISTENER', true, now(), now(), now(), false from unnest(string_to_array('"
                    + String.join(",", users) + "', ',')) u; update rooms set member_count = member_count + "
                    + users.size() + " where id = '" + room + "';";
            // On standard input: thousands of ids are more than one command-line argument may hold.
            Process psql = new ProcessBuilder("psql", arg.get("pg-url"), "-q", "-v", "ON_ERROR_STOP=1")
                    .redirectErrorStream(true).start();
            try (var in = psql.getOutputStream()) {
                in.write(sql.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (psql.waitFor() != 0) {
                throw new IllegalStateException("seating the members failed: " + out);
            }
            System.out.printf("room set-up: %d members seated with SQL%n", users.size());
        }

        static Predicate<String> roleChange(String userId, String role) {
            return f -> f.contains("\"type\":\"room.role_changed\"") && f.contains(userId) && f.contains(role);
        }

        static String createRoom(String hostToken, int capacity) throws Exception {
            HttpResponse<String> created = post(hostToken, "/api/v1/rooms", "{\"title\":\"Bench room\","
                    + "\"category\":\"music\",\"language\":\"hi\",\"capacity\":" + capacity
                    + ",\"visibility\":\"PUBLIC\"}");
            expect(created, "create room");
            int at = created.body().indexOf("\"id\":\"");
            return created.body().substring(at + 6, at + 42);
        }

        static void inviteAndAccept(String room, String hostToken, String userId, String userToken) throws Exception {
            expect(post(hostToken, "/api/v1/rooms/" + room + "/members/" + userId + "/invite-to-speak", ""), "invite");
            expect(post(userToken, "/api/v1/rooms/" + room + "/speak", ""), "speak");
        }

        static void expect(HttpResponse<String> response, String what) {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(what + ": " + response.statusCode() + " " + response.body());
            }
        }
    }

    /** Joins at most 64 at a time, as fast as the service answers; counts admissions and refusals. */
    static final class Burst {
        int admitted;
        int full;
        int other;
        String firstOther = "none";
        double admittedSeconds;
        double allSeconds;

        static Burst join(String room, List<String> users, Map<String, String> tokens) throws Exception {
            Burst burst = new Burst();
            Semaphore inFlight = new Semaphore(64);
            AtomicLong lastAdmitted = new AtomicLong();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            long start = System.nanoTime();
            for (String user : users) {
                inFlight.acquire();
                answers.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/rooms/" + room + "/join"))
                        .header("Authorization", "Bearer " + tokens.get(user))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            inFlight.release();
                            if (r != null && r.statusCode() == 200) {
                                lastAdmitted.accumulateAndGet(System.nanoTime(), Math::max);
                            }
                        }));
            }
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                try {
                    HttpResponse<String> r = answer.get(120, TimeUnit.SECONDS);
                    if (r.statusCode() == 200) {
                        burst.admitted++;
                    } else if (r.body().contains("ROOM_FULL")) {
                        burst.full++;
                    } else if (burst.other++ == 0) {
                        burst.firstOther = r.statusCode() + " " + r.body();
                    }
                } catch (Exception e) {
                    if (burst.other++ == 0) {
                        burst.firstOther = e.toString();
                    }
                }
            }
            burst.allSeconds = (System.nanoTime() - start) / 1e9;
            burst.admittedSeconds = Math.max(1, lastAdmitted.get() - start) / 1e9;
            return burst;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** One event in flight: when it started, and when each member (by index) first saw it. */
    static final class Probe {
        final Predicate<String> matches;
        final AtomicLongArray arrivals;
        final AtomicInteger received = new AtomicInteger();
        final CompletableFuture<Void> all = new CompletableFuture<>();
        final int expected;
        volatile long start;

        Probe(Room room, Predicate<String> matches) {
            this.matches = matches;
            this.arrivals = new AtomicLongArray(room.sockets.size());
            this.expected = room.connected;
        }

        void start() {
            start = System.nanoTime();
        }

        void offer(int member, String frame, long now) {
            if (arrivals.get(member) == 0 && matches.test(frame)
                    && arrivals.compareAndSet(member, 0, now) && received.incrementAndGet() == expected) {
                all.complete(null);
            }
        }

        /** Waits for every member (at most 30 s), then returns what it measured. */
        Outcome await() throws Exception {
            try {
                all.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // reported as missing
            }
            long[] got = new long[received.get()];
            int j = 0;
            for (int i = 0; i < arrivals.length() && j < got.length; i++) {
                long at = arrivals.get(i);
                if (at != 0) {
                    got[j++] = at - start;
                }
            }
            got = Arrays.copyOf(got, j);
            Arrays.sort(got);
            return new Outcome(got.length == 0 ? -1 : got[0], got.length == 0 ? -1 : got[got.length / 2],
                    got.length == 0 ? -1 : got[got.length - 1], expected - got.length);
        }
    }

    /** Times in ns from the action to the first member, the median member and the last member; members missed. */
    record Outcome(long first, long median, long last, int missing) {
    }

    static final class Results {
        final String name;
        final List<Outcome> outcomes = new ArrayList<>();
        long serverCpu;
        long clientCpu;
        long wall;

        Results(String name) {
            this.name = name;
        }

        void add(Outcome o, boolean measured) {
            if (measured) {
                outcomes.add(o);
            }
        }

        void startCpu() throws IOException {
            serverCpu = cpuMillis(serverPid);
            clientCpu = cpuMillis(ProcessHandle.current().pid());
            wall = System.nanoTime();
        }

        void stopCpu() throws IOException {
            serverCpu = cpuMillis(serverPid) - serverCpu;
            clientCpu = cpuMillis(ProcessHandle.current().pid()) - clientCpu;
            wall = System.nanoTime() - wall;
        }

        void print() {
            long[] last = outcomes.stream().mapToLong(Outcome::last).filter(t -> t >= 0).sorted().toArray();
            long[] median = outcomes.stream().mapToLong(Outcome::median).filter(t -> t >= 0).sorted().toArray();
            long[] first = outcomes.stream().mapToLong(Outcome::first).filter(t -> t >= 0).sorted().toArray();
            int missing = outcomes.stream().mapToInt(Outcome::missing).sum();
            int incomplete = (int) outcomes.stream().filter(o -> o.missing() > 0).count();
            System.out.printf("%s: %d events measured, %d member deliveries missing (%d events incomplete)%n", name,
                    outcomes.size(), missing, incomplete);
            if (last.length > 0) {
                System.out.printf("  to every member:   p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n",
                        percentile(last, 0.50), percentile(last, 0.99), last[last.length - 1] / 1e6);
                System.out.printf("  to median member:  p50 %7.1f ms  p99 %7.1f ms%n", percentile(median, 0.50),
                        percentile(median, 0.99));
                System.out.printf("  to first member:   p50 %7.1f ms  p99 %7.1f ms%n", percentile(first, 0.50),
                        percentile(first, 0.99));
            }
            System.out.printf("  CPU while measured: server %.1f ms per event (%.0f%% of a core), client %.1f ms per"
                    + " event (%.0f%%)%n", serverCpu / (double) outcomes.size(), 100.0 * serverCpu / (wall / 1e6),
                    clientCpu / (double) outcomes.size(), 100.0 * clientCpu / (wall / 1e6));
        }
    }

    static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The members' websockets: member i is the socket at index i; they beat at the interval the ready event asks. */
    static final class Room {
        /** By member index; null where the socket could not be opened. */
        final List<WebSocket> sockets;
        final int connected;
        final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

        private Room(List<WebSocket> sockets) {
            this.sockets = sockets;
            this.connected = (int) sockets.stream().filter(s -> s != null).count();
        }

        static Room connect(List<String> userIds) throws Exception {
            Semaphore inFlight = new Semaphore(200);
            AtomicLong failed = new AtomicLong();
            long openStart = System.nanoTime();
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            AtomicLong heartbeatSeconds = new AtomicLong(30);
            for (int i = 0; i < userIds.size(); i++) {
                inFlight.acquire();
                Member listener = new Member(i, heartbeatSeconds);
                opening.add(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token(userIds.get(i)))
                        .connectTimeout(Duration.ofSeconds(30)).buildAsync(URI.create(wsUrl()), listener)
                        .thenCompose(ws -> listener.ready.thenApply(v -> ws)).whenComplete((ws, e) -> {
                            inFlight.release();
                            if (e != null && failed.incrementAndGet() == 1) {
                                System.out.println("first connection failure: " + e);
                            }
                        }));
            }
            // One deadline for them all: a socket that never gets its ready event is counted as failed.
            try {
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
            } catch (Exception e) {
                // some failed or are late; counted below
            }
            List<WebSocket> sockets = new ArrayList<>();
            for (CompletableFuture<WebSocket> socket : opening) {
                sockets.add(socket.isDone() && !socket.isCompletedExceptionally() ? socket.join() : null);
            }
            Room room = new Room(sockets);
            System.out.printf("members connected: %d of %d (%d failed) in %.1f s%n", room.connected, userIds.size(),
                    failed.get(), (System.nanoTime() - openStart) / 1e9);
            List<WebSocket> open = sockets.stream().filter(ws -> ws != null).toList();
            // Heartbeats spread evenly over the interval, as phones that connected at different times send them.
            long periodNanos = TimeUnit.SECONDS.toNanos(heartbeatSeconds.get()) / Math.max(1, open.size());
            AtomicInteger next = new AtomicInteger();
            room.heartbeats.scheduleAtFixedRate(() -> {
                WebSocket ws = open.get(Math.floorMod(next.getAndIncrement(), open.size()));
                ws.sendText("{\"type\":\"heartbeat\"}", true);
            }, periodNanos, Math.max(1, periodNanos), TimeUnit.NANOSECONDS);
            return room;
        }

        void close() {
            heartbeats.shutdownNow();
        }
    }

    static final class Member implements WebSocket.Listener {
        final int index;
        final AtomicLong heartbeatSeconds;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();

        Member(int index, AtomicLong heartbeatSeconds) {
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
                if (!ready.isDone() && frame.contains("\"type\":\"ready\"")) {
                    int at = frame.indexOf("\"heartbeatIntervalSeconds\":");
                    if (at >= 0) {
                        heartbeatSeconds.set(Long.parseLong(frame.substring(at + 27).replaceAll("\\D.*", "")));
                    }
                    ready.complete(null);
                } else {
                    Probe probe = current;
                    if (probe != null) {
                        probe.offer(index, frame, now);
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

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ready.completeExceptionally(new IOException("closed by the server: " + statusCode + " " + reason));
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    static String wsUrl() {
        return base.replaceFirst("^http", "ws") + "/ws";
    }

    /** LiveKit's RoomService is Twirp; an empty protobuf body is a valid message of every response type. */
    static void startLiveKitStandIn(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/twirp/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestURI().getPath().replaceFirst(".*/", "");
            livekitCalls.incrementAndGet();
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

    static HttpResponse<String> post(String token, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
