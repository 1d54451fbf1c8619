package app.banter.social;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * A transaction-scoped lock on a pair of users, whichever way round they are named. Friend requests, acceptances and
 * blocks between the same two people take it, so that two opposite requests sent at the same moment make one
 * friendship and a block cannot interleave with an acceptance.
 */
@ApplicationScoped
public class PairLocks {

    private final EntityManager entityManager;

    PairLocks(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    void lock(UUID a, UUID b) {
        String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
        entityManager.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) locked")
                .setParameter(1, pair).getSingleResult();
    }
}
