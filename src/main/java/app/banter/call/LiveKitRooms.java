package app.banter.call;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanPublishSources;
import io.livekit.server.CanSubscribe;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import io.livekit.server.RoomServiceClient;
import livekit.LivekitModels;
import retrofit2.Response;

import app.banter.platform.error.ApiException;

/**
 * Our LiveKit SFU through its server SDK: one room per call, join tokens for the two parties only, and the
 * RoomService calls (Twirp) the call lifecycle needs.
 */
@ApplicationScoped
public class LiveKitRooms {

    private static final Logger LOG = Logger.getLogger(LiveKitRooms.class);

    private final LiveKitConfig livekit;
    private final CallConfig calls;
    private RoomServiceClient rooms;

    LiveKitRooms(LiveKitConfig livekit, CallConfig calls) {
        this.livekit = livekit;
        this.calls = calls;
    }

    @PostConstruct
    void connect() {
        rooms = RoomServiceClient.createClient(livekit.apiUrl(), livekit.apiKey(),
                livekit.apiSecret());
    }

    public String url() {
        return livekit.url();
    }

    /** A room for two that LiveKit closes soon after it empties, or if nobody joins. */
    public void createRoom(String roomName) {
        int emptyTimeout = (int) calls.ringTimeout().plus(calls.connectTimeout()).toSeconds();
        int departureTimeout = (int) calls.departureTimeout().toSeconds();
        execute("CreateRoom", () -> rooms.createRoom(roomName, emptyTimeout, 2, null, null, null, null, null,
                departureTimeout).execute());
    }

    /** Identities of the participants in the room now; empty when the room is gone. */
    public Set<String> participants(String roomName) {
        List<LivekitModels.ParticipantInfo> list = execute("ListParticipants",
                () -> rooms.listParticipants(roomName).execute());
        return list == null ? Set.of() : list.stream().map(LivekitModels.ParticipantInfo::getIdentity)
                .collect(Collectors.toSet());
    }

    /**
     * How many participants each of these rooms holds now, in one request; a room that is gone is left out. LiveKit
     * counts every participant, so only a count of two says both parties are there.
     */
    public Map<String, Integer> occupancy(List<String> roomNames) {
        List<LivekitModels.Room> list = execute("ListRooms", () -> rooms.listRooms(roomNames).execute());
        return list == null ? Map.of() : list.stream()
                .collect(Collectors.toMap(LivekitModels.Room::getName, LivekitModels.Room::getNumParticipants,
                        Math::max));
    }

    /** Best effort: LiveKit closes the room by itself after its departure timeout anyway. */
    public void deleteRoom(String roomName) {
        try {
            execute("DeleteRoom", () -> rooms.deleteRoom(roomName).execute());
        } catch (ApiException e) {
            LOG.warnf("Room %s could not be deleted; LiveKit closes it when it empties", roomName);
        }
    }

    public void removeParticipant(String roomName, UUID userId) {
        try {
            execute("RemoveParticipant", () -> rooms.removeParticipant(roomName, identity(userId)).execute());
        } catch (ApiException e) {
            LOG.warnf("Participant could not be removed from room %s", roomName);
        }
    }

    /**
     * A join token for one party: this room only, microphone (and camera for video) only, no data channel, short
     * lived. The identity is the user id, never the phone number.
     */
    public String joinToken(String roomName, UUID userId, Call.Type type) {
        AccessToken token = new AccessToken(livekit.apiKey(), livekit.apiSecret());
        token.setIdentity(identity(userId));
        token.setTtl(calls.tokenTtl().toMillis());
        List<String> sources = type == Call.Type.VIDEO ? List.of("microphone", "camera") : List.of("microphone");
        token.addGrants(new RoomJoin(true), new RoomName(roomName), new CanPublish(true), new CanSubscribe(true),
                new CanPublishData(false), new CanPublishSources(sources));
        return token.toJwt();
    }

    static String identity(UUID userId) {
        return userId.toString();
    }

    private interface Request<T> {
        Response<T> send() throws IOException;
    }

    /** Failures name the API URL: an operator reading the log must see which LiveKit could not be reached. */
    private <T> T execute(String method, Request<T> request) {
        try {
            Response<T> response = request.send();
            if (response.isSuccessful()) {
                return response.body();
            }
            if (response.code() == 404) {
                return null;
            }
            LOG.warnf("LiveKit %s at %s answered HTTP %d", method, livekit.apiUrl(), response.code());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("LiveKit %s at %s failed: %s", method, livekit.apiUrl(), e.getClass().getSimpleName());
        }
        throw new ApiException(502, "MEDIA_SERVER_UNAVAILABLE", "The call server could not be reached; try again");
    }
}
