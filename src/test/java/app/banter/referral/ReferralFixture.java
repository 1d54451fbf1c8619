package app.banter.referral;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Referral flows as the app and Razorpay drive them: registration with a code, device registration, an order paid
 * through a signed payment.captured webhook, and a signed refund.processed webhook (Razorpay's event shapes, see
 * payment/RazorpayWebhooks).
 */
public final class ReferralFixture {

    private ReferralFixture() {
    }

    /** A registration with {@code referralCode} on a new phone; the 201 response. */
    static ValidatableResponse registerWith(String referralCode) {
        return registerWith(TestUsers.randomPhone(), referralCode);
    }

    static ValidatableResponse registerWith(String phone, String referralCode) {
        String ticket = TestUsers.signIn(FirebaseTestClient.phoneIdToken(phone)).statusCode(200)
                .extract().path("registrationTicket");
        Map<String, Object> body = TestUsers.registration(ticket, TestUsers.randomUsername());
        body.put("referralCode", referralCode);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register").then();
    }

    static TestUser user(ValidatableResponse registered, String phone) {
        return new TestUser(UUID.fromString(registered.extract().path("user.id")), phone,
                registered.extract().path("user.username"), registered.extract().path("accessToken"),
                registered.extract().path("refreshToken"));
    }

    /** A referee of {@code code} on a new phone, whose registration applied the code. */
    static TestUser refereeOf(String code) {
        String phone = TestUsers.randomPhone();
        return user(registerWith(phone, code).statusCode(201), phone);
    }

    static String codeOf(TestUser user) {
        return user.request().get("/api/v1/referrals").then().statusCode(200).extract().path("code");
    }

    /** The app registering its push token and, where given, the phone's stable id. */
    static void registerDevice(TestUser user, String deviceId) {
        registerDevice(user, "fcm-" + UUID.randomUUID(), deviceId);
    }

    static void registerDevice(TestUser user, String fcmToken, String deviceId) {
        Map<String, Object> body = deviceId == null
                ? Map.of("fcmToken", fcmToken, "platform", "ANDROID")
                : Map.of("fcmToken", fcmToken, "platform", "ANDROID", "deviceId", deviceId);
        user.request().body(body).post("/api/v1/me/devices").then().statusCode(201);
    }

    static String newDeviceId() {
        return "android-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** An order of the 100-coin package (Rs 49); returns its Razorpay order id. */
    static String order(TestUser user) {
        return user.request().header("Idempotency-Key", "key-" + UUID.randomUUID())
                .body(Map.of("packageId", "coins-100")).post("/api/v1/payments/orders").then().statusCode(200)
                .extract().path("orderId");
    }

    static String paymentId() {
        return "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    static ValidatableResponse captured(String orderId, String paymentId) {
        return deliver("""
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "payment.captured",
                 "contains": ["payment"],
                 "payload": {"payment": {"entity": {"id": "%s", "entity": "payment", "amount": 4900,
                   "currency": "INR", "status": "captured", "order_id": "%s", "invoice_id": null,
                   "method": "upi", "captured": true, "created_at": 1795440100}}},
                 "created_at": 1795440101}""".formatted(paymentId, orderId));
    }

    static ValidatableResponse refunded(String paymentId, long amountPaise) {
        return deliver("""
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "refund.processed",
                 "contains": ["refund", "payment"],
                 "payload": {"refund": {"entity": {"id": "rfnd_%s", "entity": "refund", "amount": %d,
                   "currency": "INR", "payment_id": "%s", "notes": {}, "receipt": null, "status": "processed",
                   "speed_processed": "normal", "created_at": 1795440200}}},
                 "created_at": 1795440201}""".formatted(UUID.randomUUID().toString().replace("-", "")
                .substring(0, 14), amountPaise, paymentId));
    }

    /** Hex HMAC-SHA256 of the raw body with the webhook secret in X-Razorpay-Signature, as Razorpay signs. */
    static ValidatableResponse deliver(String body) {
        String signature;
        try {
            signature = com.razorpay.Utils.getHash(body, RazorpayStandIn.WEBHOOK_SECRET);
        } catch (com.razorpay.RazorpayException e) {
            throw new IllegalStateException(e);
        }
        return given().contentType("application/json")
                .header("x-razorpay-event-id", "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14))
                .header("X-Razorpay-Signature", signature)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/webhooks/razorpay").then();
    }

    /** Buys 100 coins through a captured webhook; returns the payment id. */
    public static String buy(TestUser user) {
        String paymentId = paymentId();
        captured(order(user), paymentId).statusCode(200);
        return paymentId;
    }

    static long coins(TestUser user) {
        return user.request().get("/api/v1/wallet").then().statusCode(200).extract().<Integer>path("coins.balance");
    }

    /** The status of the caller's referral of {@code referee}, as GET /api/v1/referrals shows it. */
    static String statusOf(TestUser referrer, TestUser referee) {
        return referrer.request().get("/api/v1/referrals").then().statusCode(200)
                .extract().path("referrals.items.find { it.referee.id == '" + referee.id() + "' }.status");
    }
}
