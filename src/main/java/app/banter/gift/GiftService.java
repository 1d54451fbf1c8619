package app.banter.gift;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.call.ActiveCalls;
import app.banter.gift.GiftEvents.CallGift;
import app.banter.gift.GiftViews.GiftView;
import app.banter.gift.GiftViews.TopGifterView;
import app.banter.platform.TimeOrderedIds;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.realtime.RealtimeEvents;
import app.banter.social.Moderation;
import app.banter.social.RelationshipStore;
import app.banter.social.RelationshipStore.Relationship;
import app.banter.user.HiddenProfiles;
import app.banter.user.UserSummary;
import app.banter.user.Users;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;

/**
 * Giving gifts. A send is one transaction: the gift row claims the sender's Idempotency-Key, then the ledger moves the
 * coins under keys derived from the gift ("gift:{id}:earning", "gift:{id}:platform"); a refusal anywhere (402 when
 * the sender cannot pay) rolls all of it back, so a gift exists exactly when its coins moved, once.
 */
@ApplicationScoped
public class GiftService {

    private final GiftRepository gifts;
    private final GiftCatalogue catalogue;
    private final GiftPlaces places;
    private final RelationshipStore relationships;
    private final Accounts accounts;
    private final Ledger ledger;
    private final Users users;
    private final HiddenProfiles hidden;
    private final Moderation moderation;
    private final RealtimeEvents events;
    private final GiftConfig config;

    GiftService(GiftRepository gifts, GiftCatalogue catalogue, GiftPlaces places, RelationshipStore relationships,
            Accounts accounts, Ledger ledger, Users users, HiddenProfiles hidden, Moderation moderation,
            RealtimeEvents events, GiftConfig config) {
        this.gifts = gifts;
        this.catalogue = catalogue;
        this.places = places;
        this.relationships = relationships;
        this.accounts = accounts;
        this.ledger = ledger;
        this.users = users;
        this.hidden = hidden;
        this.moderation = moderation;
        this.events = events;
        this.config = config;
    }

    /**
     * Sends a gift, or answers a retry: the same Idempotency-Key with the same request returns the first gift (and
     * moves nothing), with a different request 409 IDEMPOTENCY_KEY_REUSED. The rules are checked only for a new gift,
     * so a retry after the receiver left still gets its answer.
     */
    @Transactional
    public GiftView send(UUID senderId, String idempotencyKey, SendGift request) {
        Optional<Gift> earlier = gifts.findByKey(senderId, idempotencyKey);
        if (earlier.isPresent()) {
            return repeated(earlier.get(), request);
        }
        if (senderId.equals(request.receiverId())) {
            throw ApiException.badRequest("SELF_GIFT", "You cannot give yourself a gift");
        }
        if ((request.roomId() == null) == (request.callId() == null)) {
            throw ApiException.badRequest("ROOM_OR_CALL_REQUIRED",
                    "Name either the room (roomId) or the call (callId) the gift is given in");
        }
        CatalogueGift item = catalogue.find(request.giftId()).filter(CatalogueGift::active)
                .orElseThrow(() -> ApiException.badRequest("UNKNOWN_GIFT",
                        "No gift '" + request.giftId() + "' is on offer"));
        // Both accounts held against a ban or deletion committing meanwhile (each locks the account's row first): one
        // committed before is seen below, one after waits for this gift. Unheld, the coins could go to an account
        // deleted a moment ago, which nobody can spend or withdraw.
        users.holdAgainstDeletion(senderId, request.receiverId());
        requireMayReach(senderId, request.receiverId());
        if (request.roomId() != null) {
            places.requireOnStage(request.roomId(), senderId, request.receiverId());
        } else {
            places.requireInCall(request.callId(), senderId, request.receiverId());
        }
        Gift gift = newGift(senderId, idempotencyKey, request, item);
        // Everything that only reads comes before the ledger locks the sender's coins, which other gifts from the
        // same wallet wait for: from the first transfer to the commit there are two statements.
        UUID from = accounts.coins(senderId);
        UUID to = accounts.earnings(request.receiverId());
        GiftView view = viewer(List.of(gift)).apply(gift);
        if (!gifts.insertIfAbsent(gift)) {
            // The same key was being sent at the same moment and that gift committed first.
            return repeated(gifts.findByKey(senderId, idempotencyKey).orElseThrow(), request);
        }
        // Leaves after the commit only, so it may be queued before the coins move.
        if (gift.roomId != null) {
            places.announceInRoom(gift.roomId, view);
        } else {
            events.sendToUsers(List.of(gift.senderId, gift.receiverId), new CallGift(gift.callId, view));
        }
        pay(gift, from, to);
        return view;
    }

