package app.banter.social;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

/**
 * Everything that decides whether one user may reach another, read in one round trip: messages and calls ask it on
 * every attempt, so the six answers come from one statement instead of six.
 */
@ApplicationScoped
public class Relationships {

    private final EntityManager entityManager;

    Relationships(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public Relationship between(UUID from, UUID to) {
        Tuple row = (Tuple) entityManager.createNativeQuery("""
                select exists(select 1 from users where id = ?2 and status = 'ACTIVE'),
                       exists(select 1 from blocks where blocker_id = ?2 and blocked_id = ?1),
                       exists(select 1 from blocks where blocker_id = ?1 and blocked_id = ?2),
                       exists(select 1 from user_standings where user_id = ?1),
                       exists(select 1 from friendships where user_id = ?1 and friend_id = ?2),
                       exists(select 1 from user_settings where user_id = ?2 and dms_open)""", Tuple.class)
                .setParameter(1, from).setParameter(2, to).getSingleResult();
        return new Relationship(row.get(0, Boolean.class), row.get(1, Boolean.class), row.get(2, Boolean.class),
                row.get(3, Boolean.class), row.get(4, Boolean.class), row.get(5, Boolean.class));
    }

    /**
     * How {@code from} stands towards {@code to}: whether {@code to} is an active account, who blocked whom, whether
     * {@code from} is restricted or banned, whether they are friends, and whether {@code to} takes DMs from anyone.
     */
    public record Relationship(boolean recipientActive, boolean blockedByRecipient, boolean recipientBlocked,
            boolean senderRestricted, boolean friends, boolean recipientDmsOpen) {
    }
}
