import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * Load for the fault scripts (JDK only, run as a source file): purchases at a fixed rate while the scripts break things
 * around the service. Each purchase creates an order (POST /api/v1/payments/orders, Razorpay answered by the WireMock
 * stand-in), then Razorpay's webhooks for it, signed as Razorpay signs them (hex HMAC-SHA256 of the raw body in
 * X-Razorpay-Signature, the event id in x-razorpay-event-id): payment.captured, often again with the same event id
 * (a duplicate), sometimes order.paid too (another event for the same payment). A webhook that is not answered 200
 * is delivered again later, as Razorpay does, until it is or the run ends. A purchase is acknowledged when a
 * webhook for it was answered 200; acknowledged purchases go to the ack file, one "purchase <id>" a line, for
 * invariants.sql.
 *
 * An order not answered (service down or killed mid-request) is asked for again with the same Idempotency-Key, as
 * the app does, so that the purchase it left PENDING is completed.
 *
 * Args (key=value): base, tokens (file of "user-id token" lines), rate (purchases/s), seconds, secret (webhook secret),
 * acks (file), report (file for the KEY=value summary); reads (GET /api/v1/me and /api/v1/wallet that many times
 * each per purchase slot, default 0), purchases (false: reads only), phase (a file the script writes the current
 * phase to, such as "down"; answers are counted per endpoint and phase).
 *
 * Reported: requests, answers by status, 5xx, 5xx that are not problem documents, connection failures (service
 * down), the slowest failed request, the slowest answer of all, and the same per endpoint and phase.
 */
