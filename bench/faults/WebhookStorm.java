import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A storm of provider webhooks for bench/faults/webhook-storm.sh (JDK only, run as a source file): Razorpay's and
 * LiveKit's, each signed as its provider signs it, at a fixed rate, with duplicates, events out of order, old
 * timestamps, all interleaved.
 *
 * First it creates `orders` orders through the API (POST /api/v1/payments/orders, the WireMock stand-in as Razorpay).
 * Then, for each order: payment.captured, delivered three times with the same event id; order.paid for the same
 * payment (another event id); payment.failed for the order dated an hour earlier (an old event arriving late, after
 * the capture). For each call of the calls file ("call-id caller-id callee-id" lines, connected calls lib.sh set up):
 * participant_joined of both parties twice (same event id), participant_left of the caller dated ten minutes back,
 * room_finished (twice with one event id, once more with another), and participant_joined after it. All events are
 * shuffled together, so a call's room_finished may come before its joins and an order.paid before its capture.
 *
 * Razorpay: hex HMAC-SHA256 of the raw body in X-Razorpay-Signature, the event id in x-razorpay-event-id. LiveKit: a
 * bare HS256 JWT in Authorization, issued by the API key, whose sha256 claim is the base64 SHA-256 of the body; the
 * body is the WebhookEvent as protobuf JSON.
 *
 * A delivery not answered 200 is delivered again at the end (as the providers retry), up to three rounds. Every event
 * id answered PROCESSED more than once is a webhook applied twice. Acknowledged purchases (a payment.captured or
 * order.paid answered 200) go to the acks file for invariants.sql.
 *
 * Args (key=value): base, tokens, orders, calls (file), rate (deliveries/s), razorpay-secret, livekit-key,
 * livekit-secret, acks, report.
 */
public class WebhookStorm {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final Pattern FIELD = Pattern.compile("\"(purchaseId|orderId|amount)\"\\s*:\\s*\"?([^\",}]+)");

    record Delivery(String provider, String eventId, String body, Map<String, String> headers, String purchaseId) {
    }

