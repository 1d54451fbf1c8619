package app.banter.platform.webhook;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The webhook_inbox table: one row per provider event applied. */
@ApplicationScoped
public class WebhookInboxRepository {

    private final EntityManager em;

    WebhookInboxRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Records the event unless it already is; false when it was. The primary key decides, so two pods receiving
     * the same event at once cannot both record it: the second waits for the first to commit or roll back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean recordFirstDelivery(String provider, String eventId, String type) {
        return em.createNativeQuery("""
                insert into webhook_inbox (provider, event_id, event_type, received_at) values (?1, ?2, ?3, ?4)
                on conflict (provider, event_id) do nothing""")
                .setParameter(1, provider)
                .setParameter(2, eventId)
                .setParameter(3, type)
                .setParameter(4, Instant.now())
                .executeUpdate() == 1;
    }

    /** Deletes up to {@code limit} records received before {@code cutoff}; rows another pod holds are skipped. */
    @Transactional
    public int deleteReceivedBefore(Instant cutoff, int limit) {
        return em.createNativeQuery("""
                delete from webhook_inbox where (provider, event_id) in (
                    select provider, event_id from webhook_inbox where received_at < ?1
                    limit ?2 for update skip locked)""")
                .setParameter(1, cutoff)
                .setParameter(2, limit)
                .executeUpdate();
    }
}
