package app.banter.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.call.CallFixture;
import app.banter.call.CallReconciler;
import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Each business metric appears on /q/metrics (the management port) and moves when what it counts happens. */
@QuarkusTest
class BusinessMetricsTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** Where the tests scraped, for the check after them all. */
    private static URL scraped;

    @Inject
    BusinessGauges gauges;

    @Inject
    CallFixture calls;

    @Inject
    CallReconciler reconciler;

    @Inject
    EntityManager em;

    @AfterEach
    void resetStandIn() {
        RazorpayStandIn.resetToDefaults();
    }

    @Test
    void webhookDeliveriesByProviderAndOutcomeAndCoinsCredited() {
        TestUser buyer = TestUsers.register();
        String orderId = buyer.request().header("Idempotency-Key", "key-" + UUID.randomUUID())
                .body(Map.of("packageId", "coins-250")).post("/api/v1/payments/orders").then().statusCode(200)
                .extract().path("orderId");
        Metrics before = scrape();

        String paid = orderPaid(orderId, "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14),
                9900);
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        deliver(paid, eventId, sign(paid)).statusCode(200);
        deliver(paid, eventId, sign(paid)).statusCode(200);
        deliver(paid, "evt_Forged" + eventId.substring(10), sign(paid + " ")).statusCode(401);

        Metrics after = scrape();
        String razorpay = "provider=\"razorpay\"";
        assertThat(after.moved(before, "banter_webhooks_deliveries_total", razorpay, "outcome=\"accepted\""))
                .isEqualTo(1);
        assertThat(after.moved(before, "banter_webhooks_deliveries_total", razorpay, "outcome=\"duplicate\""))
                .isEqualTo(1);
        assertThat(after.moved(before, "banter_webhooks_deliveries_total", razorpay, "outcome=\"bad_signature\""))
                .isEqualTo(1);
        assertThat(after.moved(before, "banter_payments_purchases_credited_total")).isEqualTo(1);
        assertThat(after.moved(before, "banter_payments_coins_credited_total")).isEqualTo(250);
    }

    @Test
    void purchasesStuckInPending() {
        TestUser buyer = TestUsers.register();
        gauges.refresh();
        Metrics before = scrape();
        assertThat(before.has("banter_payments_purchases_stuck", "status=\"REVIEW\"")).isTrue();
        RazorpayStandIn.server().stubFor(post(urlPathEqualTo("/v1/orders")).willReturn(aResponse().withStatus(500)));
        buyer.request().header("Idempotency-Key", "key-" + UUID.randomUUID()).body(Map.of("packageId", "coins-100"))
                .post("/api/v1/payments/orders").then().statusCode(502);

        gauges.refresh();
        Metrics after = scrape();
        assertThat(after.moved(before, "banter_payments_purchases_stuck", "status=\"PENDING\"")).isEqualTo(1);
        assertThat(after.value("banter_payments_purchases_stuck_age_seconds", "status=\"PENDING\""))
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void rateLimitRefusalsByBucket() {
        TestUser reporter = TestUsers.register();
        Metrics before = scrape();
        for (int i = 0; i < 10; i++) {
            reporter.request().body(Map.of("targetType", "USER", "targetId", UUID.randomUUID(), "reason", "SPAM"))
                    .post("/api/v1/reports").then().statusCode(404);
        }
        reporter.request().body(Map.of("targetType", "USER", "targetId", UUID.randomUUID(), "reason", "SPAM"))
                .post("/api/v1/reports").then().statusCode(429);
        assertThat(scrape().moved(before, "banter_ratelimit_refusals_total", "bucket=\"reports\"")).isEqualTo(1);
    }

    @Test
    void callMinutesEndsHoldsBillingAndWebsockets() {
        try (CallFixture.Party caller = calls.online(); CallFixture.Party callee = calls.online()) {
            Metrics before = scrape();
            assertThat(before.value("banter_realtime_connections")).isGreaterThanOrEqualTo(2);
            UUID callId = calls.connected(caller, callee, "AUDIO");
            caller.ws().await("call.accepted");

            gauges.refresh();
            Metrics during = scrape();
            assertThat(during.value("banter_wallet_holds_open")).isGreaterThanOrEqualTo(1);
            assertThat(during.moved(before, "banter_realtime_delivery_seconds_count")).isPositive();

            // A minute due three minutes ago and not billed, seen inside a transaction that is then rolled back: the
            // row lock keeps the reconciler off it meanwhile.
            double lag;
            QuarkusTransaction.begin();
            try {
                em.createNativeQuery("update calls set next_minute_at = now() - interval '3 minutes' where id = ?1")
                        .setParameter(1, callId).executeUpdate();
                gauges.refresh();
                lag = scrape().value("banter_billing_lag_seconds");
            } finally {
                QuarkusTransaction.rollback();
            }
            assertThat(lag).isBetween(170.0, 240.0);

            calls.elapse(callId, Duration.ofSeconds(150));
            reconciler.reconcile();
            Metrics billed = scrape();
            assertThat(billed.moved(during, "banter_calls_minutes_billed_total")).isGreaterThanOrEqualTo(2);
            assertThat(billed.moved(during, "banter_billing_tick_seconds_count")).isPositive();
            gauges.refresh();
            assertThat(scrape().value("banter_billing_lag_seconds")).isLessThan(60);

            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(scrape().moved(during,
                    "banter_calls_ended_total", "status=\"ENDED\"", "reason=\"HANG_UP\"")).isEqualTo(1));
            gauges.refresh();
            assertThat(scrape().value("banter_wallet_holds_open")).isLessThan(during.value("banter_wallet_holds_open"));
        }
    }

    private Metrics scrape() {
        scraped = management;
        return scrape(management);
    }

    private static Metrics scrape(URL management) {
        return new Metrics(given().baseUri(management.getProtocol() + "://" + management.getHost())
                .port(management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * The chart's alerts and dashboard (helm/banter, from src/main/helm/templates/_monitoring.tpl) query series this
     * service exports: once the flows above have moved every metric, each series the templates name is on a scrape.
     * A renamed metric would otherwise leave an alert that never fires.
     */
    @AfterAll
    static void everySeriesTheChartQueriesIsExported() throws IOException {
        if (scraped == null) {
            return;
        }
        Matcher names = Pattern.compile("\\b(banter_[a-z_]+|http_server_[a-z_]+)")
                .matcher(Files.readString(Path.of("helm/banter/templates/_monitoring.tpl")));
        Set<String> queried = new TreeSet<>();
        while (names.find()) {
            queried.add(names.group(1));
        }
        Metrics exported = scrape(scraped);
        assertThat(queried).hasSizeGreaterThan(10)
                .allSatisfy(name -> assertThat(exported.has(name)).as("%s on /q/metrics", name).isTrue());
    }

    /** One Prometheus text scrape; a series is found by its name and some of its labels. */
    record Metrics(String text) {

        boolean has(String name, String... labels) {
            return find(name, labels) != null;
        }

        double value(String name, String... labels) {
            String line = find(name, labels);
            assertThat(line).as(name + " " + String.join(",", labels) + " on /q/metrics").isNotNull();
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }

        /** How far the series moved since {@code before}, where it may not have existed yet. */
        double moved(Metrics before, String name, String... labels) {
            return value(name, labels) - (before.has(name, labels) ? before.value(name, labels) : 0);
        }

        private String find(String name, String... labels) {
            return text.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                    .filter(line -> {
                        for (String label : labels) {
                            if (!line.contains(label)) {
                                return false;
                            }
                        }
                        return true;
                    }).findFirst().orElse(null);
        }
    }

    private static io.restassured.response.ValidatableResponse deliver(String body, String eventId, String signature) {
        return given().contentType("application/json").header("x-razorpay-event-id", eventId)
                .header("X-Razorpay-Signature", signature).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/webhooks/razorpay").then();
    }

    /** As Razorpay signs: hex HMAC-SHA256 of the raw body with the webhook secret (its SDK's own helper). */
    private static String sign(String body) {
        try {
            return com.razorpay.Utils.getHash(body, RazorpayStandIn.WEBHOOK_SECRET);
        } catch (com.razorpay.RazorpayException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Razorpay's order.paid event for a whole payment of the order. */
    private static String orderPaid(String orderId, String paymentId, long amount) {
        return """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "order.paid",
                 "contains": ["payment", "order"],
                 "payload": {"payment": {"entity": {"id": "%s", "entity": "payment", "amount": %d, "currency": "INR",
                   "status": "captured", "order_id": "%s", "invoice_id": null, "method": "card", "captured": true,
                   "created_at": 1795440100}},
                  "order": {"entity": {"id": "%s", "entity": "order", "amount": %d, "amount_paid": %d,
                   "amount_due": 0, "currency": "INR", "status": "paid", "attempts": 1, "created_at": 1795440000}}},
                 "created_at": 1795440101}""".formatted(paymentId, amount, orderId, orderId, amount, amount);
    }
}
