package app.banter.social;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import app.banter.platform.paging.TimeCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class FriendRequestRepository implements PanacheRepositoryBase<FriendRequest, UUID> {

    public Optional<FriendRequest> findPending(UUID senderId, UUID recipientId) {
        return find("senderId = ?1 and recipientId = ?2 and status = 'PENDING'", senderId, recipientId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /**
     * The sender of a request {@code recipientId} received, read as a value: the request itself is loaded (locked)
     * only later, and a stale copy in the session would hide what committed in between.
     */
    public Optional<UUID> senderOfReceived(UUID requestId, UUID recipientId) {
        return getEntityManager().createQuery(
                "select senderId from FriendRequest where id = ?1 and recipientId = ?2", UUID.class)
                .setParameter(1, requestId).setParameter(2, recipientId).getResultStream().findFirst();
    }

    /** The request, locked, when {@code userId} is its sender or recipient; nobody else learns that it exists. */
    public Optional<FriendRequest> findInvolvingForUpdate(UUID requestId, UUID userId) {
        return find("id = ?1 and (senderId = ?2 or recipientId = ?2)", requestId, userId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public List<FriendRequest> pendingTo(UUID recipientId, TimeCursor after, int limit) {
        return page("recipientId", recipientId, after, limit);
    }

    public List<FriendRequest> pendingFrom(UUID senderId, TimeCursor after, int limit) {
        return page("senderId", senderId, after, limit);
    }

    /** Closes whatever is pending between the two, in either direction (a block or an account deletion). */
    public void cancelBetween(UUID a, UUID b, Instant now) {
        update("status = 'CANCELLED', answeredAt = ?3 where status = 'PENDING' and "
                + "((senderId = ?1 and recipientId = ?2) or (senderId = ?2 and recipientId = ?1))", a, b, now);
    }

    public void cancelAllOf(UUID userId, Instant now) {
        update("status = 'CANCELLED', answeredAt = ?2 where status = 'PENDING' and (senderId = ?1 or recipientId = ?1)",
                userId, now);
    }

    private List<FriendRequest> page(String side, UUID userId, TimeCursor after, int limit) {
        Parameters parameters = Parameters.with("user", userId);
        String query = side + " = :user and status = 'PENDING'";
        if (after != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            parameters.and("at", after.at()).and("id", after.id());
        }
        return find(query + " order by createdAt desc, id desc", parameters).page(0, limit).list();
    }
}
