package app.banter.room;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.social.ReportTargets;

/** Room messages as report targets: a room message counts as seen by a member present in its room. */
@ApplicationScoped
public class RoomChatReportTargets implements ReportTargets {

    private final RoomChatRepository roomMessages;
    private final RoomMembers members;

    RoomChatReportTargets(RoomChatRepository roomMessages, RoomMembers members) {
        this.roomMessages = roomMessages;
        this.members = members;
    }

    @Override
    @Transactional
    public Optional<UUID> authorOfMessageSeenBy(UUID reporterId, UUID messageId) {
        return roomMessages.findByIdOptional(messageId)
                .filter(message -> members.presentRole(message.roomId, reporterId).isPresent())
                .map(message -> message.senderId);
    }
}
