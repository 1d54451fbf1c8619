package app.banter.matching;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The free minutes of matched calls: which minute of which call was free, and how many each payer used on each day.
 * Joins the caller's transaction (billing's).
 */
@ApplicationScoped
class FreeMinuteStore {

    private final EntityManager em;

    FreeMinuteStore(EntityManager em) {
        this.em = em;
    }

    boolean isFree(UUID callId, int minute) {
        return !em.createNativeQuery("select 1 from match_free_minutes where call_id = ?1 and minute = ?2")
                .setParameter(1, callId)
                .setParameter(2, minute)
                .getResultList().isEmpty();
    }

    /**
     * Counts the minute against the payer's day if fewer than {@code perDay} are used, and records it as free; returns
     * whether it did. The day's row is taken by an upsert whose update is conditional, so concurrent claims of one
     * payer queue on that row and never exceed {@code perDay}.
     */
    boolean claim(UUID callId, int minute, UUID payerId, LocalDate day, int perDay) {
        return em.createNativeQuery("""
                with counted as (
                    insert into match_free_days as d (user_id, day, minutes) values (?1, ?2, 1)
                    on conflict (user_id, day) do update set minutes = d.minutes + 1 where d.minutes < ?3
                    returning 1)
                insert into match_free_minutes (call_id, minute, user_id, day) select ?4, ?5, ?1, ?2 from counted""")
                .setParameter(1, payerId)
                .setParameter(2, day)
                .setParameter(3, perDay)
                .setParameter(4, callId)
                .setParameter(5, minute)
                .executeUpdate() == 1;
    }

    /** Forgets a free minute and gives it back to its payer's day; returns whether it was free. */
    boolean unclaim(UUID callId, int minute) {
        return em.createNativeQuery("""
                with gone as (delete from match_free_minutes where call_id = ?1 and minute = ?2 returning user_id, day)
                update match_free_days d set minutes = d.minutes - 1 from gone
                where d.user_id = gone.user_id and d.day = gone.day""")
                .setParameter(1, callId)
                .setParameter(2, minute)
                .executeUpdate() == 1;
    }

    /** Free minutes the payer used on {@code day}. */
    int usedOn(UUID payerId, LocalDate day) {
        List<?> rows = em.createNativeQuery("select minutes from match_free_days where user_id = ?1 and day = ?2")
                .setParameter(1, payerId)
                .setParameter(2, day)
                .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.getFirst()).intValue();
    }
}
