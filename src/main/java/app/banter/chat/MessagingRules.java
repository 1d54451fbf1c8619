package app.banter.chat;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.error.ApiException;
import app.banter.social.Blocks;
import app.banter.social.Moderation;
import app.banter.social.RelationshipStore;

/**
 * Who may message whom: friends, or anyone when the recipient opened their DMs; never across a block, never from a
 * restricted account. A recipient who blocked the sender is reported as not found, as everywhere else.
 */
@ApplicationScoped
public class MessagingRules {

    private final RelationshipStore relationships;
    private final Blocks blocks;

    MessagingRules(RelationshipStore relationships, Blocks blocks) {
        this.relationships = relationships;
        this.blocks = blocks;
    }

    void requireMayMessage(UUID senderId, UUID recipientId) {
        if (senderId.equals(recipientId)) {
            throw ApiException.badRequest("SELF_MESSAGE", "You cannot message yourself");
        }
        RelationshipStore.Relationship relation = relationships.between(senderId, recipientId);
        if (!relation.recipientActive() || relation.blockedByRecipient()) {
            throw ApiException.notFound("User");
        }
        if (relation.recipientBlocked()) {
            throw ApiException.conflict("USER_BLOCKED", "You blocked this user; unblock them to message");
        }
        if (relation.senderRestricted()) {
            throw Moderation.restricted();
        }
        if (!relation.friends() && !relation.recipientDmsOpen()) {
            throw ApiException.forbidden("DMS_FRIENDS_ONLY", "This user accepts messages from friends only");
        }
    }

    boolean mayReach(UUID senderId, UUID recipientId) {
        return !blocks.isBlockedEitherWay(senderId, recipientId);
    }
}
