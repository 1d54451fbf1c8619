package app.banter.social;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.realtime.PresenceAudience;

/** Friends see each other's presence; nobody else does. A block ends the friendship, and so the presence too. */
@ApplicationScoped
public class FriendsPresenceAudience implements PresenceAudience {

    private final FriendshipRepository friendships;

    FriendsPresenceAudience(FriendshipRepository friendships) {
        this.friendships = friendships;
    }

    @Override
    @Transactional
    public Collection<UUID> watchersOf(UUID userId) {
        return friendships.friendIds(userId);
    }

    @Override
    @Transactional
    public Map<UUID, List<UUID>> watchersOfEach(Collection<UUID> userIds) {
        return friendships.friendIdsOfEach(userIds);
    }

    @Override
    @Transactional
    public Set<UUID> visibleTo(UUID viewerId, Collection<UUID> userIds) {
        return friendships.friendsAmong(viewerId, userIds);
    }
}
