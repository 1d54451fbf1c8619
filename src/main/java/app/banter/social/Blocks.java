package app.banter.social;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.user.AccountDeleted;
import app.banter.user.UserRepository;
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
    private final UserRepository users;
    private final PairLocks pairLocks;

    Blocks(BlockRepository blocks, FriendshipRepository friendships, FriendRequestRepository requests,
            UserRepository users, PairLocks pairLocks) {
        this.blocks = blocks;
        this.friendships = friendships;
        this.requests = requests;
        this.users = users;
        this.pairLocks = pairLocks;
    }

    /** Whether either user blocked the other: they may not message, call, friend or see each other. */
    @Transactional
    public boolean isBlockedEitherWay(UUID a, UUID b) {
        return blocks.existsEitherWay(a, b);
    }

    /** Everyone who blocked {@code userId} or whom they blocked, to leave out of what they see. */
    @Transactional
    public Set<UUID> blockedEitherWay(UUID userId) {
        return blocks.blockedEitherWay(userId);
    }

    @Transactional
    public void block(UUID blockerId, UUID blockedId) {
        if (blockerId.equals(blockedId)) {
            throw ApiException.badRequest("SELF_BLOCK", "You cannot block yourself");
        }
        // A blocked user can still be blocked back: they just cannot see the blocker any more.
        users.findActive(blockedId).orElseThrow(() -> ApiException.notFound("User"));
        pairLocks.lock(blockerId, blockedId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        blocks.insert(blockerId, blockedId, now);
        friendships.unfriend(blockerId, blockedId);
        requests.cancelBetween(blockerId, blockedId, now);
    }

    @Transactional
    public void unblock(UUID blockerId, UUID blockedId) {
        if (blocks.delete("blockerId = ?1 and blockedId = ?2", blockerId, blockedId) == 0) {
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

    void forget(@Observes AccountDeleted event) {
        blocks.deleteAllOf(event.userId());
    }

    public record BlockedUserView(UserSummary user, Instant blockedAt) {
    }
}
