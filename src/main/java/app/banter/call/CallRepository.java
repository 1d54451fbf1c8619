package app.banter.call;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

/** The call lifecycle's lookups: a party's call, a room's call, history, who is in a call. */
@ApplicationScoped
public class CallRepository implements PanacheRepositoryBase<Call, UUID> {

    /** The call, if {@code userId} is one of its parties: someone else's call is as absent as no call. */
    public Optional<Call> findForParty(UUID callId, UUID userId) {
        return find("id = ?1 and (callerId = ?2 or calleeId = ?2)", callId, userId).firstResultOptional();
    }

    public Optional<Call> lock(UUID callId) {
        return findByIdOptional(callId, LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<Call> lockByRoom(String roomName) {
        return find("roomName", roomName).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public Optional<Call> lockByProviderCallId(String providerCallId) {
        return find("providerCallId", providerCallId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Newest first, after the cursor (created_at, id). */
    public List<Call> historyOf(UUID userId, Instant beforeCreatedAt, UUID beforeId, int limit) {
        Parameters parameters = Parameters.with("user", userId);
        String query = "(callerId = :user or calleeId = :user)";
        if (beforeCreatedAt != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            parameters.and("at", beforeCreatedAt).and("id", beforeId);
        }
        return find(query + " order by createdAt desc, id desc", parameters).page(0, limit).list();
    }

    /** Takes both parties into the call; false when either is already in one. */
    public boolean enterParties(Call call) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into call_parties (user_id, call_id) values (?1, ?3), (?2, ?3) on conflict do nothing""")
                .setParameter(1, call.callerId)
                .setParameter(2, call.calleeId)
                .setParameter(3, call.id)
                .executeUpdate();
        return inserted == 2;
    }

    public void leaveParties(Call call) {
        getEntityManager().createNativeQuery("delete from call_parties where call_id = ?1")
                .setParameter(1, call.id).executeUpdate();
    }

    public boolean isInCall(UUID userId) {
        return getEntityManager().createNativeQuery("select 1 from call_parties where user_id = ?1")
                .setParameter(1, userId).getResultList().size() > 0;
    }
}
