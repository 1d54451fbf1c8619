package app.banter.user;

import org.eclipse.microprofile.config.spi.Converter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
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
    @WithConverter(DiscountPercent.class)
    int callDiscountPercent();

    /**
     * Refuses a discount outside 0 to 99, so that the service does not start with one. A converter rather than
     * {@code @Min}/{@code @Max}: a constrained config mapping makes Quarkus build a second Hibernate Validator factory
     * at every start, an eighth of the start's main thread and 13 MiB of its RSS (docs/PERFORMANCE.md).
     */
    final class DiscountPercent implements Converter<Integer> {

        @Override
        public Integer convert(String value) {
            int percent = Integer.parseInt(value.strip());
            if (percent < 0 || percent > 99) {
                throw new IllegalArgumentException("A discount is 0 to 99 percent, not " + percent);
            }
            return percent;
        }
    }
}
