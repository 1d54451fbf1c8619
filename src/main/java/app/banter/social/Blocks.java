package app.banter.social;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.user.AccountDeleted;
import app.banter.user.UserRegistered;
import app.banter.user.Users;
import app.banter.user.UserSummary;

/**
 * Blocks, and the one question every feature asks before two people interact: {@link #isBlockedEitherWay}. A block
 * ends the friendship and any pending request between the two.
 */
@ApplicationScoped
public class Blocks {

    private final BlockRepository blocks;
    private final FriendshipRepository friendships;
    private final FriendRequestRepository requests;
    private final Users users;

    Blocks(BlockRepository blocks, FriendshipRepository friendships, FriendRequestRepository requests, Users users) {
        this.blocks = blocks;
        this.friendships = friendships;
        this.requests = requests;
        this.users = users;
    }

    /** Whether either user blocked the other: they may not message, call, friend or see each other. */
    @Transactional
    public boolean isBlockedEitherWay(UUID a, UUID b) {
        return blocks.existsEitherWay(a, b);
    }

    @Transactional
    public void block(UUID blockerId, UUID blockedId) {
        if (blockerId.equals(blockedId)) {
            throw ApiException.badRequest("SELF_BLOCK", "You cannot block yourself");
        }
        // A blocked user can still be blocked back: they just cannot see the blocker any more.
        if (!users.isActive(blockedId)) {
            throw ApiException.notFound("User");
        }
        friendships.lockPair(blockerId, blockedId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        blocks.insert(blockerId, blockedId, now);
        friendships.unfriend(blockerId, blockedId);
        requests.cancelBetween(blockerId, blockedId, now);
    }

    @Transactional
    public void unblock(UUID blockerId, UUID blockedId) {
        if (!blocks.remove(blockerId, blockedId)) {
            throw ApiException.notFound("Block");
        }
    }

    @Transactional
    public Page<BlockedUserView> list(UUID blockerId, String cursor, int limit) {
        List<Block> rows = blocks.blockedBy(blockerId, TimeCursor.decode(cursor), limit + 1);
        Map<UUID, UserSummary> people = users.summaries(rows.stream().map(b -> b.blockedId).toList());
        return Page.of(rows, limit, b -> new BlockedUserView(people.get(b.blockedId), b.createdAt),
                b -> new TimeCursor(b.createdAt, b.blockedId).encode());
    }

    /**
     * The deleted user's own blocks go; those others placed on them stay with their phone, so that deleting the account
     * and registering the phone again does not reach those people again.
     */
    void forget(@Observes AccountDeleted event) {
        if (event.phoneHash() != null) {
            blocks.keepForPhone(event.userId(), event.phoneHash());
        }
        blocks.deleteAllOf(event.userId());
    }

    void carryOver(@Observes UserRegistered event) {
        if (event.phoneHash() != null) {
            blocks.carryOver(event.phoneHash(), event.userId());
        }
    }

    public record BlockedUserView(UserSummary user, Instant blockedAt) {
    }
}
