package app.banter.payment.razorpay;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Razorpay API credentials (BANTER_RAZORPAY_*) and where its API lives. */
@ConfigMapping(prefix = "banter.razorpay")
public interface RazorpayConfig {

    @WithDefault("https://api.razorpay.com")
    String baseUrl();

    /** Public key id, also handed to the app for Checkout. */
    String keyId();

    String keySecret();

    /** The secret set on the webhook in the Razorpay dashboard; signs every delivery. */
    String webhookSecret();

    @WithDefault("10s")
    Duration timeout();
}
