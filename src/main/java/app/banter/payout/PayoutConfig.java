package app.banter.payout;

import java.time.Duration;
import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Withdrawals of earnings (banter.payouts.*); RazorpayX credentials are in razorpayx.RazorpayXConfig. */
@ConfigMapping(prefix = "banter.payouts")
public interface PayoutConfig {

    /** The fewest coins one withdrawal may take. */
    @WithDefault("400")
    long minimumCoins();

    /** Coins withdrawn per day (not counting failed or reversed payouts), in {@link #zone()}'s calendar. */
    @WithDefault("20000")
    long dailyLimitCoins();

    /** Coins withdrawn per calendar month, counted like the daily limit. */
    @WithDefault("200000")
    long monthlyLimitCoins();

    /** Whose midnight starts a new day and month for the limits: India's, where the users and their banks are. */
    @WithDefault("Asia/Kolkata")
    ZoneId zone();

    /** Paise paid for {@link #rateCoins()} coins: paise = coins * ratePaise / rateCoins, rounded down. */
    @WithDefault("25")
    long ratePaise();

    @WithDefault("1")
    long rateCoins();

    /** ISO currency of every payout; RazorpayX pays out INR only. */
    @WithDefault("INR")
    String currency();

    Reconciler reconciler();

    interface Reconciler {
        @WithDefault("60s")
        String interval();

        /**
         * How long after a request, or after RazorpayX last told us something, a payout still not final is asked about;
         * also the lease of a request calling RazorpayX.
         */
        @WithDefault("2M")
        Duration checkAfter();

        /** Between two questions about the same payout. */
        @WithDefault("5M")
        Duration retryEvery();

        @WithDefault("50")
        int batchSize();

        /**
         * How long after it was processed a payout is still asked about, in case its bank returned it and RazorpayX's
         * payout.reversed never reached us. RazorpayX documents no limit on when a processed payout may be reversed;
         * banks return a credit they cannot apply within days, so 30 days leaves a wide margin.
         */
        @WithDefault("30D")
        Duration reversalWindow();

        /**
         * Between two questions about the same processed payout: the webhook says a reversal first, this only catches
         * a lost one, and a slow pace keeps a month of processed payouts from crowding RazorpayX's rate limit.
         */
        @WithDefault("1D")
        Duration reversalCheckEvery();
    }

    /** The paise {@code coins} are worth, in integer arithmetic. */
    default long paiseFor(long coins) {
        return Math.multiplyExact(coins, ratePaise()) / rateCoins();
    }
}
