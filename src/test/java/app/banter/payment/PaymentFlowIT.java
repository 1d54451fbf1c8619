package app.banter.payment;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Coin purchases against the packaged application (the JVM jar in `./mvnw verify`, the native executable with
 * -Pnative): Razorpay's JSON shapes and the HMAC checks under native reflection and security-provider rules.
 */
@QuarkusIntegrationTest
class PaymentFlowIT extends PaymentFlowTest {
}
