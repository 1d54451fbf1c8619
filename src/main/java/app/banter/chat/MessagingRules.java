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
        requireMayReachNow(relation);
    }

    /**
     * An edit puts new words in front of the peer as a message does, so it is held to the same rules as sending one
     * now, not to those that stood when it was first sent: a restricted sender edits nothing (403 ACCOUNT_RESTRICTED),
     * and neither does one the peer no longer takes messages from (unfriended while their DMs are friends-only), who
     * could otherwise rewrite an old message into a new one. A block either way, or a peer whose account is gone, makes
     * the message not found, as blocks are everywhere. Deleting stays possible in every case.
     */
    void requireMayEdit(UUID senderId, UUID peerId) {
        RelationshipStore.Relationship relation = relationships.between(senderId, peerId);
        if (!relation.recipientActive() || relation.blockedByRecipient() || relation.recipientBlocked()) {
            throw ApiException.notFound("Message");
        }
        requireMayReachNow(relation);
    }

    private static void requireMayReachNow(RelationshipStore.Relationship relation) {
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
