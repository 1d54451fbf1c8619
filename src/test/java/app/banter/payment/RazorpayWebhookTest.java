package app.banter.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.Concurrently;
import app.banter.testsupport.RazorpayStandIn;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TestWallets;
import app.banter.wallet.TransferKind;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Razorpay webhooks: signed, deduplicated, racing the app's verify call, and never crediting twice. */
@QuarkusTest
class RazorpayWebhookTest {

    @Inject
    EntityManager em;

    @Inject
    Ledger ledger;

    @Inject
    Accounts accounts;

    @Inject
    TestWallets wallets;

    @Test
    void capturedPaymentCreditsOnce() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        String event = RazorpayWebhooks.captured(order.id, RazorpayWebhooks.paymentId(), 4900);
        RazorpayWebhooks.deliver(event, "evt_A" + System.nanoTime()).statusCode(200)
                .body("outcome", equalTo("PROCESSED"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(200);
        // order.paid for the same payment, under another event id: settled already, nothing more.
        RazorpayWebhooks.deliver(RazorpayWebhooks.orderPaid(order.id, paymentIdOf(order), 4900)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(200);
    }

    @Test
    void theSameDeliveryTenTimesAtOnceCreditsOnce() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-250");
        String event = RazorpayWebhooks.captured(order.id, RazorpayWebhooks.paymentId(), 9900);
        String eventId = "evt_" + UUID.randomUUID().toString().substring(0, 14);
        List<String> outcomes = concurrently(10, thread -> RazorpayWebhooks.deliver(event, eventId).statusCode(200)
                .extract().<String>path("outcome"));
        assertThat(outcomes).containsOnlyOnce("PROCESSED").containsOnly("PROCESSED", "DUPLICATE");
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100 + 250);
        me.request().get("/api/v1/wallet/transactions").then()
                .body("items.findAll { it.kind == 'COIN_PURCHASE' }", hasSize(1));
    }

