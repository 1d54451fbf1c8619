package app.banter.social;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.realtime.RealtimeEvents;
import app.banter.user.AccountDeleted;
import app.banter.user.Users;
import app.banter.user.UserSummary;

@ApplicationScoped
public class FriendService {

    private final FriendRequestRepository requests;
    private final FriendshipRepository friendships;
    private final RelationshipStore relationships;
    private final Users users;
    private final RealtimeEvents realtime;
    private final RateLimiter rateLimiter;
    private final SocialConfig config;

    FriendService(FriendRequestRepository requests, FriendshipRepository friendships, RelationshipStore relationships,
            Users users, RealtimeEvents realtime, RateLimiter rateLimiter, SocialConfig config) {
        this.requests = requests;
        this.friendships = friendships;
        this.relationships = relationships;
        this.users = users;
        this.realtime = realtime;
        this.rateLimiter = rateLimiter;
        this.config = config;
    }

    /**
     * Sends a friend request. If the recipient already asked the sender, that request is accepted instead: the two
     * become friends once, and the answer is their request, now ACCEPTED. New requests are rate-limited per sender.
     */
    @Transactional
    public SentFriendRequest send(UUID senderId, SendFriendRequest body) {
        UUID recipientId = body.recipientId();
        if (senderId.equals(recipientId)) {
            throw ApiException.badRequest("SELF_REQUEST", "You cannot send a friend request to yourself");
        }
        // Both accounts held against deletion first (a deletion takes its row first too), then the pair's lock, which a
        // block also takes: a block or deletion committed while this waited is seen below, and one made after waits
        // for this request and cancels it.
        users.holdAgainstDeletion(senderId, recipientId);
        friendships.lockPair(senderId, recipientId);
        RelationshipStore.Relationship relation = relationships.between(senderId, recipientId);
        if (!relation.recipientActive() || relation.blockedByRecipient()) {
            throw ApiException.notFound("User");
        }
        if (relation.recipientBlocked()) {
            throw ApiException.conflict("USER_BLOCKED", "You blocked this user; unblock them first");
        }
        if (relation.senderRestricted()) {
            throw Moderation.restricted();
        }
        if (friendships.areFriends(senderId, recipientId)) {
            throw ApiException.conflict("ALREADY_FRIENDS", "You are already friends");
        }
        if (requests.findPending(senderId, recipientId).isPresent()) {
            throw ApiException.conflict("REQUEST_PENDING", "You already sent this user a friend request");
        }
        Instant now = now();
        FriendRequest crossing = requests.findPending(recipientId, senderId).orElse(null);
        if (crossing != null) {
            return new SentFriendRequest(accept(crossing, now), false);
        }
        // Only requests that reach someone count: a refused one, or one that answered theirs, notifies nobody.
        rateLimiter.acquire("friend-requests", senderId.toString(),
                new RateLimiter.Limit(config.friendRequests().perHour(), Duration.ofHours(1)));
        FriendRequest request = new FriendRequest();
        request.id = UUID.randomUUID();
        request.senderId = senderId;
        request.recipientId = recipientId;
        request.message = body.message() == null || body.message().isBlank() ? null : body.message().strip();
        request.status = FriendRequest.Status.PENDING;
        request.createdAt = now;
        requests.persist(request);
        FriendRequestView view = view(request);
        realtime.sendToUser(recipientId, new SocialEvents.FriendRequestReceived(view));
        return new SentFriendRequest(view, true);
    }

    /**
     * Locks in the order send and block take them: both accounts, against deletion (whose clean-up then sees the
     * friendship made here, or which cancelled the request before this read it), then the pair, then the request.
     */
    @Transactional
    public FriendRequestView accept(UUID userId, UUID requestId) {
        UUID senderId = requests.senderOfReceived(requestId, userId)
                .orElseThrow(() -> ApiException.notFound("Friend request"));
        users.holdAgainstDeletion(senderId, userId);
        friendships.lockPair(senderId, userId);
        return accept(pending(received(userId, requestId)), now());
    }

