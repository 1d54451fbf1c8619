package app.banter.chat;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.error.ApiException;
import app.banter.social.Blocks;
import app.banter.social.FriendService;
import app.banter.social.Moderation;
import app.banter.social.PrivacySettings;
import app.banter.user.UserRepository;

/**
 * Who may message whom: friends, or anyone when the recipient opened their DMs; never across a block, never from a
 * restricted account. A recipient who blocked the sender is reported as not found, as everywhere else.
 */
@ApplicationScoped
public class MessagingRules {

    private final UserRepository users;
    private final Blocks blocks;
    private final FriendService friends;
    private final PrivacySettings privacy;
    private final Moderation moderation;

    MessagingRules(UserRepository users, Blocks blocks, FriendService friends, PrivacySettings privacy,
            Moderation moderation) {
        this.users = users;
        this.blocks = blocks;
        this.friends = friends;
        this.privacy = privacy;
        this.moderation = moderation;
    }

    void requireMayMessage(UUID senderId, UUID recipientId) {
        if (senderId.equals(recipientId)) {
            throw ApiException.badRequest("SELF_MESSAGE", "You cannot message yourself");
        }
        if (users.findActive(recipientId).isEmpty() || blocks.hasBlocked(recipientId, senderId)) {
            throw ApiException.notFound("User");
        }
        if (blocks.hasBlocked(senderId, recipientId)) {
            throw ApiException.conflict("USER_BLOCKED", "You blocked this user; unblock them to message");
        }
        moderation.requireUnrestricted(senderId);
        if (!friends.areFriends(senderId, recipientId) && !privacy.areDmsOpenToEveryone(recipientId)) {
            throw ApiException.forbidden("DMS_FRIENDS_ONLY", "This user accepts messages from friends only");
        }
    }

    boolean mayReach(UUID senderId, UUID recipientId) {
        return !blocks.isBlockedEitherWay(senderId, recipientId);
    }
}