    @Test
    void verifyAndWebhookRacingCreditOnce() {
        TestUser me = TestUsers.register();
        for (int round = 0; round < 5; round++) {
            Order order = order(me, "coins-100");
            String paymentId = RazorpayWebhooks.paymentId();
            String signature = PurchaseFlowTest.checkoutSignature(order.id, paymentId);
            String event = round % 2 == 0 ? RazorpayWebhooks.captured(order.id, paymentId, 4900)
                    : RazorpayWebhooks.orderPaid(order.id, paymentId, 4900);
            // Half the threads verify, half deliver the webhook, all released at once.
            List<Integer> statuses = concurrently(6, thread -> thread % 2 == 0
                    ? PurchaseFlowTest.verify(me, order.id, paymentId, signature).extract().statusCode()
                    : RazorpayWebhooks.deliver(event).extract().statusCode());
            assertThat(statuses).containsOnly(200);
        }
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100 + 5 * 100);
    }

    @Test
    void badSignatureUnknownOrderAndMalformedBodiesChangeNothing() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        String event = RazorpayWebhooks.captured(order.id, RazorpayWebhooks.paymentId(), 4900);

        given().contentType("application/json").header("x-razorpay-event-id", "evt_bad1")
                .header("X-Razorpay-Signature", RazorpayWebhooks.sign(event, "not-the-secret")).body(event)
                .post("/api/v1/webhooks/razorpay").then().statusCode(401)
                .body("code", equalTo("INVALID_WEBHOOK_SIGNATURE"));
        given().contentType("application/json").header("x-razorpay-event-id", "evt_bad2").body(event)
                .post("/api/v1/webhooks/razorpay").then().statusCode(401)
                .body("code", equalTo("INVALID_WEBHOOK_SIGNATURE"));
        // A signature over other bytes than those sent: the body was changed on the way.
        given().contentType("application/json").header("x-razorpay-event-id", "evt_bad3")
                .header("X-Razorpay-Signature", RazorpayWebhooks.sign(event, RazorpayStandIn.WEBHOOK_SECRET))
                .body(event.replace("4900", "490000")).post("/api/v1/webhooks/razorpay").then().statusCode(401);

        RazorpayWebhooks.deliver(RazorpayWebhooks.captured("order_Unknown0000001", RazorpayWebhooks.paymentId(),
                4900)).statusCode(404);
        RazorpayWebhooks.deliver("{\"event\": \"payment.captured\", ").statusCode(400)
                .body("code", equalTo("MALFORMED_JSON"));
        RazorpayWebhooks.deliver("{\"event\": \"payment.captured\", \"payload\": {}}").statusCode(400)
                .body("code", equalTo("INVALID_EVENT"));
        RazorpayWebhooks.deliver("[]").statusCode(400);
        given().contentType("application/json")
                .header("X-Razorpay-Signature", RazorpayWebhooks.sign(event, RazorpayStandIn.WEBHOOK_SECRET))
                .body(event).post("/api/v1/webhooks/razorpay").then().statusCode(400)
                .body("code", equalTo("INVALID_EVENT"));
        RazorpayWebhooks.deliver(event.replace("\"created_at\": 1795440101", "\"created_at\": null"))
                .statusCode(400).body("code", equalTo("INVALID_EVENT"));

        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100);
        me.request().get("/api/v1/payments/purchases").then().body("items[0].status", equalTo("CREATED"));
        // A refused delivery was not recorded, so Razorpay's retry of the real one still applies.
        RazorpayWebhooks.deliver(event, "evt_bad1").statusCode(200).body("outcome", equalTo("PROCESSED"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(200);
    }

    @Test
    void amountOrCurrencyMismatchIsHeldForReview() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-1500");
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, RazorpayWebhooks.paymentId(), 100))
                .statusCode(200);
        Order other = order(me, "coins-100");
        RazorpayWebhooks.deliver(RazorpayWebhooks.paymentEvent("payment.captured", other.id,
                RazorpayWebhooks.paymentId(), 4900, "USD", "captured")).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100);
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("REVIEW"));
        me.request().get("/api/v1/payments/purchases/" + other.purchaseId).then().body("status", equalTo("REVIEW"));
        assertThat(anomalies(order.purchaseId)).containsExactly("AMOUNT_MISMATCH");
        assertThat(anomalies(other.purchaseId)).containsExactly("CURRENCY_MISMATCH");
    }

    @Test
    void failedThenCapturedAttempt() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        RazorpayWebhooks.deliver(RazorpayWebhooks.paymentEvent("payment.failed", order.id,
                RazorpayWebhooks.paymentId(), 4900, "INR", "failed")).statusCode(200);
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("FAILED"));
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, RazorpayWebhooks.paymentId(), 4900))
                .statusCode(200);
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("PAID"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(200);
    }

    @Test
    void refundsTakeBackUnspentCoinsAndRecordTheShortfall() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-250");
        String paymentId = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, paymentId, 9900)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(350);

        // Half refunded (Rs 49.50 of 99): 125 coins come back out.
        String refund1 = "rfnd_" + System.nanoTime();
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed(refund1, paymentId, 4950)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(225);
        // The same refund reported again under another event id is not applied twice.
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed(refund1, paymentId, 4950)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(225);

        spendAllBut(me, 25);
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), paymentId, 4950))
                .statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isZero();
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("REFUNDED"));
        assertThat(anomalies(order.purchaseId)).containsExactly("REFUND_SHORTFALL");
    }

    @Test
    void aRefundOfAPaymentNoPurchaseHoldsIsAcknowledgedAndLeftToAPerson() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, RazorpayWebhooks.paymentId(), 4900))
                .statusCode(200);
        // The order paid twice, and the second payment refunded from Razorpay's dashboard.
        String second = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, second, 4900)).statusCode(200);
        // Razorpay tells of the second payment again in order.paid: the same finding, not a second one to review.
        RazorpayWebhooks.deliver(RazorpayWebhooks.orderPaid(order.id, second, 4900)).statusCode(200);
        String refund = RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), second, 4900, order.id, null);
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        RazorpayWebhooks.deliver(refund, eventId).statusCode(200).body("outcome", equalTo("IGNORED"));
        RazorpayWebhooks.deliver(refund, eventId).statusCode(200).body("outcome", equalTo("DUPLICATE"));
        // The same refund under another event id (a redelivery Razorpay numbered anew).
        RazorpayWebhooks.deliver(refund).statusCode(200).body("outcome", equalTo("IGNORED"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(200);
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("PAID"));
        assertThat(anomalies(order.purchaseId)).containsExactly("SECOND_PAYMENT", "UNMATCHED_REFUND");

        // A payment never seen, in a refund event without the payment beside it: acknowledged all the same.
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(),
                RazorpayWebhooks.paymentId(), 100)).statusCode(200).body("outcome", equalTo("IGNORED"));
    }

    /** Half of a captured payment refunded: the payment can still settle the purchase, so the refund waits for it. */
    @Test
    void aRefundBeforeItsPaymentsCaptureIsRefusedUntilTheCaptureHasCredited() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        String paymentId = RazorpayWebhooks.paymentId();
        String refund = RazorpayWebhooks.refundOfOrderPayment("rfnd_" + System.nanoTime(), paymentId, 2450, order.id,
                4900, 2450, true);
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        RazorpayWebhooks.deliver(refund, eventId).statusCode(409).body("code", equalTo("PAYMENT_NOT_SETTLED"));

        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, paymentId, 4900)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(200);
        // Razorpay's retry of the refused delivery applies: the coins of the refunded half go back out.
        RazorpayWebhooks.deliver(refund, eventId).statusCode(200).body("outcome", equalTo("PROCESSED"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(150);
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("PAID"));
    }

    /**
     * A late authorisation Razorpay refunded without capturing it can never settle the purchase: refusing its refund
     * would have Razorpay retry for a day and then disable the webhook. The order's next payment owes nothing for it.
     */
    @Test
    void aRefundOfAPaymentNeverCapturedIsAcknowledgedAndTheOrdersNextPaymentCreditsInFull() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        String late = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundOfOrderPayment("rfnd_" + System.nanoTime(), late, 4900,
                order.id, 4900, 4900, false)).statusCode(200).body("outcome", equalTo("IGNORED"));
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("CREATED"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100);

        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, RazorpayWebhooks.paymentId(), 4900))
                .statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(200);
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("PAID"));
        assertThat(anomalies(order.purchaseId)).isEmpty();
        wallets.assertBooksBalance();
    }

    /** A payment refunded in full before its capture reached us (the webhook lost, verify never called), then learnt. */
    @Test
    void aFullRefundBeforeALateCaptureLeavesNothingCredited() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        String paymentId = RazorpayWebhooks.paymentId();
        String refund = RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), paymentId, 4900, order.id, null);
        RazorpayWebhooks.deliver(refund).statusCode(200).body("outcome", equalTo("IGNORED"));

        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, paymentId, 4900)).statusCode(200);
        RazorpayWebhooks.deliver(RazorpayWebhooks.orderPaid(order.id, paymentId, 4900)).statusCode(200);
        PurchaseFlowTest.verify(me, order.id, paymentId, PurchaseFlowTest.checkoutSignature(order.id, paymentId))
                .statusCode(200).body("status", equalTo("REFUNDED"));
        // The same refund reported again: recorded once.
        RazorpayWebhooks.deliver(refund).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100);
        assertThat(wallets.transfersWithKey("coin-purchase:" + order.purchaseId)).isZero();
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("REFUNDED"));
        wallets.assertBooksBalance();
    }

    /**
     * Half refunded of a payment whose capture never came while the reconciler asked: acknowledged and left to a
     * person; a capture learnt after all credits the coins of the half still paid, and the last refund takes them.
     */
    @Test
    void aPartRefundPastTheReconcilersWindowIsAcknowledgedForAPersonAndALateCaptureCreditsWhatIsStillPaid() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update purchases set created_at = created_at - interval '25 hours' where id = ?1")
                .setParameter(1, UUID.fromString(order.purchaseId)).executeUpdate());
        String paymentId = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundOfOrderPayment("rfnd_" + System.nanoTime(), paymentId, 2450,
                order.id, 4900, 2450, true)).statusCode(200).body("outcome", equalTo("IGNORED"));
        assertThat(anomalies(order.purchaseId)).containsExactly("CAPTURED_NOT_SETTLED");

        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, paymentId, 4900)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(150);
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("PAID"));
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), paymentId, 2450))
                .statusCode(200).body("outcome", equalTo("PROCESSED"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100);
        me.request().get("/api/v1/payments/purchases/" + order.purchaseId).then().body("status", equalTo("REFUNDED"));
        wallets.assertBooksBalance();
    }

    /** Coins a running call holds are not taken back, and not "spent" either: the anomaly tells the two apart. */
    @Test
    void aRefundShortfallTellsCoinsHeldFromCoinsSpent() {
        TestUser me = TestUsers.register();
        Order order = order(me, "coins-100");
        String paymentId = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.id, paymentId, 4900)).statusCode(200);
        spendAllBut(me, 80);
        UUID account = QuarkusTransaction.requiringNew().call(() -> accounts.coins(me.id()));
        UUID hold = QuarkusTransaction.requiringNew().call(() -> ledger.placeHoldWithoutExpiry(
                "test:hold:" + UUID.randomUUID(), account, 60, "test").id());

        String refundId = "rfnd_" + System.nanoTime();
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed(refundId, paymentId, 4900)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(60);
        assertThat(anomalyDetails(order.purchaseId)).singleElement().asString()
                .startsWith("refund " + refundId + ": 80 of 100 coins not taken back: 60 held")
                .endsWith(", 20 already spent");
        QuarkusTransaction.requiringNew().run(() -> ledger.releaseHold(hold));
        wallets.assertBooksBalance();
    }

    private void spendAllBut(TestUser user, long keep) {
        QuarkusTransaction.requiringNew().run(() -> {
            UUID account = accounts.coins(user.id());
            long spend = accounts.find(account).orElseThrow().available() - keep;
            ledger.transfer("test:spend:" + UUID.randomUUID(), account, SystemAccounts.PLATFORM_REVENUE, spend,
                    TransferKind.CALL_CHARGE, "test");
        });
    }

    @SuppressWarnings("unchecked")
    private List<String> anomalyDetails(String purchaseId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select details from payment_anomalies where purchase_id = ?1 order by created_at")
                .setParameter(1, UUID.fromString(purchaseId)).getResultList());
    }

    @SuppressWarnings("unchecked")
    private List<String> anomalies(String purchaseId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select kind from payment_anomalies where purchase_id = ?1 order by created_at")
                .setParameter(1, UUID.fromString(purchaseId)).getResultList());
    }

    private String paymentIdOf(Order order) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select razorpay_payment_id from purchases where id = ?1")
                .setParameter(1, UUID.fromString(order.purchaseId)).getSingleResult());
    }

    private record Order(String id, String purchaseId) {
    }

    private static Order order(TestUser user, String packageId) {
        var response = PurchaseFlowTest.createOrder(user, packageId, "k-" + UUID.randomUUID()).statusCode(200)
                .extract();
        return new Order(response.path("orderId"), response.path("purchaseId"));
    }

    /** Runs the task on that many threads released together; every run must have succeeded. */
    private static <T> List<T> concurrently(int tasks, IntFunction<T> task) {
        return Concurrently.run(tasks, task).stream().map(outcome -> {
            assertThat(outcome.failure()).isNull();
            return outcome.result();
        }).toList();
    }
}
