package app.banter.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import app.banter.payment.CoinsPurchased;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Coins bought, counted from the one event every settled purchase fires (whatever path settled it: Checkout
 * verification, webhook, reconciler), once its credit has committed.
 */
@ApplicationScoped
class PurchaseMetrics {

    private final Counter purchases;
    private final Counter coins;

    PurchaseMetrics(MeterRegistry registry) {
        this.purchases = Counter.builder("banter.payments.purchases.credited")
                .description("Coin purchases paid and credited").register(registry);
        this.coins = Counter.builder("banter.payments.coins.credited")
                .description("Coins bought and credited to buyers").register(registry);
    }

    void onCoinsPurchased(@Observes(during = TransactionPhase.AFTER_SUCCESS) CoinsPurchased purchase) {
        purchases.increment();
        coins.increment(purchase.coins());
    }
}
