package app.banter.chat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.platform.TimeOrderedIds;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Cursor;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.realtime.RealtimeEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;

@ApplicationScoped
public class ChatService {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MessageStore store;
    private final MessagingRules rules;
    private final RateLimiter rateLimiter;
    private final RealtimeEvents realtime;
    private final ChatConfig config;
    private final MessageMedia media;

    ChatService(ConversationRepository conversations, MessageRepository messages, MessageStore store,
            MessagingRules rules, RateLimiter rateLimiter, RealtimeEvents realtime,
            ChatConfig config, MessageMedia media) {
        this.media = media;
        this.conversations = conversations;
        this.messages = messages;
        this.store = store;
        this.rules = rules;
        this.rateLimiter = rateLimiter;
        this.realtime = realtime;
        this.config = config;
    }

    /**
     * Not one transaction on purpose: the rules are one read and the message one atomic write
     * ({@link MessageStore#append}), so no database connection is held while the rate limit waits for Redis; under
     * load that wait was what emptied the connection pool. READ COMMITTED gave the read and the write different
     * snapshots inside one transaction too, so nothing is lost.
     */
    public MessageView send(UUID senderId, ChatRequests.Send request) {
        rules.requireMayMessage(senderId, request.recipientId());
        String text = request.text() == null || request.text().isBlank() ? null : request.text().strip();
        MessageStore.Content content = media.content(request, text);
        requireLength(text);
        rateLimiter.acquire("chat-messages", senderId.toString(),
                new RateLimiter.Limit(config.messagesPerMinute(), Duration.ofMinutes(1)));
        if (request.replyToId() != null
                && !store.isInConversation(request.replyToId(), senderId, request.recipientId())) {
            throw ApiException.notFound("Message replied to");
        }
        UUID id = TimeOrderedIds.next();
        MessageView view = content.mediaId() == null
                ? store.append(id, senderId, request.recipientId(), content, request.replyToId(), now())
                // The upload is attached in the message's transaction: both or neither.
                : QuarkusTransaction.joiningExisting().call(() -> {
                    media.attach(senderId, content);
                    return store.append(id, senderId, request.recipientId(), content, request.replyToId(), now());
                }).withMedia(media.link(content.kind(), content.mediaId()));
        realtime.sendToUsers(List.of(request.recipientId(), senderId), new ChatEvents.MessageNew(view));
        return view;
    }

    /**
     * Edits the text of one's own message, if its sender may message the peer now
     * ({@link MessagingRules#requireMayEdit}): an edit reaches the peer as a new message does. Deleting stays possible.
     */
    @Transactional
    public MessageView edit(UUID userId, UUID messageId, ChatRequests.Edit request) {
        Message message = own(userId, messageId);
        Conversation conversation = conversationOf(message);
        rules.requireMayEdit(userId, conversation.peerOf(userId));
        if (message.kind == Message.Kind.VOICE) {
            throw ApiException.conflict("MESSAGE_NOT_EDITABLE", "A voice note has no text to edit");
        }
        String text = request.text().strip();
        requireLength(text);
        message.body = text;
        message.editedAt = now();
        MessageView view = media.view(message);
        realtime.sendToUsers(conversation.members(), new ChatEvents.MessageEdited(view));
        return view;
    }

    /**
     * Deleting is idempotent for the sender: a message already deleted answers as the first delete did (a client that
     * lost that answer retries), and nothing is sent again. Someone else's message stays 404. The row is locked so that
     * two deletes at once release the upload and tell the members once.
     */
    @Transactional
    public void delete(UUID userId, UUID messageId) {
        Message message = messages.lockSentBy(messageId, userId).orElseThrow(() -> ApiException.notFound("Message"));
        if (message.isDeleted()) {
            return;
        }
        message.body = null;
        message.mediaUrl = null;
        media.release(message);
        message.deletedAt = now();
        realtime.sendToUsers(conversationOf(message).members(),
                new ChatEvents.MessageDeleted(message.conversationId, message.id));
    }

    /** One statement in autocommit: no transaction to begin and commit around it (docs/PERFORMANCE.md). */
    public Page<ConversationView> conversations(UUID userId, String cursor, int limit) {
        List<ConversationRepository.Listed> rows = conversations.pageOf(userId, TimeCursor.decode(cursor), limit + 1);
        return Page.of(rows, limit, c -> new ConversationView(c.id(), c.peer(),
                c.latest() == null ? null : media.view(c.latest()), c.unread(), c.lastMessageAt()),
                c -> new TimeCursor(c.lastMessageAt(), c.id()).encode());
    }

    @Transactional
    public Page<MessageView> messages(UUID userId, UUID conversationId, String cursor, int limit) {
        member(userId, conversationId);
        List<Message> rows = messages.page(conversationId, beforeSeq(cursor), limit + 1);
        return Page.of(rows, limit, media::view, m -> Cursor.encode(Long.toString(m.seq)));
    }

    /**
     * Moves the user's read mark forward to {@code messageId} (never back) and tells the other member, unless a block
     * stands between them.
     */
    @Transactional
    public ReadReceipt markRead(UUID userId, UUID conversationId, UUID messageId) {
        Conversation conversation = member(userId, conversationId);
        Message message = messages.findIn(conversationId, messageId)
                .orElseThrow(() -> ApiException.notFound("Message"));
        conversations.markRead(conversationId, userId, message.seq);
        ReadReceipt receipt = new ReadReceipt(conversationId, userId, messageId, now());
        UUID peer = conversation.peerOf(userId);
        if (rules.mayReach(userId, peer)) {
            realtime.sendToUser(peer, new ChatEvents.MessageRead(receipt));
        }
        return receipt;
    }

    /** Tells the other member that the user is typing, unless a block stands between them. */
    @Transactional
    public void typing(UUID userId, UUID conversationId) {
        Conversation conversation = member(userId, conversationId);
        UUID peer = conversation.peerOf(userId);
        if (rules.mayReach(userId, peer)) {
            realtime.sendToUser(peer, new ChatEvents.Typing(conversationId, userId));
        }
    }

    private Conversation member(UUID userId, UUID conversationId) {
        return conversations.findOfMember(conversationId, userId)
                .orElseThrow(() -> ApiException.notFound("Conversation"));
    }

    /**
     * The user's message, locked: an edit and a delete write back the whole row, so one that read the message before
     * the other committed would undo it (an edit would bring a deleted message and its released upload back).
     */
    private Message own(UUID userId, UUID messageId) {
        Message message = messages.lockSentBy(messageId, userId).orElseThrow(() -> ApiException.notFound("Message"));
        if (message.isDeleted()) {
            throw ApiException.conflict("MESSAGE_DELETED", "This message was deleted");
        }
        return message;
    }

    private Conversation conversationOf(Message message) {
        return conversations.findById(message.conversationId);
    }

    private void requireLength(String text) {
        if (text != null && text.codePointCount(0, text.length()) > config.maxMessageLength()) {
            throw ApiException.badRequest("MESSAGE_TOO_LONG",
                    "A message has at most " + config.maxMessageLength() + " characters");
        }
    }

    private static Long beforeSeq(String cursor) {
        String position = Cursor.decode(cursor);
        try {
            return position == null ? null : Long.valueOf(position);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_CURSOR", "The cursor is not one this service issued");
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
