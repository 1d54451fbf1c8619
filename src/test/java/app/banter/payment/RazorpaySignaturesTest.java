package app.banter.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import com.razorpay.Utils;

import app.banter.payment.razorpay.RazorpaySignatures;
import app.banter.testsupport.RazorpayStandIn;
import io.quarkus.test.junit.QuarkusTest;

/** Our signature checks agree with Razorpay's own SDK on what is valid. */
@QuarkusTest
class RazorpaySignaturesTest {

    @Inject
    RazorpaySignatures signatures;

    @Test
    void checkoutSignatureAsTheSdkComputesIt() throws Exception {
        String signature = Utils.getHash("order_IluGWxBm9U8zJ8|pay_IH4NVgf4Dreq1l", RazorpayStandIn.KEY_SECRET);
        JSONObject attributes = new JSONObject().put("razorpay_order_id", "order_IluGWxBm9U8zJ8")
                .put("razorpay_payment_id", "pay_IH4NVgf4Dreq1l").put("razorpay_signature", signature);
        assertThat(Utils.verifyPaymentSignature(attributes, RazorpayStandIn.KEY_SECRET)).isTrue();
        assertThat(signatures.isValidCheckout("order_IluGWxBm9U8zJ8", "pay_IH4NVgf4Dreq1l", signature)).isTrue();
        assertThat(signatures.isValidCheckout("order_IluGWxBm9U8zJ8", "pay_Other", signature)).isFalse();
        assertThat(signatures.isValidCheckout("order_IluGWxBm9U8zJ8", "pay_IH4NVgf4Dreq1l", null)).isFalse();
    }

    @Test
    void webhookSignatureAsTheSdkComputesIt() throws Exception {
        String body = "{\"entity\":\"event\",\"event\":\"payment.captured\",\"payload\":{}}";
        String signature = Utils.getHash(body, RazorpayStandIn.WEBHOOK_SECRET);
        assertThat(Utils.verifyWebhookSignature(body, signature, RazorpayStandIn.WEBHOOK_SECRET)).isTrue();
        assertThat(signatures.isValidWebhook(body.getBytes(StandardCharsets.UTF_8), signature)).isTrue();
        assertThat(signatures.isValidWebhook((body + " ").getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(signatures.isValidWebhook(body.getBytes(StandardCharsets.UTF_8), signature.substring(1)))
                .isFalse();
    }
}
