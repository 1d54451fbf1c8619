package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The call reconciler's questions to LiveKit, many rooms per request: the rooms of connected calls whose participant
 * check is due, and of answered calls nobody has joined yet. Only the calls whose room shows something new go on to
 * the reconciler's call-by-call pass; the others are recorded as checked at once.
 */
@ApplicationScoped
class RoomChecks {

    private static final Logger LOG = Logger.getLogger(RoomChecks.class);

    private final BillingQueueRepository queue;
    private final LiveKitRooms rooms;
    private final CallConfig config;

    RoomChecks(BillingQueueRepository queue, LiveKitRooms rooms, CallConfig config) {
        this.queue = queue;
        this.rooms = rooms;
        this.config = config;
    }

    /**
     * Asks LiveKit about the rooms of the connected calls whose participant check is due. Calls whose room still holds
     * both parties are recorded as checked at once; the others, where someone may have left without a webhook, go to
     * the call-by-call pass. Returns how many calls it asked about.
     */
    int checkConnected(Instant now) {
        Duration every = config.participantCheckEvery();
        Instant leaseUntil = now.plus(config.reconciler().lease()).truncatedTo(ChronoUnit.MICROS);
        List<BillingQueueRepository.RoomCheck> due = QuarkusTransaction.requiringNew()
                .call(() -> queue.claimRoomChecks(now, every, leaseUntil));
        ask(due, leaseUntil, now, occupants -> occupants >= 2,
                (callIds, checkedAt) -> queue.recordBothInRoom(callIds, leaseUntil, checkedAt, every));
        return due.size();
    }

    /**
     * Asks LiveKit about the rooms of the answered calls nobody has joined yet, once the webhooks' grace is over.
     * Rooms still empty are recorded as such at once; a room with someone in it goes to the call-by-call pass, which
     * lists the participants and records who joined. Returns how many calls it asked about.
     */
    int checkNobodyJoined(Instant now) {
        Duration grace = CallReconciler.WEBHOOK_GRACE;
        // A short lease: a batch LiveKit does not answer is looked at again as soon as the call-by-call pass would
        // have, and a call still empty when it gives up waiting fails on time.
        Instant leaseUntil = now.plus(grace).truncatedTo(ChronoUnit.MICROS);
        List<BillingQueueRepository.RoomCheck> due = QuarkusTransaction.requiringNew().call(
                () -> queue.claimJoinChecks(now, grace, config.connectTimeout(), leaseUntil));
        ask(due, leaseUntil, now, occupants -> occupants == 0, (callIds, checkedAt) -> queue
                .recordNobodyJoined(callIds, leaseUntil, checkedAt, grace, config.connectTimeout()));
        return due.size();
    }

    /**
     * Asks LiveKit about the rooms of these leased calls, a batch of rooms per request. The calls whose room shows
     * nothing new are recorded with {@code record}; the others are made due now for the call-by-call pass. A batch
     * LiveKit does not answer, or whose answer cannot be recorded, stays leased and is asked about again when the
     * lease ends.
     */
    private void ask(List<BillingQueueRepository.RoomCheck> due, Instant leaseUntil, Instant now,
            IntPredicate nothingNew, BiConsumer<List<UUID>, Instant> record) {
        for (List<BillingQueueRepository.RoomCheck> batch : CallReconciler.batches(due,
                config.reconciler().batchSize())) {
            Map<String, Integer> occupancy;
            try {
                occupancy = rooms.occupancy(batch.stream().map(BillingQueueRepository.RoomCheck::roomName).toList());
            } catch (ApiException unavailable) {
                continue;
            }
            Map<Boolean, List<UUID>> settled = batch.stream().collect(Collectors.partitioningBy(
                    check -> nothingNew.test(occupancy.getOrDefault(check.roomName(), 0)),
                    Collectors.mapping(BillingQueueRepository.RoomCheck::callId, Collectors.toList())));
            Instant checkedAt = Instant.now();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (!settled.get(true).isEmpty()) {
                        record.accept(settled.get(true), checkedAt);
                    }
                    if (!settled.get(false).isEmpty()) {
                        queue.release(settled.get(false), leaseUntil, now);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf(e, "A batch of room checks could not be recorded");
            }
        }
    }
}
