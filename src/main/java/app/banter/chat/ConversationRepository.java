package app.banter.chat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.paging.TimeCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, UUID> {

    /** The pair's conversation, created on first use; safe when both send their first message at once. */
    public Conversation findOrCreate(UUID a, UUID b, Instant now) {
        // PostgreSQL orders uuids by their bytes, as their text sorts; UUID.compareTo compares signed longs.
        UUID low = a.toString().compareTo(b.toString()) < 0 ? a : b;
        UUID high = low.equals(a) ? b : a;
        Optional<Conversation> existing = find("userLow = ?1 and userHigh = ?2", low, high).firstResultOptional();
        if (existing.isPresent()) {
            return existing.get();
        }
        getEntityManager().createNativeQuery("""
                insert into conversations (id, user_low, user_high, created_at, last_message_at)
                values (?1, ?2, ?3, ?4, ?4) on conflict (user_low, user_high) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, low).setParameter(3, high).setParameter(4, now)
                .executeUpdate();
        return find("userLow = ?1 and userHigh = ?2", low, high).singleResult();
    }

    /** The conversation when {@code userId} is one of its two members; nobody else learns it exists. */
    public Optional<Conversation> findOfMember(UUID conversationId, UUID userId) {
        return find("id = ?1 and (userLow = ?2 or userHigh = ?2)", conversationId, userId).firstResultOptional();
    }

    public List<Conversation> ofMember(UUID userId, TimeCursor after, int limit) {
        Parameters parameters = Parameters.with("user", userId);
        String query = "(userLow = :user or userHigh = :user)";
        if (after != null) {
            query += " and (lastMessageAt < :at or (lastMessageAt = :at and id < :id))";
            parameters.and("at", after.at()).and("id", after.id());
        }
        return find(query + " order by lastMessageAt desc, id desc", parameters).page(0, limit).list();
    }
}
