package app.banter.metrics;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The few read-only queries behind the business gauges. Each walks a partial index (active calls, open holds,
 * purchases not settled), never a whole table, since every pod runs them every refresh. The active calls are not few
 * at peak: the billing lag's walk reads every one of them (200 ms and more of PostgreSQL time at 100,000 calls, seen
 * in bench/calls), which buys a gauge that also sees a call whose next check a fault pushed past a due minute.
 */
@ApplicationScoped
class BusinessGaugeStore {

    /** Stuck purchases of one status: how many, and since when the oldest has waited (null when none). */
    record Stuck(long count, Instant oldest) {
    }

    private final EntityManager em;

    BusinessGaugeStore(EntityManager em) {
        this.em = em;
    }

    /**
     * When the earliest minute that is due to be billed started: connected calls with both parties present whose
     * next minute has begun. Null when every due minute is billed. Uses calls_active (active calls only).
     */
    Instant oldestUnbilledMinute(Instant now) {
        return (Instant) em.createNativeQuery("""
                select min(next_minute_at) from calls
                where status = 'ANSWERED' and both_present
                and next_minute_at <= ?1""")
                .setParameter(1, now)
                .getSingleResult();
    }

    /** Holds still reserving coins (holds_open_by_expiry). */
    long openHolds() {
        return ((Number) em.createNativeQuery("select count(*) from holds where status = 'OPEN'")
                .getSingleResult()).longValue();
    }

    /** Purchases in PENDING (no Razorpay order yet) or REVIEW (paid, not as ordered), by status (purchases_stuck). */
    @SuppressWarnings("unchecked")
    Map<String, Stuck> stuckPurchases() {
        List<Object[]> rows = em.createNativeQuery("""
                select status, count(*), min(created_at) from purchases
                where status in ('PENDING', 'REVIEW') group by status""").getResultList();
        Map<String, Stuck> stuck = new HashMap<>();
        for (Object[] row : rows) {
            stuck.put((String) row[0], new Stuck(((Number) row[1]).longValue(), toInstant(row[2])));
        }
        return stuck;
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case java.time.OffsetDateTime time -> time.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
        };
    }
}
