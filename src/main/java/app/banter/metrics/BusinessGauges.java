package app.banter.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Business gauges read from the database by cheap periodic queries rather than tracked by every service that changes
 * the state: the database is the truth whichever pod made the change. Every pod reports the same figures; dashboards
 * and alerts take their max. Each gauge keeps its last value until the next refresh succeeds.
 */
@ApplicationScoped
public class BusinessGauges {

    /** The purchase states that need a person or the reconciler: no Razorpay order yet, or paid not as ordered. */
    static final List<String> STUCK_STATUSES = List.of("PENDING", "REVIEW");

    private final BusinessGaugeStore store;
    private final AtomicLong billingLagMillis = new AtomicLong();
    private final AtomicLong openHolds = new AtomicLong();
    private final Map<String, AtomicLong> stuckCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stuckAgeMillis = new ConcurrentHashMap<>();

    BusinessGauges(BusinessGaugeStore store, MeterRegistry registry) {
        this.store = store;
        Gauge.builder("banter.billing.lag", billingLagMillis, millis -> millis.get() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest due call minute not yet billed; 0 when billing is up to date")
                .register(registry);
        Gauge.builder("banter.wallet.holds.open", openHolds, AtomicLong::get)
                .description("Holds still reserving coins").register(registry);
        for (String status : STUCK_STATUSES) {
            AtomicLong count = stuckCounts.computeIfAbsent(status, s -> new AtomicLong());
            AtomicLong age = stuckAgeMillis.computeIfAbsent(status, s -> new AtomicLong());
            Gauge.builder("banter.payments.purchases.stuck", count, AtomicLong::get).tag("status", status)
                    .description("Purchases in PENDING or REVIEW").register(registry);
            Gauge.builder("banter.payments.purchases.stuck.age", age, millis -> millis.get() / 1000.0)
                    .tag("status", status).baseUnit("seconds")
                    .description("How long the oldest purchase in this status has waited").register(registry);
        }
    }

    @Scheduled(every = "{banter.metrics.refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Instant now = Instant.now();
        Instant oldestDue = store.oldestUnbilledMinute(now);
        billingLagMillis.set(oldestDue == null ? 0 : Math.max(0, Duration.between(oldestDue, now).toMillis()));
        openHolds.set(store.openHolds());
        Map<String, BusinessGaugeStore.Stuck> stuck = store.stuckPurchases();
        for (String status : STUCK_STATUSES) {
            BusinessGaugeStore.Stuck found = stuck.get(status);
            stuckCounts.get(status).set(found == null ? 0 : found.count());
            stuckAgeMillis.get(status).set(found == null || found.oldest() == null ? 0
                    : Math.max(0, Duration.between(found.oldest(), now).toMillis()));
        }
    }
}
