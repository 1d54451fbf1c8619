package app.banter.room;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.chat.ChatConfig;
import app.banter.platform.TimeOrderedIds;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Cursor;
import app.banter.platform.paging.Page;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.room.RoomChatEvents.RoomMessageDeleted;
import app.banter.room.RoomChatEvents.RoomMessagePinned;
import app.banter.room.RoomChatEvents.RoomMessagePosted;
import app.banter.room.RoomChatEvents.RoomMessageUnpinned;
import app.banter.room.RoomChatViews.PinnedMessageView;
import app.banter.room.RoomChatViews.RoomMessageView;
import app.banter.social.Moderation;
import app.banter.user.AccountDeleted;
import app.banter.user.HiddenProfiles;
import app.banter.user.UserSummary;
import app.banter.user.Users;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A room's text chat, under the rules of direct messages: the same length limit and the same per-user rate limit
 * (banter.chat.*, one budget for a person's messages anywhere), no messages from restricted or banned accounts, and
 * reports through POST /reports (a room message is a MESSAGE target, {@link RoomChatReportTargets}). Only members
 * present in the room post and read; the host pins one message; authors delete theirs, the host and moderators any.
 */
@ApplicationScoped
public class RoomChatService {

    /** The rate limiter's bucket of direct messages, shared so that a person's messages anywhere count together. */
    private static final String MESSAGES_BUCKET = "chat-messages";

    private final RoomChatRepository messages;
    private final RoomMembers members;
    private final Users users;
    private final Moderation moderation;
    private final RateLimiter rateLimiter;
    private final ChatConfig chat;
    private final RoomService rooms;
    private final HiddenProfiles hidden;

    RoomChatService(RoomChatRepository messages, RoomMembers members, Users users, Moderation moderation,
            RateLimiter rateLimiter, ChatConfig chat, RoomService rooms, HiddenProfiles hidden) {
        this.rooms = rooms;
        this.hidden = hidden;
        this.messages = messages;
        this.members = members;
        this.users = users;
        this.moderation = moderation;
        this.rateLimiter = rateLimiter;
        this.chat = chat;
    }

    /**
     * Not one transaction, as for direct messages: the rules are reads and the message one short write, so no
     * database connection is held while the rate limit waits for Redis.
     */
    public RoomMessageView post(UUID roomId, UUID senderId, String rawText) {
        roleIn(roomId, senderId);
        if (moderation.isRestrictedOrBanned(senderId)) {
            throw Moderation.restricted();
        }
        String text = rawText.strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest("EMPTY_MESSAGE", "Write some text");
        }
        if (text.codePointCount(0, text.length()) > chat.maxMessageLength()) {
            throw ApiException.badRequest("MESSAGE_TOO_LONG",
                    "A message has at most " + chat.maxMessageLength() + " characters");
        }
        rateLimiter.acquire(MESSAGES_BUCKET, senderId.toString(),
                new RateLimiter.Limit(chat.messagesPerMinute(), Duration.ofMinutes(1)));
        UserSummary sender = users.summary(senderId).orElseThrow();
        return QuarkusTransaction.requiringNew().call(() -> {
            RoomChatMessage message = new RoomChatMessage();
            message.id = TimeOrderedIds.next();
            message.roomId = roomId;
            message.senderId = senderId;
            message.body = text;
            message.createdAt = now();
            messages.persist(message);
            RoomMessageView view = view(message, sender);
            members.broadcastAbout(roomId, new RoomMessagePosted(roomId, view), senderId);
            return view;
        });
    }

    /** The room's messages, newest first, for members present in it. */
    @Transactional
    public Page<RoomMessageView> messages(UUID roomId, UUID viewerId, String cursor, int limit) {
        requireReader(roomId, viewerId);
        // Messages of people blocked either way with the reader are left out, as they are from the room's views.
        List<RoomChatMessage> rows = messages.page(roomId, beforeSeq(cursor), limit + 1, hidden.hiddenFrom(viewerId));
        Map<UUID, UserSummary> senders = users.summaries(rows.stream().map(m -> m.senderId).distinct().toList());
        return Page.of(rows, limit, m -> view(m, senders.get(m.senderId)), m -> Cursor.encode(Long.toString(m.seq)));
    }

    @Transactional
    public PinnedMessageView pinned(UUID roomId, UUID viewerId) {
        requireReader(roomId, viewerId);
        return messages.pinned(roomId).filter(p -> !hidden.hiddenFrom(viewerId).contains(p.message().senderId))
                .map(p -> new PinnedMessageView(view(p.message(), users.summary(p.message().senderId).orElseThrow()),
                        p.pinnedAt()))
                .orElse(new PinnedMessageView(null, null));
    }

    /**
     * Pins a message of the room in place of the one pinned before; the host only. The message is locked, as its
     * deletion locks it: a pin and a deletion at the same moment would otherwise each miss the other's change (the
     * deletion the pin not yet committed, the pin the deletion), and a deleted message would stay pinned.
     */
    @Transactional
    public PinnedMessageView pin(UUID roomId, UUID userId, UUID messageId) {
        requireHost(roomId, userId);
        RoomChatMessage message = messages.lockLiveIn(roomId, messageId)
                .orElseThrow(() -> ApiException.notFound("Message"));
        Instant now = now();
        messages.pin(roomId, messageId, userId, now);
        RoomMessageView view = view(message, users.summary(message.senderId).orElseThrow());
        members.broadcastAbout(roomId, new RoomMessagePinned(roomId, view), message.senderId);
        return new PinnedMessageView(view, now);
    }

    /** Clears the pin; the host only. Clearing when nothing is pinned changes nothing. */
    @Transactional
    public void unpin(UUID roomId, UUID userId) {
        requireHost(roomId, userId);
        if (messages.unpin(roomId)) {
            members.broadcast(roomId, new RoomMessageUnpinned(roomId));
        }
    }

    /**
     * Deletes a message: its author, or the host or a moderator present in the room (a moderator not the host's
     * messages, as a moderator cannot remove the host). The text is erased; a pin on it goes too.
     */
    @Transactional
    public void delete(UUID roomId, UUID userId, UUID messageId) {
        RoomChatMessage message = messages.lockLiveIn(roomId, messageId)
                .orElseThrow(() -> ApiException.notFound("Message"));
        if (!message.senderId.equals(userId)) {
            RoomRole role = members.presentRole(roomId, userId).orElseThrow(() -> ApiException.notFound("Message"));
            boolean authorIsHost = members.presentRole(roomId, message.senderId).filter(r -> r == RoomRole.HOST)
                    .isPresent();
            if (!role.moderates() || (authorIsHost && role != RoomRole.HOST)) {
                throw ApiException.forbidden("NOT_ROOM_MODERATOR",
                        "Only the host and moderators delete others' messages, and only the host the host's");
            }
        }
        message.body = null;
        message.deletedAt = now();
        message.deletedBy = userId;
        messages.unpinMessage(roomId, messageId);
        members.broadcast(roomId, new RoomMessageDeleted(roomId, messageId));
    }

    /**
     * Fired in the deleting transaction: the account's messages are erased as if its owner had deleted each, in every
     * room, and a pin on one of them goes. Members present, and anyone joining later, no longer read what the person
     * wrote; those present in a room whose pin went are told.
     */
    void eraseMessagesOf(@Observes AccountDeleted event) {
        for (UUID roomId : messages.eraseAllOf(event.userId(), now())) {
            members.broadcast(roomId, new RoomMessageUnpinned(roomId));
        }
    }

    /**
     * The user's role in the room they are present in. To anyone else, a room they may not see (invite-only, a host
     * who blocked them, no such room) is 404 as everywhere, not "join first", which would tell that it exists.
     */
    private RoomRole roleIn(UUID roomId, UUID userId) {
        return members.presentRole(roomId, userId).orElseThrow(() -> {
            rooms.visible(roomId, userId);
            return ApiException.forbidden("NOT_IN_ROOM", "Join the room to take part in its chat");
        });
    }

    private void requireReader(UUID roomId, UUID userId) {
        if (members.presentRole(roomId, userId).isEmpty()) {
            throw ApiException.notFound("Room");
        }
    }

    private void requireHost(UUID roomId, UUID userId) {
        if (roleIn(roomId, userId) != RoomRole.HOST) {
            throw ApiException.forbidden("NOT_ROOM_HOST", "Only the host pins messages");
        }
    }

    private static RoomMessageView view(RoomChatMessage message, UserSummary sender) {
        return new RoomMessageView(message.id, message.roomId, sender, message.body, message.createdAt);
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
