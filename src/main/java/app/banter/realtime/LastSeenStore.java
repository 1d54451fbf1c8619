package app.banter.realtime;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import app.banter.user.AccountDeleted;

/** When users were last connected, written as they go offline. */
@ApplicationScoped
public class LastSeenStore {

    private final EntityManager entityManager;

    LastSeenStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Only for an active account: the socket a deletion ends closes after it committed, and would otherwise write back
     * what the deletion forgot. The account's row is share-locked so that a deletion under way is waited for and seen.
     */
    @Transactional
    public void record(UUID userId, Instant seenAt) {
        entityManager.createNativeQuery("""
                insert into last_seen (user_id, seen_at)
                select ?1, ?2 where exists (select 1 from users where id = ?1 and status = 'ACTIVE' for share)
                on conflict (user_id) do update set seen_at = greatest(last_seen.seen_at, excluded.seen_at)""")
                .setParameter(1, userId).setParameter(2, seenAt).executeUpdate();
    }

    @Transactional
    public Map<UUID, Instant> of(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        List<?> rows = entityManager.createNativeQuery("select user_id, seen_at from last_seen where user_id in (?1)",
                Tuple.class).setParameter(1, userIds).getResultList();
        return rows.stream().map(Tuple.class::cast)
                .collect(Collectors.toMap(t -> t.get(0, UUID.class), t -> t.get(1, Instant.class)));
    }

    void forget(@Observes AccountDeleted event) {
        entityManager.createNativeQuery("delete from last_seen where user_id = ?1").setParameter(1, event.userId())
                .executeUpdate();
    }
}
