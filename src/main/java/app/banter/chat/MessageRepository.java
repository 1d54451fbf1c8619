package app.banter.chat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    public Optional<Message> findIn(UUID conversationId, UUID messageId) {
        return find("id = ?1 and conversationId = ?2", messageId, conversationId).firstResultOptional();
    }

    /** Newest first, before the cursor's seq. */
    public List<Message> page(UUID conversationId, Long beforeSeq, int limit) {
        return beforeSeq == null
                ? find("conversationId = ?1 order by seq desc", conversationId).page(0, limit).list()
                : find("conversationId = ?1 and seq < ?2 order by seq desc", conversationId, beforeSeq)
                        .page(0, limit).list();
    }

    /** The newest message of each conversation. */
    public Map<UUID, Message> latestOf(Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Message> latest = getEntityManager().createNativeQuery("""
                select distinct on (conversation_id) * from messages where conversation_id in (?1)
                order by conversation_id, seq desc""", Message.class)
                .setParameter(1, conversationIds).getResultList();
        return latest.stream().collect(Collectors.toMap(m -> m.conversationId, Function.identity()));
    }

    /** Per conversation, the messages from the other member after {@code userId}'s read mark that are not deleted. */
    public Map<UUID, Long> unreadCounts(UUID userId, Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        List<?> rows = getEntityManager().createNativeQuery("""
                select m.conversation_id, count(*) from messages m join conversations c on c.id = m.conversation_id
                where c.id in (?1) and m.sender_id <> ?2 and m.deleted_at is null
                  and m.seq > case when c.user_low = ?2 then c.low_read_seq else c.high_read_seq end
                group by m.conversation_id""", Tuple.class)
                .setParameter(1, conversationIds).setParameter(2, userId).getResultList();
        return rows.stream().map(Tuple.class::cast)
                .collect(Collectors.toMap(t -> t.get(0, UUID.class), t -> ((Number) t.get(1)).longValue()));
    }

    public Optional<UUID> authorIfMember(UUID messageId, UUID userId) {
        return getEntityManager().createQuery("""
                select m.senderId from Message m, Conversation c
                where m.id = ?1 and c.id = m.conversationId and (c.userLow = ?2 or c.userHigh = ?2)""", UUID.class)
                .setParameter(1, messageId).setParameter(2, userId).getResultStream().findFirst();
    }
}