    static String base;
    static final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> processed = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    static final AtomicLong maxMicros = new AtomicLong();
    static final AtomicLong failures = new AtomicLong();
    static final ConcurrentLinkedQueue<Delivery> again = new ConcurrentLinkedQueue<>();
    static final Pattern OUTCOME = Pattern.compile("\"(PROCESSED|DUPLICATE|IGNORED)\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> arg = java.util.Arrays.stream(args).map(a -> a.split("=", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a[1]));
        base = arg.get("base");
        String razorpaySecret = arg.get("razorpay-secret");
        String livekitKey = arg.get("livekit-key");
        String livekitSecret = arg.get("livekit-secret");
        List<String> tokens = Files.readAllLines(Path.of(arg.get("tokens"))).stream().map(l -> l.split(" ")[1])
                .toList();
        int orders = Integer.parseInt(arg.getOrDefault("orders", "500"));
        double rate = Double.parseDouble(arg.getOrDefault("rate", "500"));

        List<Delivery> storm = Collections.synchronizedList(new ArrayList<>());
        long now = System.currentTimeMillis() / 1000;
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore inFlight = new Semaphore(16);
            for (int i = 0; i < orders; i++) {
                String token = tokens.get(i % tokens.size());
                inFlight.acquire();
                workers.execute(() -> {
                    try {
                        storm.addAll(razorpayEvents(token, razorpaySecret, now));
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        int razorpayDeliveries = storm.size();
        for (String line : Files.readAllLines(Path.of(arg.get("calls")))) {
            String[] f = line.split("\\|");
            storm.addAll(livekitEvents(f[0], f[1], f[2], livekitKey, livekitSecret, now));
        }
        List<Delivery> shuffled = new ArrayList<>(storm);
        Collections.shuffle(shuffled);
        System.out.printf("storm: %d Razorpay and %d LiveKit deliveries at %.0f/s%n", razorpayDeliveries,
                shuffled.size() - razorpayDeliveries, rate);

        Path acks = Path.of(arg.get("acks"));
        long started = System.nanoTime();
        send(shuffled, rate, acks);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (int round = 1; round <= 3 && !again.isEmpty(); round++) {
            List<Delivery> retry = new ArrayList<>(again);
            again.clear();
            Thread.sleep(2000);
            send(retry, rate, acks);
        }

        long twice = processed.values().stream().filter(n -> n.get() > 1).count();
        StringBuilder report = new StringBuilder();
        report.append("STORM_DELIVERIES=").append(shuffled.size()).append('\n');
        report.append("STORM_RAZORPAY_DELIVERIES=").append(razorpayDeliveries).append('\n');
        report.append("STORM_LIVEKIT_DELIVERIES=").append(shuffled.size() - razorpayDeliveries).append('\n');
        report.append("STORM_SECONDS=").append(String.format("%.1f", seconds)).append('\n');
        report.append("STORM_ACHIEVED_PER_S=").append(String.format("%.0f", shuffled.size() / seconds)).append('\n');
        report.append("STORM_BY_STATUS=\"").append(sorted(byStatus)).append("\"\n");
        report.append("STORM_OUTCOMES=\"").append(sorted(outcomes)).append("\"\n");
        report.append("STORM_CONNECTION_FAILURES=").append(failures.get()).append('\n');
        report.append("STORM_MAX_MS=").append(maxMicros.get() / 1000).append('\n');
        report.append("STORM_UNDELIVERED=").append(again.size()).append('\n');
        report.append("STORM_EVENTS_PROCESSED_TWICE=").append(twice).append('\n');
        System.out.print(report);
        Files.writeString(Path.of(arg.get("report")), report);
    }

    static String sorted(Map<String, AtomicLong> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
    }

    static void send(List<Delivery> deliveries, double rate, Path acks) throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        long interval = (long) (1e9 / rate);
        long due = System.nanoTime();
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Delivery d : deliveries) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                due += interval;
                inFlight.acquire();
                workers.execute(() -> {
                    try {
                        deliver(d, acks);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
    }

    static void deliver(Delivery d, Path acks) {
        String path = d.provider().equals("razorpay") ? "/api/v1/webhooks/razorpay" : "/api/v1/webhooks/livekit";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(d.body()));
        d.headers().forEach(request::header);
        long start = System.nanoTime();
        try {
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            maxMicros.accumulateAndGet((System.nanoTime() - start) / 1000, Math::max);
            byStatus.computeIfAbsent(d.provider() + ":" + answer.statusCode(), k -> new AtomicLong())
                    .incrementAndGet();
            if (answer.statusCode() != 200) {
                again.add(d);
                return;
            }
            Matcher m = OUTCOME.matcher(answer.body());
            String outcome = m.find() ? m.group(1) : "?";
            outcomes.computeIfAbsent(d.provider() + ":" + outcome, k -> new AtomicLong()).incrementAndGet();
            if (outcome.equals("PROCESSED")) {
                processed.computeIfAbsent(d.provider() + ":" + d.eventId(), k -> new AtomicLong()).incrementAndGet();
            }
            if (d.purchaseId() != null) {
                synchronized (WebhookStorm.class) {
                    Files.writeString(acks, "purchase " + d.purchaseId() + "\n", java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            failures.incrementAndGet();
            again.add(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<Delivery> razorpayEvents(String token, String secret, long now) {
        HttpResponse<String> order;
        try {
            order = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/payments/orders"))
                    .header("Authorization", "Bearer " + token).header("Idempotency-Key", "storm-" + UUID.randomUUID())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"packageId\":\"coins-100\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
        if (order.statusCode() != 200) {
            return List.of();
        }
        Map<String, String> fields = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(order.body());
        while (m.find()) {
            fields.putIfAbsent(m.group(1), m.group(2));
        }
        String orderId = fields.get("orderId");
        String purchase = fields.get("purchaseId");
        long amount = Long.parseLong(fields.get("amount"));
        String payment = "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String capturedId = id("evt_");
        String captured = """
                {"entity":"event","account_id":"acc_BanterBench01","event":"payment.captured","contains":["payment"],\
                "payload":{"payment":{"entity":{"id":"%s","entity":"payment","amount":%d,"currency":"INR",\
                "status":"captured","order_id":"%s","method":"upi","captured":true,"created_at":%d}}},"created_at":%d}"""
                .formatted(payment, amount, orderId, now, now);
        String paid = """
                {"entity":"event","account_id":"acc_BanterBench01","event":"order.paid","contains":["payment","order"],\
                "payload":{"payment":{"entity":{"id":"%s","entity":"payment","amount":%d,"currency":"INR",\
                "status":"captured","order_id":"%s","method":"upi","captured":true,"created_at":%d}},\
                "order":{"entity":{"id":"%s","entity":"order","amount":%d,"amount_paid":%d,"amount_due":0,\
                "currency":"INR","status":"paid","attempts":1,"created_at":%d}}},"created_at":%d}"""
                .formatted(payment, amount, orderId, now, orderId, amount, amount, now, now);
        // An earlier attempt that failed, its event arriving an hour late.
        String failedPayment = "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String failed = """
                {"entity":"event","account_id":"acc_BanterBench01","event":"payment.failed","contains":["payment"],\
                "payload":{"payment":{"entity":{"id":"%s","entity":"payment","amount":%d,"currency":"INR",\
                "status":"failed","order_id":"%s","method":"card","captured":false,"created_at":%d}}},"created_at":%d}"""
                .formatted(failedPayment, amount, orderId, now - 3600, now - 3600);
        List<Delivery> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(razorpay(capturedId, captured, secret, purchase));
        }
        events.add(razorpay(id("evt_"), paid, secret, purchase));
        events.add(razorpay(id("evt_"), failed, secret, null));
        return events;
    }

    static Delivery razorpay(String eventId, String body, String secret, String purchaseId) {
        return new Delivery("razorpay", eventId, body, Map.of("Content-Type", "application/json",
                "x-razorpay-event-id", eventId, "X-Razorpay-Signature", hex(hmac(secret, body))), purchaseId);
    }

    static List<Delivery> livekitEvents(String callId, String caller, String callee, String key, String secret,
            long now) {
        String room = "call-" + callId;
        List<Delivery> events = new ArrayList<>();
        for (String user : List.of(caller, callee)) {
            String joinedId = id("EV_");
            String joined = livekitBody(joinedId, "participant_joined", room, user, now - 60);
            events.add(livekit(joinedId, joined, key, secret));
            events.add(livekit(joinedId, joined, key, secret));
        }
        String leftId = id("EV_");
        events.add(livekit(leftId, livekitBody(leftId, "participant_left", room, caller, now - 600), key, secret));
        String finishedId = id("EV_");
        String finished = livekitBody(finishedId, "room_finished", room, null, now);
        events.add(livekit(finishedId, finished, key, secret));
        events.add(livekit(finishedId, finished, key, secret));
        String finishedAgain = id("EV_");
        events.add(livekit(finishedAgain, livekitBody(finishedAgain, "room_finished", room, null, now + 1), key,
                secret));
        String lateJoin = id("EV_");
        events.add(livekit(lateJoin, livekitBody(lateJoin, "participant_joined", room, callee, now + 2), key, secret));
        return events;
    }

    static String livekitBody(String id, String event, String room, String identity, long at) {
        String participant = identity == null ? ""
                : ",\"participant\":{\"sid\":\"PA_%s\",\"identity\":\"%s\"}".formatted(identity.substring(0, 8),
                        identity);
        return "{\"event\":\"%s\",\"room\":{\"sid\":\"RM_%s\",\"name\":\"%s\"}%s,\"id\":\"%s\",\"createdAt\":\"%d\"}"
                .formatted(event, room.substring(5, 13), room, participant, id, at);
    }

    /** As livekit-server signs: a bare HS256 JWT, issuer the API key, sha256 claim the base64 SHA-256 of the body. */
    static Delivery livekit(String eventId, String body, String key, String secret) {
        try {
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String sha = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
            long now = System.currentTimeMillis() / 1000;
            String header = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String claims = url.encodeToString(("{\"iss\":\"%s\",\"nbf\":%d,\"exp\":%d,\"sha256\":\"%s\",\"video\":{}}")
                    .formatted(key, now - 5, now + 600, sha).getBytes(StandardCharsets.UTF_8));
            String signature = url.encodeToString(hmac(secret, header + "." + claims));
            return new Delivery("livekit", eventId, body, Map.of("Content-Type", "application/webhook+json",
                    "Authorization", header + "." + claims + "." + signature), null);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }
}