    @Transactional
    public Page<GiftView> sent(UUID userId, String cursor, int limit) {
        return page(gifts.sentBy(userId, TimeCursor.decode(cursor), limit + 1), limit);
    }

    @Transactional
    public Page<GiftView> received(UUID userId, String cursor, int limit) {
        return page(gifts.receivedBy(userId, TimeCursor.decode(cursor), limit + 1), limit);
    }

    /**
     * The room's biggest givers since it opened, for someone in the room; any other room is not found. People hidden
     * from the viewer (blocks, either way) are left out, as from the room's stage and listeners.
     */
    @Transactional
    public List<TopGifterView> topGifters(UUID viewerId, UUID roomId) {
        places.requirePresent(roomId, viewerId);
        List<GiftViews.Gifter> top = gifts.topGiftersOf(roomId, hidden.hiddenFrom(viewerId), config.topGifters());
        Map<UUID, UserSummary> people = users.summaries(top.stream().map(GiftViews.Gifter::userId).toList());
        return top.stream().map(g -> new TopGifterView(people.get(g.userId()), g.coins(), g.gifts())).toList();
    }

    /**
     * Gifts cross no block, either way, and restricted accounts give none: as for messages and calls. Nor do banned
     * users receive any, though they may still be connected to a room or call: a gift is money to its receiver.
     */
    private void requireMayReach(UUID senderId, UUID receiverId) {
        Relationship relationship = relationships.between(senderId, receiverId);
        // Someone who blocked the sender, or a banned user, looks to the sender like nobody at all. The ban is asked
        // here, not in the shared lookup, which every direct message runs and no message needs it from.
        if (!relationship.recipientActive() || relationship.blockedByRecipient() || moderation.isBanned(receiverId)) {
            throw ApiException.notFound("User");
        }
        if (relationship.recipientBlocked()) {
            throw ApiException.conflict("USER_BLOCKED", "Unblock this person to give them a gift");
        }
        if (relationship.senderRestricted()) {
            throw Moderation.restricted();
        }
    }

    private Gift newGift(UUID senderId, String idempotencyKey, SendGift request, CatalogueGift item) {
        Gift gift = new Gift();
        gift.id = TimeOrderedIds.next();
        gift.senderId = senderId;
        gift.receiverId = request.receiverId();
        gift.idempotencyKey = idempotencyKey;
        gift.giftId = item.id();
        gift.quantity = request.quantityOrOne();
        gift.unitPrice = item.coinPrice();
        gift.coins = Math.multiplyExact(item.coinPrice(), gift.quantity);
        // Rounded down: the receiver never gets more than the share, the platform keeps the fraction.
        gift.receiverCoins = gift.coins * config.receiverSharePercent() / 100;
        gift.roomId = request.roomId();
        gift.callId = request.callId();
        gift.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return gift;
    }

    /** The receiver's share first, then the platform's: both from the sender's coins, both or neither. */
    private void pay(Gift gift, UUID senderCoins, UUID receiverEarnings) {
        String reference = "gift:" + gift.id;
        if (gift.receiverCoins > 0) {
            ledger.transfer(reference + ":earning", senderCoins, receiverEarnings, gift.receiverCoins,
                    TransferKind.GIFT_EARNING, reference);
        }
        if (gift.coins > gift.receiverCoins) {
            ledger.transfer(reference + ":platform", senderCoins, SystemAccounts.PLATFORM_REVENUE,
                    gift.coins - gift.receiverCoins, TransferKind.GIFT_CHARGE, reference);
        }
    }

    private GiftView repeated(Gift earlier, SendGift request) {
        if (!earlier.isSameRequestAs(request)) {
            throw ApiException.conflict("IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was used for a different gift");
        }
        return viewer(List.of(earlier)).apply(earlier);
    }

    private Page<GiftView> page(List<Gift> rowsPlusOne, int limit) {
        return Page.of(rowsPlusOne, limit, viewer(rowsPlusOne), g -> new TimeCursor(g.createdAt, g.id).encode());
    }

    /** Views of these gifts, with both people's summaries looked up together. */
    private Function<Gift, GiftView> viewer(List<Gift> rows) {
        Map<UUID, UserSummary> people = users.summaries(
                rows.stream().flatMap(g -> Stream.of(g.senderId, g.receiverId)).distinct().toList());
        return g -> {
            Optional<CatalogueGift> item = catalogue.find(g.giftId);
            return new GiftView(g.id, g.giftId, item.map(CatalogueGift::name).orElse(g.giftId),
                    item.map(CatalogueGift::iconKey).orElse(null), g.quantity, g.coins, g.receiverCoins,
                    people.get(g.senderId), people.get(g.receiverId), g.roomId, g.callId, g.createdAt);
        };
    }
}
