package app.banter.chat;

import java.time.Instant;
import java.util.UUID;

import app.banter.user.UserSummary;

public record ConversationView(UUID id, UserSummary peer, MessageView lastMessage, long unreadCount,
        Instant lastMessageAt) {
}
