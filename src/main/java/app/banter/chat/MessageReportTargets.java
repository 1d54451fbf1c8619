package app.banter.chat;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.social.ReportTargets;

@ApplicationScoped
public class MessageReportTargets implements ReportTargets {

    private final MessageRepository messages;

    MessageReportTargets(MessageRepository messages) {
        this.messages = messages;
    }

    @Override
    public Optional<UUID> authorOfMessageSeenBy(UUID reporterId, UUID messageId) {
        return messages.authorIfMember(messageId, reporterId);
    }
}
