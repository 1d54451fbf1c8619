package app.banter.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import app.banter.call.CallFixture;
import app.banter.call.CallFixture.Party;
import app.banter.call.CallReconciler;
import app.banter.testsupport.KycFixture;
import app.banter.testsupport.RazorpayXStandIn;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/**
 * Users who may withdraw: earnings from a real billed call (CallFixture: 10 coins a minute, 6 to the callee) and a
 * KYC verified through POST /api/v1/kyc with the sandbox provider. RazorpayX webhooks
 * built in RazorpayX's payout event shape and signed as RazorpayX signs them.
 */
@ApplicationScoped
public class PayoutFixture {

    private final CallFixture calls;
    private final CallReconciler callReconciler;
    private final Ledger ledger;
    private final Accounts accounts;
    private final EntityManager em;

    PayoutFixture(CallFixture calls, CallReconciler callReconciler, Ledger ledger, Accounts accounts,
            EntityManager em) {
        this.calls = calls;
        this.callReconciler = callReconciler;
        this.ledger = ledger;
        this.accounts = accounts;
        this.em = em;
    }

    /**
     * A callee paid for {@code minutes} minutes of an audio call: 6 coins of earnings a minute. The caller's 100
     * signup coins pay for 10 minutes; for more, the caller's COINS are topped up by a ledger transfer from issuance
     * (the caller's coins only: the earnings themselves come from the billed call).
     */
    public TestUser earner(int minutes) {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            if (minutes > 10) {
                QuarkusTransaction.requiringNew().run(() -> ledger.transfer("test:top-up:" + UUID.randomUUID(),
                        SystemAccounts.ISSUANCE, accounts.coins(caller.user().id()), (minutes - 10) * 10L,
                        TransferKind.COIN_PURCHASE, "test"));
            }
            UUID callId = calls.connected(caller, callee, "AUDIO");
            // Minute k starts 5 + 60 (k - 1) seconds after connecting: this is inside minute {@code minutes}.
            calls.elapse(callId, Duration.ofSeconds(60L * (minutes - 1) + 30));
            callReconciler.reconcile();
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.call(callId).billedMinutes == minutes);
            // The minutes are paid to the callee's earnings when the call ends.
            callee.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
            assertThat(calls.earnings(callee.user()).balance()).isEqualTo(6L * minutes);
            return callee.user();
        }
    }

    /** An earner whose KYC is VERIFIED. */
    public TestUser verifiedEarner(int minutes) {
        TestUser user = earner(minutes);
        verifyKyc(user);
        return user;
    }

    /** VERIFIED through POST /api/v1/kyc and the sandbox provider (KycFixture). */
    public void verifyKyc(TestUser user) {
        KycFixture.verify(user);
    }

    /** Buys a coin package the way the app does: an order, then Razorpay's signed payment.captured webhook. */
    public void buyCoins(TestUser user, String packageId) {
        var order = user.request().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("packageId", packageId)).post("/api/v1/payments/orders").then().statusCode(200)
                .extract();
        String orderId = order.path("orderId");
        long amount = ((Number) order.path("amount")).longValue();
        String paymentId = "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String body = """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "payment.captured",
                 "contains": ["payment"], "payload": {"payment": {"entity": {"id": "%s", "entity": "payment",
                 "amount": %d, "currency": "INR", "status": "captured", "order_id": "%s", "invoice_id": null,
                 "method": "upi", "captured": true, "created_at": %d}}}, "created_at": %d}"""
                .formatted(paymentId, amount, orderId, now(), now());
        try {
            given().contentType("application/json").header("x-razorpay-event-id", "evt_" + paymentId.substring(4))
                    .header("X-Razorpay-Signature", com.razorpay.Utils.getHash(body,
                            app.banter.testsupport.RazorpayStandIn.WEBHOOK_SECRET))
                    .body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/webhooks/razorpay").then()
                    .statusCode(200);
        } catch (com.razorpay.RazorpayException e) {
            throw new IllegalStateException(e);
        }
    }

    public long earningsAvailable(TestUser user) {
        return calls.earnings(user).available();
    }

    public long earningsBalance(TestUser user) {
        return calls.earnings(user).balance();
    }

    /** As if the payout's lease or wait had run out: the reconciler takes it on its next pass. */
    public void makeDue(UUID payoutId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update payouts set reconcile_after = now() - interval '1 second' where id = ?1")
                .setParameter(1, payoutId).executeUpdate());
    }

    /** As if the payout's lease or wait had run out {@code ago}: it comes before payouts due more recently. */
    public void makeDue(UUID payoutId, Duration ago) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update payouts set reconcile_after = now() - interval '1 second' * ?2 where id = ?1")
                .setParameter(1, payoutId).setParameter(2, ago.toSeconds()).executeUpdate());
    }

    /** Whether someone holds the payout's lease (a request or a reconciler pass calling RazorpayX for it). */
    public boolean isLeased(UUID payoutId) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) em.createNativeQuery(
                "select reconcile_after > now() from payouts where id = ?1").setParameter(1, payoutId)
                .getSingleResult());
    }

    /** As if a day had passed since the processed payout was last asked about: its check for a reversal is due. */
    public void makeReversalCheckDue(UUID payoutId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update payouts set reversal_check_at = now() - interval '1 second' where id = ?1")
                .setParameter(1, payoutId).executeUpdate());
    }

    /** As if the processed payout's window for reversal checks ended {@code in} from now, and a check were due. */
    public void endReversalChecksIn(UUID payoutId, Duration in) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update payouts set reversal_check_at = now() - interval '1 second',
                  reversal_checks_until = now() + interval '1 second' * ?2
                where id = ?1""").setParameter(1, payoutId).setParameter(2, in.toSeconds()).executeUpdate());
    }

    /** Whether the payout will be asked about for a reversal again, not before {@code after} from now. */
    public boolean isReversalCheckedAfter(UUID payoutId, Duration after) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) em.createNativeQuery(
                "select reversal_check_at > now() + interval '1 second' * ?2 from payouts where id = ?1")
                .setParameter(1, payoutId).setParameter(2, after.toSeconds()).getSingleResult());
    }

    /** Whether the payout will be asked about for a reversal again at all. */
    public boolean isReversalChecked(UUID payoutId) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) em.createNativeQuery(
                "select reversal_check_at is not null from payouts where id = ?1").setParameter(1, payoutId)
                .getSingleResult());
    }

    /** As if the first request to create the payout at RazorpayX had been sent {@code ago} before it was. */
    public void ageCreateAttempt(UUID payoutId, Duration ago) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update payouts set create_attempted_at = create_attempted_at - interval '1 second' * ?2
                where id = ?1""").setParameter(1, payoutId).setParameter(2, ago.toSeconds()).executeUpdate());
    }

    /** As if the payout's hold had been placed {@code days} days ago: its creation and any expiry move back. */
    public void ageHold(UUID payoutId, int days) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update holds set created_at = created_at - interval '1 day' * ?2,
                  expires_at = expires_at - interval '1 day' * ?2
                where id = (select hold_id from payouts where id = ?1)""")
                .setParameter(1, payoutId).setParameter(2, days).executeUpdate());
    }

    /** As if the request had died after RazorpayX made the payout and before its answer was recorded. */
    public void forgetRazorpayAnswer(UUID payoutId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update payouts set status = 'PENDING', razorpay_payout_id = null, provider_status = null,
                  provider_status_at = null where id = ?1""").setParameter(1, payoutId).executeUpdate());
    }

    /** The payout row's destination in clear: VPA, account number and holder name, each null once forgotten. */
    public List<Object> destinationInClear(UUID payoutId) {
        return QuarkusTransaction.requiringNew().call(() -> Arrays.asList((Object[]) em.createNativeQuery(
                "select vpa, account_number, holder_name from payouts where id = ?1").setParameter(1, payoutId)
                .getSingleResult()));
    }

    public String razorpayPayoutId(UUID payoutId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select razorpay_payout_id from payouts where id = ?1").setParameter(1, payoutId)
                .getSingleResult());
    }

    /** A payout.{@code status} event about this payout as RazorpayX has it, at {@code createdAt} (epoch seconds). */
    public static String event(String razorpayPayoutId, String status, long createdAt) {
        RazorpayXStandIn.MadePayout made = RazorpayXStandIn.payout(razorpayPayoutId).orElseThrow();
        var entity = RazorpayXStandIn.payoutEntity(
                new RazorpayXStandIn.MadePayout(made.id(), made.idempotencyKey(), made.request(), status));
        return """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "payout.%s", "contains": ["payout"],
                 "payload": {"payout": {"entity": %s}}, "created_at": %d}""".formatted(status, entity, createdAt);
    }

    public static ValidatableResponse deliver(String body) {
        return deliver(body, "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14));
    }

    /** Hex HMAC-SHA256 of the raw body with the RazorpayX webhook secret, in X-Razorpay-Signature. */
    public static ValidatableResponse deliver(String body, String eventId) {
        String signature;
        try {
            signature = com.razorpay.Utils.getHash(body, RazorpayXStandIn.WEBHOOK_SECRET);
        } catch (com.razorpay.RazorpayException e) {
            throw new IllegalStateException(e);
        }
        return given().contentType("application/json").header("X-Razorpay-Event-Id", eventId)
                .header("X-Razorpay-Signature", signature).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/webhooks/razorpayx").then();
    }

    public static long now() {
        return Instant.now().getEpochSecond();
    }
}
