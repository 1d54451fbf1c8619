package app.banter.payment;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.payments")
public interface PaymentConfig {

    /** ISO currency of every package and plan; Razorpay orders are in its smallest unit (paise). */
    @WithDefault("INR")
    String currency();

    /** Coin packages by id, e.g. banter.payments.packages.coins-100.coins=100 and .price-paise=4900. */
    Map<String, CoinPackageConfig> packages();

    /** Premium plans by id (monthly, yearly), each backed by a plan created in the Razorpay dashboard. */
    Map<String, PlanConfig> plans();

    /**
     * New coin orders one user may start per hour. Each is a Razorpay order and a purchase the reconciler asks about
     * for a day, oldest first, so a flood of them would delay the safety net for everyone's real purchases. A retry
     * with an Idempotency-Key already used is not a new order and is not counted.
     */
    @WithDefault("10")
    int ordersPerHour();

    /** Premium subscriptions one user may start per hour: each is a subscription created at Razorpay. */
    @WithDefault("5")
    int subscriptionsPerHour();

    Reconciler reconciler();

    interface CoinPackageConfig {
        long coins();

        long pricePaise();
    }

    interface PlanConfig {
        String razorpayPlanId();

        long pricePaise();

        /** How many billing cycles Razorpay charges before the subscription completes. */
        int totalCount();
    }

    /** The purchase reconciler's tuning; the cancellations of closed accounts' plans run on the same. */
    interface Reconciler {
        @WithDefault("60s")
        String interval();

        /** A purchase still unpaid this long after its order was made is asked about at Razorpay. */
        @WithDefault("2M")
        Duration settleAfter();

        /** Between two questions about the same purchase, or two requests to cancel the same plan. */
        @WithDefault("5M")
        Duration retryEvery();

        /** An order with no captured payment this long after creation is marked failed. */
        @WithDefault("24H")
        Duration giveUpAfter();

        @WithDefault("50")
        int batchSize();
    }
}