public class FaultLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final Pattern FIELD = Pattern.compile("\"(purchaseId|orderId|amount)\"\\s*:\\s*\"?([^\",}]+)");

    static String base;
    static String secret;
    static Path acks;
    static final Map<Integer, AtomicLong> byStatus = new java.util.concurrent.ConcurrentHashMap<>();
    static final AtomicLong requests = new AtomicLong();
    static final AtomicLong refused = new AtomicLong();
    static final AtomicLong timedOut = new AtomicLong();
    static final AtomicLong maxFailureMicros = new AtomicLong();
    static final AtomicLong maxMicros = new AtomicLong();
    static final AtomicLong acknowledged = new AtomicLong();
    static final AtomicLong unfinishedOrders = new AtomicLong();
    static volatile long ordersUntil = Long.MAX_VALUE;
    static final ConcurrentLinkedQueue<Webhook> redeliveries = new ConcurrentLinkedQueue<>();

    /** Answers to one endpoint in one phase of the run (the phase file's content when the request started). */
    static final class Endpoint {
        final Map<Integer, AtomicLong> byStatus = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong timedOut = new AtomicLong();
        final AtomicLong maxFailureMicros = new AtomicLong();
        final AtomicLong maxMicros = new AtomicLong();

        @Override
        public String toString() {
            return byStatus.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "))
                    + " refused:" + refused + " timed_out:" + timedOut + " max_failure_ms:"
                    + maxFailureMicros.get() / 1000 + " max_ms:" + maxMicros.get() / 1000;
        }
    }

    static final Map<String, Endpoint> ENDPOINTS = new java.util.concurrent.ConcurrentSkipListMap<>();
    static final AtomicLong notProblem = new AtomicLong();
    static Path phaseFile;
    static volatile String phase = "run";
    static volatile long phaseReadAt;

    /** What the script says is happening now (e.g. "down"), read from the phase file at most every 100 ms. */
    static String phase() {
        if (phaseFile != null && System.nanoTime() - phaseReadAt > 100_000_000L) {
            phaseReadAt = System.nanoTime();
            try {
                String now = Files.readString(phaseFile).strip();
                phase = now.isEmpty() ? "run" : now;
            } catch (IOException e) {
                phase = "run";
            }
        }
        return phase;
    }

    record Webhook(String purchaseId, String eventId, String body, long firstTriedAt) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> arg = java.util.Arrays.stream(args).map(a -> a.split("=", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a[1]));
        base = arg.get("base");
        secret = arg.get("secret");
        acks = Path.of(arg.get("acks"));
        List<String> tokens = Files.readAllLines(Path.of(arg.get("tokens"))).stream().map(l -> l.split(" ")[1])
                .toList();
        double rate = Double.parseDouble(arg.getOrDefault("rate", "20"));
        // Reads per purchase: GET /api/v1/me and GET /api/v1/wallet, each that many times (0: purchases only);
        // purchases=false leaves the purchases out (reads only).
        int reads = Integer.parseInt(arg.getOrDefault("reads", "0"));
        boolean buying = Boolean.parseBoolean(arg.getOrDefault("purchases", "true"));
        phaseFile = arg.containsKey("phase") ? Path.of(arg.get("phase")) : null;
        long seconds = Long.parseLong(arg.getOrDefault("seconds", "60"));

        ScheduledExecutorService redeliverer = Executors.newSingleThreadScheduledExecutor();
        redeliverer.scheduleWithFixedDelay(FaultLoad::redeliver, 1, 1, TimeUnit.SECONDS);
        Semaphore inFlight = new Semaphore(256);
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        ordersUntil = start + (seconds + 30) * 1_000_000_000L;
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long due = start; due < start + seconds * 1_000_000_000L; due += interval) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                inFlight.acquire();
                String token = tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
                workers.execute(() -> {
                    try {
                        for (int r = 0; r < reads; r++) {
                            read("me", "/api/v1/me", token);
                            read("wallet", "/api/v1/wallet", token);
                        }
                        if (buying) {
                            purchase(token);
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        // Razorpay keeps trying for a long time; the run gives outstanding webhooks 30 s with the service up.
        long until = System.nanoTime() + 30_000_000_000L;
        while (!redeliveries.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(500);
        }
        redeliverer.shutdownNow();

        StringBuilder report = new StringBuilder();
        report.append("LOAD_REQUESTS=").append(requests.get()).append('\n');
        report.append("LOAD_5XX=").append(byStatus.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(e -> e.getValue().get()).sum()).append('\n');
        report.append("LOAD_REFUSED=").append(refused.get()).append('\n');
        report.append("LOAD_TIMED_OUT=").append(timedOut.get()).append('\n');
        report.append("LOAD_MAX_FAILURE_MS=").append(maxFailureMicros.get() / 1000).append('\n');
        report.append("LOAD_MAX_MS=").append(maxMicros.get() / 1000).append('\n');
        report.append("LOAD_ACKNOWLEDGED=").append(acknowledged.get()).append('\n');
        report.append("LOAD_UNFINISHED_ORDERS=").append(unfinishedOrders.get()).append('\n');
        report.append("LOAD_UNDELIVERED_WEBHOOKS=").append(redeliveries.size()).append('\n');
        report.append("LOAD_BY_STATUS=\"").append(byStatus.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "))).append("\"\n");
        report.append("LOAD_5XX_NOT_PROBLEM=").append(notProblem.get()).append('\n');
        report.append("LOAD_500=").append(byStatus.getOrDefault(500, new AtomicLong()).get()).append('\n');
        ENDPOINTS.forEach((name, stats) -> report.append("LOAD_ENDPOINT_")
                .append(name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_")).append("=\"")
                .append(stats).append("\"\n"));
        System.out.print(report);
        if (arg.containsKey("report")) {
            Files.writeString(Path.of(arg.get("report")), report);
        }
    }

    static void purchase(String token) {
        // As the app does: an order not answered 200 (service down, killed mid-request, Razorpay slow) is asked for
        // again with the same Idempotency-Key, which completes the PENDING purchase the first attempt left, until the
        // run's redelivery window ends. A 4xx is final.
        String key = "fault-" + UUID.randomUUID();
        HttpResponse<String> order;
        while (true) {
            order = send("order", HttpRequest.newBuilder(URI.create(base + "/api/v1/payments/orders"))
                    .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"packageId\":\"coins-100\"}")));
            if (order != null && order.statusCode() < 500) {
                break;
            }
            if (System.nanoTime() > ordersUntil) {
                unfinishedOrders.incrementAndGet();
                return;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (order.statusCode() != 200) {
            return;
        }
        Map<String, String> fields = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(order.body());
        while (m.find()) {
            fields.putIfAbsent(m.group(1), m.group(2));
        }
        String paymentId = "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String purchaseId = fields.get("purchaseId");
        long amount = Long.parseLong(fields.get("amount"));
        Webhook captured = new Webhook(purchaseId, eventId(), captured(fields.get("orderId"), paymentId, amount),
                System.nanoTime());
        deliver(captured);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextInt(3) == 0) {
            deliver(captured); // Razorpay delivering the same event twice
        }
        if (random.nextInt(4) == 0) {
            deliver(new Webhook(purchaseId, eventId(), orderPaid(fields.get("orderId"), paymentId, amount),
                    System.nanoTime()));
        }
    }

    static void read(String endpoint, String path, String token) {
        send(endpoint, HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET());
    }

    static void redeliver() {
        int pending = redeliveries.size();
        for (int i = 0; i < pending; i++) {
            Webhook webhook = redeliveries.poll();
            if (webhook != null) {
                deliver(webhook);
            }
        }
    }

    static void deliver(Webhook webhook) {
        HttpResponse<String> answer = send("webhook", HttpRequest.newBuilder(URI.create(base + "/api/v1/webhooks/razorpay"))
                .header("Content-Type", "application/json").header("x-razorpay-event-id", webhook.eventId())
                .header("X-Razorpay-Signature", sign(webhook.body()))
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body())));
        if (answer != null && answer.statusCode() == 200) {
            acknowledge(webhook.purchaseId());
        } else {
            redeliveries.add(webhook);
        }
    }

    static synchronized void acknowledge(String purchaseId) {
        acknowledged.incrementAndGet();
        try {
            Files.writeString(acks, "purchase " + purchaseId + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer, or null when the service could not be reached or did not answer within 10 s. */
    static HttpResponse<String> send(String endpoint, HttpRequest.Builder request) {
        requests.incrementAndGet();
        long start = System.nanoTime();
        Endpoint stats = ENDPOINTS.computeIfAbsent(endpoint + "@" + phase(), k -> new Endpoint());
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - start) / 1000;
            maxMicros.accumulateAndGet(micros, Math::max);
            byStatus.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
            stats.byStatus.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
            stats.maxMicros.accumulateAndGet(micros, Math::max);
            if (response.statusCode() >= 500) {
                maxFailureMicros.accumulateAndGet(micros, Math::max);
                stats.maxFailureMicros.accumulateAndGet(micros, Math::max);
                // A failure must say what failed: a problem document, never a bare 500 or an HTML page.
                if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                    notProblem.incrementAndGet();
                }
            }
            return response;
        } catch (java.net.http.HttpTimeoutException e) {
            timedOut.incrementAndGet();
            stats.timedOut.incrementAndGet();
            maxFailureMicros.accumulateAndGet((System.nanoTime() - start) / 1000, Math::max);
            stats.maxFailureMicros.accumulateAndGet((System.nanoTime() - start) / 1000, Math::max);
            return null;
        } catch (IOException e) {
            // Connection refused or reset: the service is down (killed) or going down.
            refused.incrementAndGet();
            stats.refused.incrementAndGet();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String eventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String captured(String orderId, String paymentId, long amount) {
        return """
                {"entity":"event","account_id":"acc_BanterBench01","event":"payment.captured","contains":["payment"],\
                "payload":{"payment":{"entity":{"id":"%s","entity":"payment","amount":%d,"currency":"INR",\
                "status":"captured","order_id":"%s","method":"upi","captured":true,"created_at":%d}}},"created_at":%d}"""
                .formatted(paymentId, amount, orderId, now(), now());
    }

    static String orderPaid(String orderId, String paymentId, long amount) {
        return """
                {"entity":"event","account_id":"acc_BanterBench01","event":"order.paid","contains":["payment","order"],\
                "payload":{"payment":{"entity":{"id":"%s","entity":"payment","amount":%d,"currency":"INR",\
                "status":"captured","order_id":"%s","method":"card","captured":true,"created_at":%d}},\
                "order":{"entity":{"id":"%s","entity":"order","amount":%d,"amount_paid":%d,"amount_due":0,\
                "currency":"INR","status":"paid","attempts":1,"created_at":%d}}},"created_at":%d}"""
                .formatted(paymentId, amount, orderId, now(), orderId, amount, amount, now(), now());
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
