package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.call.CallEvents.CallAccepted;
import app.banter.call.CallViews.CallSession;
import app.banter.realtime.Presence;
import app.banter.realtime.RealtimeEvents;
import app.banter.social.RelationshipStore;
import app.banter.social.RelationshipStore.KeptApart;
import app.banter.user.PremiumPerks;
import app.banter.wallet.Ledger;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The calls the matcher makes between people who both asked to talk, a tick's pairs at once. Each is an ordinary call
 * (the same rows, price, first-minute hold and events as {@link CallService#start}), answered at once instead of
 * ringing, so billing starts when both are in the room; its free grace covers the skip window, so a skip within it is
 * never charged. Rather than three transactions and a dozen round trips per call, a batch costs one LiveKit request
 * per room (several in flight), one transaction of a fixed number of statements, and three Redis scripts.
 *
 * <p>
 * The pair checks of {@link CallService#start} that are about who may talk to whom (blocks, restrictions, who is
 * online and free) are the matcher's, made for the whole pool just before; what can change in between and must never
 * be let through is checked again here, in the transaction that makes the calls: blocks either way and moderation
 * measures, for all the batch's pairs in one statement (a batch can wait seconds for its slot and its rooms), and in
 * the statements themselves, a party already in another call does not enter (call_parties' key) and a caller who
 * cannot pay the first minute gets no hold.
 */
@ApplicationScoped
public class MatchedCalls {

    private static final Logger LOG = Logger.getLogger(MatchedCalls.class);

    /** Two people to connect; the caller pays beyond any free minutes. */
    public record Pair(UUID callerId, UUID calleeId, Call.Type type) {
    }

    /** A call made: each party's session for it. */
    public record Made(Pair pair, CallSession callerSession, CallSession calleeSession) {
        public UUID callId() {
            return callerSession.call().id();
        }
    }

    /**
     * No call for the pair: the caller or the callee (or both) cannot take it now (in another call, under a moderation
     * measure, or the caller cannot pay); neither when they have blocked each other since they were paired, the media
     * server failed the room or the batch failed as a whole.
     */
    public record Refused(Pair pair, boolean callerUnavailable, boolean calleeUnavailable) {
    }

    public record Outcome(List<Made> made, List<Refused> refused) {
    }

    private final CallService lifecycle;
    private final CallRepository calls;
    private final LiveKitRooms rooms;
    private final CallBilling billing;
    private final Ledger ledger;
    private final PremiumPerks premium;
    private final Presence presence;
    private final RealtimeEvents events;
    private final RelationshipStore relationships;
    private final CallConfig config;

    MatchedCalls(CallService lifecycle, CallRepository calls, LiveKitRooms rooms, CallBilling billing, Ledger ledger,
            PremiumPerks premium, Presence presence, RealtimeEvents events, RelationshipStore relationships,
            CallConfig config) {
        this.lifecycle = lifecycle;
        this.calls = calls;
        this.rooms = rooms;
        this.billing = billing;
        this.ledger = ledger;
        this.premium = premium;
        this.presence = presence;
        this.events = events;
        this.relationships = relationships;
        this.config = config;
    }

    /**
     * Makes a call for each pair that can have one. The rooms are created first, outside any transaction; then one
     * transaction inserts the calls, their parties and first-minute holds, sends call.accepted to both sides, and runs
     * {@code inSameTransaction} with the calls made (the matcher records its matches there, so a match and its call
     * commit together) and marks every party busy before it commits. Refused pairs leave no trace but their room,
     * deleted again.
     */
    public Outcome start(List<Pair> pairs, Duration skipWindow, Consumer<List<Made>> inSameTransaction) {
        Instant now = Instant.now();
        Map<UUID, Pair> pairOf = new HashMap<>();
        List<Call> planned = new ArrayList<>(pairs.size());
        for (Pair pair : pairs) {
            Call call = planned(pair, now, skipWindow);
            pairOf.put(call.id, pair);
            planned.add(call);
        }
        Set<String> withRoom = rooms.createRooms(planned.stream().map(call -> call.roomName).toList());
        Map<UUID, Refused> refused = new HashMap<>();
        List<Call> ready = new ArrayList<>();
        for (Call call : planned) {
            if (withRoom.contains(call.roomName)) {
                ready.add(call);
            } else {
                refused.put(call.id, new Refused(pairOf.get(call.id), false, false));
            }
        }
        List<Made> made;
        List<UUID> markedBusy = new ArrayList<>();
        try {
            made = QuarkusTransaction.requiringNew().call(() -> insert(ready, pairOf, refused, now,
                    inSameTransaction, markedBusy));
        } catch (RuntimeException e) {
            LOG.warnf(e, "A batch of %d matched calls could not be made", ready.size());
            ready.forEach(call -> refused.put(call.id, new Refused(pairOf.get(call.id), false, false)));
            made = List.of();
            // Marked busy before a commit that failed: no call of this batch holds them.
            clearBusy(markedBusy);
        }
        planned.stream().filter(call -> refused.containsKey(call.id) && withRoom.contains(call.roomName))
                .forEach(call -> rooms.deleteRoom(call.roomName));
        return new Outcome(made, List.copyOf(refused.values()));
    }

    private List<Made> insert(List<Call> ready, Map<UUID, Pair> pairOf, Map<UUID, Refused> refused, Instant now,
            Consumer<List<Made>> inSameTransaction, List<UUID> markedBusy) {
        List<Call> allowed = stillAllowed(ready, pairOf, refused);
        Map<UUID, Long> audioRates = premium.callRatesPerMinute(
                allowed.stream().filter(call -> call.type == Call.Type.AUDIO).map(call -> call.callerId).toList(),
                lifecycle.listedRate(Call.Type.AUDIO));
        Map<UUID, Long> videoRates = premium.callRatesPerMinute(
                allowed.stream().filter(call -> call.type == Call.Type.VIDEO).map(call -> call.callerId).toList(),
                lifecycle.listedRate(Call.Type.VIDEO));
        allowed.forEach(call -> call.ratePerMinute = (call.type == Call.Type.VIDEO ? videoRates : audioRates)
                .get(call.callerId));
        Set<UUID> unpaid = billing.reserveFirstMinutes(allowed, now.plus(config.ringTimeout()));
        List<Call> paid = allowed.stream().filter(call -> !unpaid.contains(call.id)).toList();
        calls.insertAll(paid);
        Set<UUID> entered = calls.enterParties(paid);
        List<Call> made = new ArrayList<>(paid.size());
        List<UUID> undone = new ArrayList<>();
        for (Call call : allowed) {
            Pair pair = pairOf.get(call.id);
            if (unpaid.contains(call.id)) {
                refused.put(call.id, new Refused(pair, true, false));
            } else if (!entered.contains(call.callerId) || !entered.contains(call.calleeId)) {
                // Someone else's call took one of them since the matcher looked.
                refused.put(call.id, new Refused(pair, !entered.contains(call.callerId),
                        !entered.contains(call.calleeId)));
                ledger.releaseHold(call.holdId);
                undone.add(call.id);
            } else {
                made.add(call);
            }
        }
        calls.deleteAll(undone);
        Map<UUID, CallAccepted> accepted = new HashMap<>();
        List<Made> sessions = new ArrayList<>(made.size());
        for (Call call : made) {
            accepted.put(call.callerId, new CallAccepted(call.id));
            accepted.put(call.calleeId, new CallAccepted(call.id));
            sessions.add(new Made(pairOf.get(call.id), lifecycle.joinSession(call, call.callerId),
                    lifecycle.joinSession(call, call.calleeId)));
        }
        events.sendEach(accepted);
        inSameTransaction.accept(sessions);
        markBusy(made, markedBusy);
        return sessions;
    }

    /**
     * Before the commit, as {@link CallService#accept} does: once committed, a call may be ended at once, and its end
     * clears its parties' busy flag after its own commit. Marked after that clear, a party would stay busy for
     * {@link CallService#BUSY_AT_MOST} with no call.
     */
    private void markBusy(List<Call> made, List<UUID> markedBusy) {
        List<UUID> parties = new ArrayList<>(made.size() * 2);
        made.forEach(call -> {
            parties.add(call.callerId);
            parties.add(call.calleeId);
        });
        // Counted before: a failure half-way may have marked some.
        markedBusy.addAll(parties);
        try {
            presence.markBusy(parties, CallService.BUSY_AT_MOST);
        } catch (RuntimeException e) {
            // The calls stand; call_parties keeps the parties out of other calls, presence shows them busy late.
            LOG.warnf(e, "%d parties of matched calls could not be marked busy", parties.size());
        }
    }

    private void clearBusy(List<UUID> parties) {
        try {
            parties.forEach(presence::clearBusy);
        } catch (RuntimeException e) {
            LOG.warnf(e, "%d parties of matched calls not made stay busy for up to %s", parties.size(),
                    CallService.BUSY_AT_MOST);
        }
    }

    /**
     * The calls whose parties may still talk: a block either way, a moderation measure or an account deleted since the
     * matcher read them refuses the pair, and that pair only (a deleted party failed the whole batch when its profile
     * was missing from the match it was told of). Whoever is under a measure or gone cannot take the call; a blocked
     * pair both can, and the matcher keeps them apart from its next read on.
     */
    private List<Call> stillAllowed(List<Call> ready, Map<UUID, Pair> pairOf, Map<UUID, Refused> refused) {
        // A user is in at most one of a batch's pairs.
        Map<UUID, KeptApart> apartByCaller = new HashMap<>();
        relationships.keptApart(ready.stream().map(call -> call.callerId).toList(),
                ready.stream().map(call -> call.calleeId).toList())
                .forEach(apart -> apartByCaller.put(apart.first(), apart));
        List<Call> allowed = new ArrayList<>(ready.size());
        for (Call call : ready) {
            KeptApart apart = apartByCaller.get(call.callerId);
            if (apart == null) {
                allowed.add(call);
            } else {
                refused.put(call.id, new Refused(pairOf.get(call.id), apart.firstUnavailable(),
                        apart.secondUnavailable()));
            }
        }
        return allowed;
    }

    /** The call as {@link CallService#start} makes it, answered at once, its free grace covering the skip window. */
    private Call planned(Pair pair, Instant now, Duration skipWindow) {
        Call call = lifecycle.newCall(pair.callerId(), pair.calleeId(), pair.type(), Call.Carrier.APP, now);
        call.status = Call.Status.ANSWERED;
        call.answeredAt = now;
        call.nextCheckAt = now.plus(CallReconciler.WEBHOOK_GRACE);
        call.graceSeconds = (int) Math.max(call.graceSeconds, skipWindow.toSeconds());
        return call;
    }
}
