package app.banter.chat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.paging.TimeCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, UUID> {

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
