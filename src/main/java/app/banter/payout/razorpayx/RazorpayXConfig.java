package app.banter.payout.razorpayx;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * RazorpayX API credentials (BANTER_RAZORPAYX_*). RazorpayX is reached with the Razorpay account's API keys, but its
 * webhook is set up apart from the payment webhooks (RazorpayX dashboard) with a secret of its own.
 */
@ConfigMapping(prefix = "banter.razorpayx")
public interface RazorpayXConfig {

    @WithDefault("https://api.razorpay.com")
    String baseUrl();

    String keyId();

    String keySecret();

    /** The secret set on the RazorpayX webhook; signs every delivery. */
    String webhookSecret();

    /** Our RazorpayX business account (current account or customer identifier) that payouts are paid from. */
    String accountNumber();

    @WithDefault("10s")
    Duration timeout();
}
