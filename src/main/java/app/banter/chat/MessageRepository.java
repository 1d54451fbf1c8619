package app.banter.chat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    public Optional<Message> findIn(UUID conversationId, UUID messageId) {
        return find("id = ?1 and conversationId = ?2", messageId, conversationId).firstResultOptional();
    }

    /** The sender's message, locked until the transaction ends (editing or deleting it); anyone else's is absent. */
    public Optional<Message> lockSentBy(UUID messageId, UUID senderId) {
        return find("id = ?1 and senderId = ?2", messageId, senderId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Newest first, before the cursor's seq. */
    public List<Message> page(UUID conversationId, Long beforeSeq, int limit) {
        return beforeSeq == null
                ? find("conversationId = ?1 order by seq desc", conversationId).page(0, limit).list()
                : find("conversationId = ?1 and seq < ?2 order by seq desc", conversationId, beforeSeq)
                        .page(0, limit).list();
    }

    public Optional<UUID> authorIfMember(UUID messageId, UUID userId) {
        return getEntityManager().createQuery("""
                select m.senderId from Message m, Conversation c
                where m.id = ?1 and c.id = m.conversationId and (c.userLow = ?2 or c.userHigh = ?2)""", UUID.class)
                .setParameter(1, messageId).setParameter(2, userId).getResultStream().findFirst();
    }
}
