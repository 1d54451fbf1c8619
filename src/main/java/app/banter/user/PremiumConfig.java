package app.banter.user;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What premium (a paid Razorpay subscription, see payment) gives its members. */
@ConfigMapping(prefix = "banter.premium")
public interface PremiumConfig {

    /** Whether other people see a premium badge on a member's public profile. */
    @WithDefault("true")
    boolean badge();

    /**
     * Percent off the per-minute rate of the calls a member makes (0 turns it off). At most 99, so that a call always
     * costs at least a coin a minute and billing never meets a free minute.
     */
    @WithDefault("20")
    @Min(0)
    @Max(99)
    int callDiscountPercent();
}
