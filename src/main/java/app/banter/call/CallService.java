package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.call.CallEvents.CallAccepted;
import app.banter.call.CallEvents.CallIncoming;
import app.banter.call.CallEvents.CallRejected;
import app.banter.call.CallViews.CallSession;
import app.banter.call.CallViews.CallView;
import app.banter.platform.TimeOrderedIds;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.realtime.Presence;
import app.banter.realtime.RealtimeEvents;
import app.banter.social.Moderation;
import app.banter.social.RelationshipStore;
import app.banter.social.RelationshipStore.Relationship;
import app.banter.social.UserBanned;
import app.banter.telephony.TelephonyUnavailable;
import app.banter.user.AccountDeleted;
import app.banter.user.PremiumPerks;
import app.banter.user.UserSummary;
import app.banter.user.Users;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** The call lifecycle as the parties drive it: start, accept, reject, cancel, end. */
@ApplicationScoped
public class CallService {

    /** A party of an answered call is busy for as long as a call can sensibly last; cleared when it ends. */
    static final Duration BUSY_AT_MOST = Duration.ofHours(6);

    private final CallRepository calls;
    private final Users users;
    private final RelationshipStore relationships;
    private final Presence presence;
    private final RealtimeEvents events;
    private final LiveKitRooms rooms;
    private final TurnCredentials turn;
    private final CallBilling billing;
    private final CallEnding ending;
    private final CallConfig config;
    private final PremiumPerks premium;
    private final PhoneCalls phoneCalls;
    private final Moderation moderation;
    private final RateLimiter rateLimiter;

