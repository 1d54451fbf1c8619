package app.banter.call;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import livekit.LivekitModels;

import app.banter.livekit.LiveKitIdentity;
import app.banter.livekit.LiveKitRoomService;
import app.banter.livekit.LiveKitRoomService.RoomParameters;
import app.banter.livekit.LiveKitTokens;
import app.banter.platform.error.ApiException;

/**
 * The call policy over the shared LiveKit client: one room for two per call, join tokens for the two parties only,
 * and which RoomService failures a call can live with.
 */
@ApplicationScoped
public class LiveKitRooms {

    private static final Logger LOG = Logger.getLogger(LiveKitRooms.class);

    /** Call rooms are named call-{callId}; the LiveKit webhook endpoint hands their events to calls by this. */
    static final String ROOM_PREFIX = "call-";

    // Enough to hide LiveKit's round trip behind the others when the matcher makes hundreds of calls in a tick, few
    // enough not to open a connection per room. Shared by the matcher's batches in flight, and kept for the pod's
    // life rather than started for each batch.
    private static final int ROOMS_IN_FLIGHT = 16;
    private final ExecutorService roomRequests = Executors.newFixedThreadPool(ROOMS_IN_FLIGHT,
            Thread.ofPlatform().name("livekit-rooms-", 1).daemon().factory());

    private final LiveKitRoomService rooms;
    private final LiveKitTokens tokens;
    private final CallConfig calls;

    LiveKitRooms(LiveKitRoomService rooms, LiveKitTokens tokens, CallConfig calls) {
        this.rooms = rooms;
        this.tokens = tokens;
        this.calls = calls;
    }

    @PreDestroy
    void stop() {
        roomRequests.shutdownNow();
    }

    public String url() {
        return tokens.url();
    }

    /** A room for two that LiveKit closes soon after it empties, or if nobody joins. */
    public void createRoom(String roomName) {
        int emptyTimeout = (int) calls.ringTimeout().plus(calls.connectTimeout()).toSeconds();
        int departureTimeout = (int) calls.departureTimeout().toSeconds();
        rooms.createRoom(new RoomParameters(roomName, emptyTimeout, departureTimeout, 2, null));
    }

    /**
     * {@link #createRoom} for many rooms, {@value #ROOMS_IN_FLIGHT} requests at a time; returns the rooms created (one
     * that failed is left out, and logged).
     */
    public Set<String> createRooms(List<String> roomNames) {
        Set<String> created = ConcurrentHashMap.newKeySet();
        if (roomNames.size() <= 1) {
            roomNames.forEach(room -> createAndRecord(room, created));
            return created;
        }
        CompletableFuture.allOf(roomNames.stream()
                .map(room -> CompletableFuture.runAsync(() -> createAndRecord(room, created), roomRequests))
                .toArray(CompletableFuture[]::new)).join();
        return created;
    }

    private void createAndRecord(String roomName, Set<String> created) {
        try {
            createRoom(roomName);
            created.add(roomName);
        } catch (RuntimeException e) {
            LOG.warnf("Room %s could not be created: %s", roomName, e.getMessage());
        }
    }

    /** Identities of the participants in the room now; empty when the room is gone. */
    public Set<String> participants(String roomName) {
        return rooms.listParticipants(roomName).stream().map(LivekitModels.ParticipantInfo::getIdentity)
                .collect(Collectors.toSet());
    }

    /**
     * How many participants each of these rooms holds now, in one request; a room that is gone is left out. LiveKit
     * counts every participant, so only a count of two says both parties are there.
     */
    public Map<String, Integer> occupancy(List<String> roomNames) {
        return rooms.occupancy(roomNames);
    }

    /** Best effort: LiveKit closes the room by itself after its departure timeout anyway. */
    public void deleteRoom(String roomName) {
        try {
            rooms.deleteRoom(roomName);
        } catch (ApiException e) {
            LOG.warnf("Room %s could not be deleted; LiveKit closes it when it empties", roomName);
        }
    }

    public void removeParticipant(String roomName, UUID userId) {
        try {
            rooms.removeParticipant(roomName, identity(userId));
        } catch (ApiException e) {
            LOG.warnf("Participant could not be removed from room %s", roomName);
        }
    }

    /**
     * A join token for one party: this room only, microphone (and camera for video) only, no data channel, short
     * lived. The identity is the user id, never the phone number.
     */
    public String joinToken(String roomName, UUID userId, Call.Type type) {
        List<String> sources = type == Call.Type.VIDEO ? List.of(LiveKitTokens.MICROPHONE, LiveKitTokens.CAMERA)
                : List.of(LiveKitTokens.MICROPHONE);
        return tokens.joinToken(roomName, userId, sources, calls.tokenTtl());
    }

    static String identity(UUID userId) {
        return LiveKitIdentity.of(userId);
    }
}
