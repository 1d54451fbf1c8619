package app.banter.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.Jdbc;

/**
 * The SQL of sending a message, in plain JDBC on the transaction's connection. Sending is the hottest write of the
 * service (every DM), and loading the conversation as an entity, flushing a generated seq back and dirty-checking the
 * conversation cost more CPU than the statements themselves; here a send is one statement once the conversation exists.
 */
@ApplicationScoped
public class MessageStore {

    /**
     * Inserts the message into the pair's conversation and, in the same statement, moves the conversation's last
     * message time and the sender's read mark (your own message is read by you). The update locks the conversation
     * row, so concurrent sends in one conversation never lose each other's read marks, and the last message time only
     * moves forward (a send that took its time first may update second). No row: no conversation yet.
     */
    private static final String APPEND = """
            with m as (
              insert into messages (id, conversation_id, sender_id, kind, body, media_url, reply_to_id, created_at,
                media_id, duration_seconds)
              select ?, c.id, ?, ?, ?, ?, ?, ?, ?, ? from conversations c where c.user_low = ? and c.user_high = ?
              returning conversation_id, seq)
            update conversations c set last_message_at = greatest(c.last_message_at, ?),
              low_read_seq = case when c.user_low = ? then greatest(c.low_read_seq, m.seq) else c.low_read_seq end,
              high_read_seq = case when c.user_high = ? then greatest(c.high_read_seq, m.seq) else c.high_read_seq end
            from m where c.id = m.conversation_id
            returning c.id""";

    private static final String CREATE_CONVERSATION = """
            insert into conversations (id, user_low, user_high, created_at, last_message_at)
            values (?, ?, ?, ?, ?) on conflict (user_low, user_high) do nothing""";

    private static final String IS_IN_CONVERSATION = """
            select 1 from messages m join conversations c on c.id = m.conversation_id
            where m.id = ? and c.user_low = ? and c.user_high = ?""";

    private final DataSource dataSource;

    MessageStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a new message between sender and recipient, creating their conversation on first use (safe when both
     * send their first message at once), and returns it as members see it. It needs no transaction of its own: the
     * append is one statement, atomic by itself, and creating the conversation is idempotent, so outside a
     * transaction each commits on its own (a round trip and the JTA bookkeeping fewer per message); inside one (a
     * message with an upload attached) both join it.
     */
    public MessageView append(UUID id, UUID senderId, UUID recipientId, Content content, UUID replyToId,
            Instant now) {
        Pair pair = Pair.of(senderId, recipientId);
        try (Connection connection = dataSource.getConnection()) {
            Optional<UUID> conversationId = append(connection, pair, id, senderId, content, replyToId, now);
            if (conversationId.isEmpty()) {
                createConversation(connection, pair, now);
                conversationId = append(connection, pair, id, senderId, content, replyToId, now);
            }
            return new MessageView(id, conversationId.orElseThrow(), senderId, content.kind(), content.text(),
                    content.mediaUrl(), replyToId, now, null, false, content.mediaId(), content.durationSeconds(),
                    null);
        } catch (SQLException e) {
            throw new IllegalStateException("Message could not be stored", e);
        }
    }

    /** Whether {@code messageId} is a message of the conversation between the two users. */
    public boolean isInConversation(UUID messageId, UUID a, UUID b) {
        Pair pair = Pair.of(a, b);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(IS_IN_CONVERSATION)) {
            statement.setObject(1, messageId);
            statement.setObject(2, pair.low());
            statement.setObject(3, pair.high());
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Message lookup failed", e);
        }
    }

    private static Optional<UUID> append(Connection connection, Pair pair, UUID id, UUID senderId, Content content,
            UUID replyToId, Instant now) throws SQLException {
        OffsetDateTime at = Jdbc.timestamp(now);
        try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
            statement.setObject(1, id);
            statement.setObject(2, senderId);
            statement.setString(3, content.kind().name());
            statement.setString(4, content.text());
            statement.setString(5, content.mediaUrl());
            statement.setObject(6, replyToId, Types.OTHER);
            statement.setObject(7, at);
            statement.setObject(8, content.mediaId(), Types.OTHER);
            statement.setObject(9, content.durationSeconds(), Types.INTEGER);
            statement.setObject(10, pair.low());
            statement.setObject(11, pair.high());
            statement.setObject(12, at);
            statement.setObject(13, senderId);
            statement.setObject(14, senderId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    private static void createConversation(Connection connection, Pair pair, Instant now) throws SQLException {
        OffsetDateTime at = Jdbc.timestamp(now);
        try (PreparedStatement statement = connection.prepareStatement(CREATE_CONVERSATION)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setObject(2, pair.low());
            statement.setObject(3, pair.high());
            statement.setObject(4, at);
            statement.setObject(5, at);
            statement.executeUpdate();
        }
    }

    /** What a new message carries: its kind, text, an image URL, or an uploaded image or voice note. */
    public record Content(Message.Kind kind, String text, String mediaUrl, UUID mediaId, Integer durationSeconds) {
    }

    /** Two users as their conversation stores them, the smaller id first. */
    record Pair(UUID low, UUID high) {
        static Pair of(UUID a, UUID b) {
            // PostgreSQL orders uuids by their bytes, as their text sorts; UUID.compareTo compares signed longs.
            return a.toString().compareTo(b.toString()) < 0 ? new Pair(a, b) : new Pair(b, a);
        }
    }
}