    CallService(CallRepository calls, Users users, RelationshipStore relationships, Presence presence,
            RealtimeEvents events, LiveKitRooms rooms, TurnCredentials turn, CallBilling billing, CallEnding ending,
            CallConfig config, PremiumPerks premium, PhoneCalls phoneCalls, Moderation moderation,
            RateLimiter rateLimiter) {
        this.premium = premium;
        this.calls = calls;
        this.users = users;
        this.relationships = relationships;
        this.presence = presence;
        this.events = events;
        this.rooms = rooms;
        this.turn = turn;
        this.billing = billing;
        this.ending = ending;
        this.config = config;
        this.phoneCalls = phoneCalls;
        this.moderation = moderation;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Rings the callee. The call and the hold for its first minute are committed before LiveKit is asked for the
     * room; should that fail, the call fails and the hold is released.
     */
    public CallSession start(UUID callerId, UUID calleeId, Call.Type type) {
        return start(callerId, calleeId, type, Call.Carrier.APP);
    }

    /**
     * Rings the callee over {@code carrier}: in the app (LiveKit), or on their phone through the telephony provider
     * ({@link PhoneCalls}), which is asked to bridge the phones once the call and its hold are committed.
     */
    public CallSession start(UUID callerId, UUID calleeId, Call.Type type, Call.Carrier carrier) {
        countStart(callerId, calleeId);
        if (carrier == Call.Carrier.PHONE) {
            phoneCalls.requireAvailable(type);
        }
        Call call = QuarkusTransaction.requiringNew().call(() -> initiate(callerId, calleeId, type, carrier));
        try {
            if (carrier == Call.Carrier.PHONE) {
                phoneCalls.dial(call);
            } else {
                rooms.createRoom(call.roomName);
            }
        } catch (ApiException unavailable) {
            if (carrier == Call.Carrier.PHONE && TelephonyUnavailable.mayHavePlacedCall(unavailable)) {
                // The provider may have placed the call all the same (no answer, a 5xx, an answer naming no call), and
                // its callbacks, which name the call, bridge it and bill it. Left as a call whose dial never returned:
                // the reconciler fails it when its ring window passes with no word from the provider.
                throw unavailable;
            }
            String reason = carrier == Call.Carrier.PHONE ? "TELEPHONY_UNAVAILABLE" : "MEDIA_SERVER_UNAVAILABLE";
            QuarkusTransaction.requiringNew().run(() -> calls.lock(call.id).ifPresent(
                    locked -> ending.end(locked, Call.Status.FAILED, reason, Instant.now(), Instant.now())));
            throw unavailable;
        }
        Call ringing = QuarkusTransaction.requiringNew().call(() -> ring(call.id));
        return session(ringing, callerId);
    }

    /**
     * Every start counts, whatever its answer: the refusals are what tell a stranger whether the callee is online or in
     * a call. Matched calls do not start here (the matcher pairs people who both asked to talk), so they are not
     * counted.
     */
    private void countStart(UUID callerId, UUID calleeId) {
        rateLimiter.acquire("call-starts", callerId.toString(),
                new RateLimiter.Limit(config.startsPerHour(), Duration.ofHours(1)));
        rateLimiter.acquire("call-starts-per-callee", callerId + ":" + calleeId,
                new RateLimiter.Limit(config.startsPerCalleePerHour(), Duration.ofHours(1)));
    }

    @Transactional
    public CallSession accept(UUID userId, UUID callId) {
        Call call = lockForParty(callId, userId);
        if (!call.calleeId.equals(userId)) {
            throw ApiException.forbidden("NOT_THE_CALLEE", "Only the person called can accept");
        }
        requireRinging(call);
        if (call.carrier == Call.Carrier.PHONE) {
            throw ApiException.conflict("ANSWER_ON_PHONE", "This call rings on your phone; answer it there");
        }
        // A ban or a deletion ends the caller's call (endCallOf), but cannot see one whose placing committed just after
        // it: that call is not answered, and rings out.
        if (!users.isActive(call.callerId) || moderation.isBanned(call.callerId)) {
            throw ApiException.conflict("USER_UNAVAILABLE", "The caller can no longer be reached");
        }
        Instant now = Instant.now();
        call.status = Call.Status.ANSWERED;
        call.answeredAt = now;
        call.nextCheckAt = now.plus(CallReconciler.WEBHOOK_GRACE);
        call.updatedAt = now;
        CallPresence.connectIfBothJoined(call);
        events.sendToUsers(List.of(call.callerId, call.calleeId), new CallAccepted(call.id));
        return session(call, userId);
    }

    @Transactional
    public CallView reject(UUID userId, UUID callId) {
        Call call = lockForParty(callId, userId);
        if (!call.calleeId.equals(userId)) {
            throw ApiException.forbidden("NOT_THE_CALLEE", "Only the person called can reject");
        }
        requireRinging(call);
        // A phone call that rings on regardless is not rejected yet: the callee may still answer it.
        if (!ending.awaitsTheNetwork(call)) {
            events.sendToUsers(List.of(call.callerId, call.calleeId), new CallRejected(call.id));
        }
        ending.end(call, Call.Status.REJECTED, "REJECTED", Instant.now(), Instant.now());
        return CallView.of(call);
    }

    @Transactional
    public CallView cancel(UUID userId, UUID callId) {
        Call call = lockForParty(callId, userId);
        if (!call.callerId.equals(userId)) {
            throw ApiException.forbidden("NOT_THE_CALLER", "Only the caller can cancel");
        }
        requireRinging(call);
        ending.end(call, Call.Status.CANCELLED, "CANCELLED", Instant.now(), Instant.now());
        return CallView.of(call);
    }

    /**
     * Hangs up: either party, at any time; ending an ended call changes nothing. A phone call whose provider cannot
     * hang up goes on until the provider reports its end (see {@link CallEnding}); the call returned is then active.
     */
    @Transactional
    public CallView end(UUID userId, UUID callId) {
        Call call = lockForParty(callId, userId);
        Instant now = Instant.now();
        if (call.status == Call.Status.RINGING || call.status == Call.Status.INITIATED) {
            boolean caller = call.callerId.equals(userId);
            ending.end(call, caller ? Call.Status.CANCELLED : Call.Status.REJECTED,
                    caller ? "CANCELLED" : "REJECTED", now, now);
        } else {
            ending.end(call, Call.Status.ENDED, "HANG_UP", now, now);
        }
        return CallView.of(call);
    }

    /**
     * A banned user's call ends at once, as a deleted account's does: their sessions end, but neither LiveKit nor the
     * phone network drops them, and every minute would go on being billed to, or paid into, an account that is no longer
     * to be used. Runs in the banning (deleting) transaction, so that the end commits with the ban; the room is closed,
     * or the phones hung up, after the commit. Locks the call, then its hold and the parties' accounts, as every ending
     * does; this transaction holds no ledger row before, so it only waits for a billing batch that has the call locked.
     */
    void endCallOf(@Observes UserBanned banned) {
        endCallOf(banned.userId(), "PARTY_BANNED");
    }

    void endCallOf(@Observes AccountDeleted deleted) {
        endCallOf(deleted.userId(), "ACCOUNT_DELETED");
    }

    private void endCallOf(UUID userId, String reason) {
        calls.callOf(userId).flatMap(calls::lock).ifPresent(call -> {
            Instant now = Instant.now();
            if (call.status == Call.Status.RINGING || call.status == Call.Status.INITIATED) {
                // Never answered: withdrawn when the caller goes, missed when the callee does.
                ending.end(call, call.callerId.equals(userId) ? Call.Status.CANCELLED : Call.Status.MISSED, reason,
                        now, now);
            } else {
                ending.end(call, Call.Status.ENDED, reason, now, now);
            }
        });
    }

    @Transactional
    public CallView call(UUID userId, UUID callId) {
        Call call = calls.findForParty(callId, userId).orElseThrow(() -> ApiException.notFound("Call"));
        return CallView.of(call, users.summary(call.otherParty(userId)).orElse(null));
    }

    @Transactional
    public Page<CallView> history(UUID userId, String cursor, int limit) {
        TimeCursor position = TimeCursor.decode(cursor);
        List<Call> rows = calls.historyOf(userId, position == null ? null : position.at(),
                position == null ? null : position.id(), limit + 1);
        // The other parties of the whole page in one query, not one per row.
        Map<UUID, UserSummary> others = users.summaries(rows.stream().map(c -> c.otherParty(userId))
                .collect(Collectors.toSet()));
        return Page.of(rows, limit, c -> CallView.of(c, others.get(c.otherParty(userId))),
                c -> new TimeCursor(c.createdAt, c.id).encode());
    }

    // ---- Matched calls (matching, issue 15) ----

    /**
     * Either party of a matched call leaves it within {@code window} of connecting (or before it connected): the
     * call ends as SKIPPED inside the free grace, so nothing is charged. Later, 409 SKIP_WINDOW_PASSED (hang up
     * instead).
     */
    @Transactional
    public CallView skipMatched(UUID userId, UUID callId, Duration window) {
        Call call = lockForParty(callId, userId);
        if (call.status.isTerminal()) {
            throw ApiException.conflict("CALL_ENDED", "The call is " + call.status.name().toLowerCase());
        }
        Instant now = Instant.now();
        if (call.connectedAt != null && !now.isBefore(call.connectedAt.plus(window))) {
            throw ApiException.conflict("SKIP_WINDOW_PASSED", "Too late to skip; hang up instead");
        }
        ending.end(call, Call.Status.ENDED, "SKIPPED", now, now);
        return CallView.of(call);
    }

    private Call initiate(UUID callerId, UUID calleeId, Call.Type type, Call.Carrier carrier) {
        if (callerId.equals(calleeId)) {
            throw ApiException.badRequest("CANNOT_CALL_SELF", "You cannot call yourself");
        }
        Relationship relationship = relationships.between(callerId, calleeId);
        // Someone who blocked the caller looks, to the caller, like nobody at all.
        if (!relationship.recipientActive() || relationship.blockedByRecipient()) {
            throw ApiException.notFound("User");
        }
        if (relationship.recipientBlocked()) {
            throw ApiException.conflict("USER_BLOCKED", "Unblock this person to call them");
        }
        if (relationship.senderRestricted()) {
            throw Moderation.restricted();
        }
        if (calls.isInCall(callerId)) {
            throw ApiException.conflict("ALREADY_IN_CALL", "You are already in a call");
        }
        long ratePerMinute = premium.callRatePerMinute(callerId, listedRate(type));
        // Before anything the answer tells about the callee: this transaction rolls back on the 402, so a caller
        // without coins could otherwise learn anyone's presence, calls and standing, unseen and as often as they like.
        // The first minute's hold below is what holds the coins; this read only refuses early.
        if (!billing.canAffordFirstMinute(callerId, ratePerMinute)) {
            throw new ApiException(402, "INSUFFICIENT_BALANCE", "Not enough coins for the first minute of a call");
        }
        // A phone call rings the callee's own SIM, so only those their setting admits place one (friends by default);
        // refused before their standing and presence below, which a caller it refuses is not to learn either.
        if (carrier == Call.Carrier.PHONE && !relationship.recipientTakesPhoneCalls()) {
            throw ApiException.forbidden("PHONE_CALLS_NOT_ACCEPTED",
                    "This person does not take phone calls from you; call them in the app");
        }
        // A callee under a moderation measure looks offline: their standing is between them and the moderators.
        if (relationships.between(calleeId, callerId).senderRestricted()) {
            throw offline();
        }
        // The phone network reaches a callee whose app is offline: that is what phone calls are for.
        if (carrier == Call.Carrier.APP && !presence.isConnected(calleeId)) {
            throw offline();
        }
        if (presence.isBusy(calleeId) || calls.isInCall(calleeId)) {
            throw ApiException.conflict("USER_BUSY", "This person is in another call");
        }
        Call call = newCall(callerId, calleeId, type, carrier, Instant.now());
        call.ratePerMinute = ratePerMinute;
        calls.persistAndFlush(call);
        if (!calls.enterParties(call)) {
            // Both were free a moment ago; someone else's call just took one of them.
            throw ApiException.conflict("USER_BUSY", "This person is in another call");
        }
        billing.reserveFirstMinute(call, call.ringExpiresAt);
        return call;
    }

    /**
     * A new call as it starts ringing, at today's share, grace and timeouts; its price (the caller's, premium perks
     * applied) is the caller's to set.
     */
    Call newCall(UUID callerId, UUID calleeId, Call.Type type, Call.Carrier carrier, Instant now) {
        Call call = new Call();
        call.id = TimeOrderedIds.next();
        call.callerId = callerId;
        call.calleeId = calleeId;
        call.type = type;
        call.status = Call.Status.INITIATED;
        call.carrier = carrier;
        call.roomName = (carrier == Call.Carrier.PHONE ? PhoneCalls.LINE_PREFIX : LiveKitRooms.ROOM_PREFIX) + call.id;
        call.calleeSharePercent = config.calleeSharePercent();
        call.graceSeconds = config.graceSeconds();
        // The phone network rings the caller, then the callee: twice as long before the reconciler asks the provider.
        call.ringExpiresAt = now.plus(carrier == Call.Carrier.PHONE ? config.ringTimeout().multipliedBy(2)
                : config.ringTimeout());
        call.nextCheckAt = call.ringExpiresAt;
        call.createdAt = now;
        call.updatedAt = now;
        return call;
    }

    /** The per-minute price of a call of this type before any premium discount. */
    long listedRate(Call.Type type) {
        return type == Call.Type.VIDEO ? config.videoCoinsPerMinute() : config.audioCoinsPerMinute();
    }

    private Call ring(UUID callId) {
        Call call = calls.lock(callId).orElseThrow();
        if (call.status != Call.Status.INITIATED) {
            return call;
        }
        call.status = Call.Status.RINGING;
        call.updatedAt = Instant.now();
        events.sendToUser(call.calleeId, new CallIncoming(call.id, users.summary(call.callerId).orElseThrow(),
                call.type, call.ratePerMinute));
        presence.markBusy(call.callerId, config.ringTimeout().multipliedBy(2));
        presence.markBusy(call.calleeId, config.ringTimeout().multipliedBy(2));
        return call;
    }

    private CallSession session(Call call, UUID userId) {
        markBusyIfAnswered(call);
        return joinSession(call, userId);
    }

    private void markBusyIfAnswered(Call call) {
        if (call.status == Call.Status.ANSWERED) {
            presence.markBusy(call.callerId, BUSY_AT_MOST);
            presence.markBusy(call.calleeId, BUSY_AT_MOST);
        }
    }

    /** What one party needs to join the call's room, without touching presence. */
    CallSession joinSession(Call call, UUID userId) {
        Instant now = Instant.now();
        if (call.carrier == Call.Carrier.PHONE) {
            // Nothing to join: the phones ring.
            return new CallSession(CallView.of(call), null, null, List.of());
        }
        return new CallSession(CallView.of(call), rooms.url(), rooms.joinToken(call.roomName, userId, call.type),
                List.of(turn.issue(userId, now)));
    }

    private Call lockForParty(UUID callId, UUID userId) {
        return calls.lock(callId).filter(c -> c.isParty(userId)).orElseThrow(() -> ApiException.notFound("Call"));
    }

    private static ApiException offline() {
        return ApiException.conflict("USER_OFFLINE", "This person is offline");
    }

    private static void requireRinging(Call call) {
        if (call.status != Call.Status.RINGING) {
            throw ApiException.conflict(call.status.isTerminal() ? "CALL_ENDED" : "CALL_NOT_RINGING",
                    "The call is " + call.status.name().toLowerCase());
        }
    }
}