    @Transactional
    public FriendRequestView reject(UUID userId, UUID requestId) {
        FriendRequest request = pending(received(userId, requestId));
        request.status = FriendRequest.Status.REJECTED;
        request.answeredAt = now();
        return view(request);
    }

    @Transactional
    public FriendRequestView cancel(UUID userId, UUID requestId) {
        FriendRequest request = requests.findInvolvingForUpdate(requestId, userId)
                .filter(r -> r.senderId.equals(userId))
                .orElseThrow(() -> ApiException.notFound("Friend request"));
        pending(request).status = FriendRequest.Status.CANCELLED;
        request.answeredAt = now();
        return view(request);
    }

    @Transactional
    public void unfriend(UUID userId, UUID friendId) {
        if (!friendships.unfriend(userId, friendId)) {
            throw ApiException.notFound("Friend");
        }
    }

    @Transactional
    public Page<FriendView> friends(UUID userId, String cursor, int limit) {
        List<Friendship> rows = friendships.friendsOf(userId, TimeCursor.decode(cursor), limit + 1);
        Map<UUID, UserSummary> people = users.summaries(rows.stream().map(f -> f.friendId).toList());
        return Page.of(rows, limit, f -> new FriendView(people.get(f.friendId), f.createdAt),
                f -> new TimeCursor(f.createdAt, f.friendId).encode());
    }

    @Transactional
    public Page<FriendRequestView> incoming(UUID userId, String cursor, int limit) {
        return page(requests.pendingTo(userId, TimeCursor.decode(cursor), limit + 1), limit);
    }

    @Transactional
    public Page<FriendRequestView> outgoing(UUID userId, String cursor, int limit) {
        return page(requests.pendingFrom(userId, TimeCursor.decode(cursor), limit + 1), limit);
    }

    void forget(@Observes AccountDeleted event) {
        friendships.deleteAllOf(event.userId());
        requests.cancelAllOf(event.userId(), now());
    }

    private FriendRequestView accept(FriendRequest request, Instant now) {
        request.status = FriendRequest.Status.ACCEPTED;
        request.answeredAt = now;
        friendships.befriend(request.senderId, request.recipientId, now);
        FriendRequestView view = view(request);
        realtime.sendToUser(request.senderId, new SocialEvents.FriendRequestAccepted(view));
        return view;
    }

    /** A request the user received; one they sent, or one between others, is not found. */
    private FriendRequest received(UUID userId, UUID requestId) {
        return requests.findInvolvingForUpdate(requestId, userId).filter(r -> r.recipientId.equals(userId))
                .orElseThrow(() -> ApiException.notFound("Friend request"));
    }

    private static FriendRequest pending(FriendRequest request) {
        if (!request.isPending()) {
            throw ApiException.conflict("REQUEST_NOT_PENDING", "This friend request was already "
                    + request.status.name().toLowerCase(Locale.ROOT));
        }
        return request;
    }

    private Page<FriendRequestView> page(List<FriendRequest> rows, int limit) {
        Map<UUID, UserSummary> people = users.summaries(
                rows.stream().flatMap(r -> Stream.of(r.senderId, r.recipientId)).distinct().toList());
        return Page.of(rows, limit, r -> view(r, people), r -> new TimeCursor(r.createdAt, r.id).encode());
    }

    private FriendRequestView view(FriendRequest request) {
        return view(request, users.summaries(List.of(request.senderId, request.recipientId)));
    }

    private static FriendRequestView view(FriendRequest r, Map<UUID, UserSummary> people) {
        return new FriendRequestView(r.id, people.get(r.senderId), people.get(r.recipientId), r.message, r.status,
                r.createdAt, r.answeredAt);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** created is false when the request crossed one of the recipient's and made them friends. */
    public record SentFriendRequest(FriendRequestView request, boolean created) {
    }
}
