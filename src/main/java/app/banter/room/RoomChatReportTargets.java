package app.banter.room;

import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.transaction.Transactional;

import app.banter.chat.MessageReportTargets;
import app.banter.social.ReportTargets;

/**
 * Reports of messages, direct or in a room: a report names a message by its id (MESSAGE), and reports stay the one
 * path, with its rate limit and its automatic restriction of widely reported authors. Direct messages answer first
 * (chat's own {@link MessageReportTargets}); a room message counts as seen by a member present in its room. Selected
 * over chat's answer (the one {@link ReportTargets} that reports use) because it includes it.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class RoomChatReportTargets implements ReportTargets {

    private final MessageReportTargets directMessages;
    private final RoomChatRepository roomMessages;
    private final RoomMembers members;

    RoomChatReportTargets(MessageReportTargets directMessages, RoomChatRepository roomMessages, RoomMembers members) {
        this.directMessages = directMessages;
        this.roomMessages = roomMessages;
        this.members = members;
    }

    @Override
    @Transactional
    public Optional<UUID> authorOfMessageSeenBy(UUID reporterId, UUID messageId) {
        return directMessages.authorOfMessageSeenBy(reporterId, messageId)
                .or(() -> roomMessages.findByIdOptional(messageId)
                        .filter(message -> members.presentRole(message.roomId, reporterId).isPresent())
                        .map(message -> message.senderId));
    }
}
