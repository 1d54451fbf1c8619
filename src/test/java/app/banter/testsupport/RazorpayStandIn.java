package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server answering the Razorpay API calls the service makes, in Razorpay's documented shapes: create
 * order, fetch an order's payments, fetch a payment (captured, nothing refunded), create subscription, cancel
 * subscription (at the cycle end or at once). Tests add stubs for their own cases and verify requests.
 */
public class RazorpayStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "rzp_test_banterlocal";
    public static final String KEY_SECRET = "local-key-secret";
    public static final String WEBHOOK_SECRET = "local-webhook-secret";

    private static final StandInServer SERVER = new StandInServer("razorpay",
            () -> new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")),
            server -> resetToDefaults());

    public static WireMockServer server() {
        return SERVER.get();
    }

    /** Orders and subscriptions are created with fresh ids; orders have no payments yet. */
    public static void resetToDefaults() {
        WireMockServer wm = server();
        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo("/v1/orders")).willReturn(createdOrder()));
        wm.stubFor(get(urlPathMatching("/v1/orders/order_[A-Za-z0-9]+/payments")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"entity\": \"collection\", \"count\": 0, \"items\": []}")));
        wm.stubFor(get(urlPathMatching("/v1/payments/pay_[A-Za-z0-9]+")).willReturn(payment("captured", 4900, 0)));
        wm.stubFor(post(urlPathEqualTo("/v1/subscriptions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("""
                        {"id": "sub_{{randomValue length=14 type='ALPHANUMERIC'}}", "entity": "subscription",
                         "plan_id": "{{jsonPath request.body '$.plan_id'}}", "customer_id": null,
                         "status": "created", "current_start": null, "current_end": null, "ended_at": null,
                         "quantity": 1, "notes": {}, "charge_at": null, "start_at": null, "end_at": null,
                         "auth_attempts": 0, "total_count": {{jsonPath request.body '$.total_count'}},
                         "paid_count": 0, "customer_notify": true, "created_at": 1795440000, "expire_by": null,
                         "short_url": "https://rzp.io/i/test", "has_scheduled_changes": false,
                         "change_scheduled_at": null, "source": "api", "remaining_count": 0}""")));
        wm.stubFor(post(urlPathMatching("/v1/subscriptions/sub_[A-Za-z0-9]+/cancel"))
                .withRequestBody(equalToJson("{\"cancel_at_cycle_end\": 1}")).willReturn(cancelledAtCycleEnd()));
        wm.stubFor(post(urlPathMatching("/v1/subscriptions/sub_[A-Za-z0-9]+/cancel"))
                .withRequestBody(equalToJson("{\"cancel_at_cycle_end\": 0}")).willReturn(cancelledNow()));
    }

    /**
     * POST /v1/subscriptions/{id}/cancel with cancel_at_cycle_end 1, as Razorpay documents it: the subscription
     * entity, still active until the cycle ends (then subscription.cancelled follows). Tests verify the request asked
     * for cancel_at_cycle_end 1.
     */
    private static ResponseDefinitionBuilder cancelledAtCycleEnd() {
        return subscription("active", "null");
    }

    /**
     * The same with cancel_at_cycle_end 0: the subscription entity, cancelled at once (status cancelled, ended_at
     * set), as Razorpay documents it; subscription.cancelled follows.
     */
    private static ResponseDefinitionBuilder cancelledNow() {
        return subscription("cancelled", "1796000000");
    }

    /** The subscription entity of the path's id, as Razorpay answers a cancellation. */
    private static ResponseDefinitionBuilder subscription(String status, String endedAt) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("""
                        {"id": "{{request.pathSegments.[2]}}", "entity": "subscription",
                         "plan_id": "plan_monthly_local", "customer_id": "cust_BanterTest0001",
                         "status": "%s",
                         "current_start": 1795440000, "current_end": 1798032000, "ended_at": %s,
                         "quantity": 1, "notes": {}, "charge_at": 1798032000, "start_at": 1795440000,
                         "end_at": 1826976000, "auth_attempts": 0, "total_count": 120, "paid_count": 1,
                         "customer_notify": true, "created_at": 1795430000, "expire_by": null,
                         "short_url": "https://rzp.io/i/test", "has_scheduled_changes": false,
                         "change_scheduled_at": null, "source": "api", "offer_id": null, "remaining_count": 119}"""
                        .formatted(status, endedAt));
    }

    /**
     * Razorpay answering a cancellation at once with the subscription still active: not what it documents, so the
     * service must not take it for done.
     */
    public static void answerCancellationsStillActive() {
        server().stubFor(post(urlPathMatching("/v1/subscriptions/sub_[A-Za-z0-9]+/cancel"))
                .willReturn(cancelledAtCycleEnd()));
    }

    /** Razorpay refusing a cancellation as it does for a subscription in a final state (400 BAD_REQUEST_ERROR). */
    public static void refuseCancellations() {
        server().stubFor(post(urlPathMatching("/v1/subscriptions/sub_[A-Za-z0-9]+/cancel")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error": {"code": "BAD_REQUEST_ERROR",
                         "description": "Subscription is not cancellable in expired status.", "field": "status",
                         "source": "business", "step": "payment_initiation", "reason": "input_validation_failed",
                         "metadata": {}}}""")));
    }

    /** Razorpay taking its time to create orders, so that requests racing for one order overlap. */
    public static void answerOrdersAfter(int millis) {
        server().stubFor(post(urlPathEqualTo("/v1/orders")).willReturn(createdOrder().withFixedDelay(millis)));
    }

    /** A new order for the amount, currency and receipt asked for. */
    private static ResponseDefinitionBuilder createdOrder() {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("""
                        {"id": "order_{{randomValue length=14 type='ALPHANUMERIC'}}", "entity": "order",
                         "amount": {{jsonPath request.body '$.amount'}}, "amount_paid": 0,
                         "amount_due": {{jsonPath request.body '$.amount'}},
                         "currency": "{{jsonPath request.body '$.currency'}}",
                         "receipt": "{{jsonPath request.body '$.receipt'}}", "offer_id": null,
                         "status": "created", "attempts": 0, "notes": {}, "created_at": 1795440000}""");
    }

    // Refunds an operator starts (issue 16)

    /**
     * Razorpay's answer to a full refund of the payment (no amount in the request refunds what was paid), after
     * {@code millis}: a refund entity as documented for POST /v1/payments/:id/refund.
     */
    public static void refundsPayment(String paymentId, long paidPaise, String refundId, int millis) {
        server().stubFor(post(urlPathEqualTo("/v1/payments/" + paymentId + "/refund")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withFixedDelay(millis)
                .withTransformers("response-template")
                .withBody("""
                        {"id": "%s", "entity": "refund", "amount": %d, "currency": "INR", "payment_id": "%s",
                         "notes": {}, "receipt": "{{jsonPath request.body '$.receipt'}}",
                         "acquirer_data": {"arn": null}, "created_at": 1795440200, "batch_id": null,
                         "status": "processed", "speed_processed": "normal", "speed_requested": "normal"}"""
                        .formatted(refundId, paidPaise, paymentId))));
    }

    /**
     * GET /v1/payments/{id} answering the payment of the path's id with {@code amountRefunded} of its
     * {@code amount} refunded, as Razorpay documents the payment entity.
     */
    public static void paymentRefunded(String paymentId, long amount, long amountRefunded) {
        server().stubFor(get(urlPathEqualTo("/v1/payments/" + paymentId)).willReturn(payment(
                amountRefunded == amount ? "refunded" : "captured", amount, amountRefunded)));
    }

    private static ResponseDefinitionBuilder payment(String status, long amount, long amountRefunded) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("""
                        {"id": "{{request.pathSegments.[2]}}", "entity": "payment", "amount": %d, "currency": "INR",
                         "status": "%s", "order_id": "order_StandIn000001", "invoice_id": null,
                         "international": false, "method": "upi", "amount_refunded": %d, "refund_status": %s,
                         "captured": true, "description": "Coins", "card_id": null, "bank": null, "wallet": null,
                         "vpa": "user@upi", "email": "void@razorpay.com", "contact": "+919000000000", "notes": {},
                         "fee": 98, "tax": 15, "error_code": null, "error_description": null,
                         "created_at": 1795440100}"""
                        .formatted(amount, status, amountRefunded, amountRefunded == 0 ? "null"
                                : amountRefunded == amount ? "\"full\"" : "\"partial\""));
    }

    @Override
    public Map<String, String> start() {
        return Map.of("banter.razorpay.base-url", server().baseUrl(),
                "banter.razorpay.key-id", KEY_ID,
                "banter.razorpay.key-secret", KEY_SECRET,
                "banter.razorpay.webhook-secret", WEBHOOK_SECRET);
    }

    @Override
    public void stop() {
        SERVER.stop();
    }
}
