package app.banter.operator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * One statement per KPI for a whole range of days, each a range scan of one timestamp index (V14_1), grouped by the
 * day in India Standard Time. Days without rows are absent from the maps.
 */
@ApplicationScoped
class KpiStore {

    private static final String IST_DAY = "(%s at time zone 'Asia/Kolkata')::date";

    private final EntityManager em;

    KpiStore(EntityManager em) {
        this.em = em;
    }

    /** Accounts created (registrations), deleted ones included. */
    Map<LocalDate, Long> signUps(Instant from, Instant to) {
        return byDay("count(*)", "created_at", "users", from, to);
    }

    /**
     * Distinct users who started or refreshed a session: every sign-in and every refresh-token rotation (at least one
     * per access-token lifetime of use) writes a refresh_tokens row.
     */
    Map<LocalDate, Long> dailyActiveUsers(Instant from, Instant to) {
        return byDay("count(distinct user_id)", "created_at", "refresh_tokens", from, to);
    }

    /** Minutes billed of calls that ended that day. */
    Map<LocalDate, Long> callMinutes(Instant from, Instant to) {
        return byDay("sum(billed_minutes)", "ended_at", "calls", from, to);
    }

    /**
     * Coins credited for purchases paid that day, later refunds not subtracted: the purchase's credit transfer, which
     * leaves out the coins of what Razorpay refunded before the credit (a purchase credited after review, or whose
     * payment was refunded before its capture reached us), so the figure is what the ledger issued.
     */
    Map<LocalDate, Long> coinsSold(Instant from, Instant to) {
        return byDay("sum(t.amount)", "p.paid_at",
                "purchases p join transfers t on t.idempotency_key = 'coin-purchase:' || p.id", from, to);
    }

    /**
     * Paise the payments of those purchases captured (gross: refunds are not subtracted). A purchase credited after
     * review was paid another amount than ordered.
     */
    Map<LocalDate, Long> revenuePaise(Instant from, Instant to) {
        return byDay("sum(coalesce(paid_amount, amount_paise))", "paid_at", "purchases", from, to);
    }

    @SuppressWarnings("unchecked")
    private Map<LocalDate, Long> byDay(String aggregate, String column, String table, Instant from, Instant to) {
        String day = IST_DAY.formatted(column);
        List<Object[]> rows = em.createNativeQuery("select " + day + ", " + aggregate + " from " + table + " where "
                + column + " >= ?1 and " + column + " < ?2 group by 1")
                .setParameter(1, from)
                .setParameter(2, to)
                .getResultList();
        Map<LocalDate, Long> values = new HashMap<>();
        for (Object[] row : rows) {
            LocalDate date = row[0] instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) row[0];
            values.put(date, row[1] == null ? 0 : ((Number) row[1]).longValue());
        }
        return values;
    }
}
