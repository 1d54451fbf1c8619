package app.banter.livekit;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.livekit.server.RoomServiceClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import livekit.LivekitModels;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import okhttp3.OkHttpClient;
import retrofit2.Response;

import app.banter.platform.error.ApiException;
import app.banter.platform.telemetry.ProviderSpans;

/**
 * LiveKit's RoomService (Twirp over HTTP, protobuf bodies) through its server SDK, for every feature that keeps
 * LiveKit rooms. A participant or room LiveKit does not know (404) is an answer, not a failure; anything else that
 * goes wrong is 502 MEDIA_SERVER_UNAVAILABLE, so that a caller inside a transaction rolls back what it changed.
 */
@ApplicationScoped
public class LiveKitRoomService {

    private static final Logger LOG = Logger.getLogger(LiveKitRoomService.class);
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

    private final LiveKitConfig livekit;
    private final ProviderSpans spans;
    private RoomServiceClient rooms;

    LiveKitRoomService(LiveKitConfig livekit, ProviderSpans spans) {
        this.livekit = livekit;
        this.spans = spans;
    }

    @PostConstruct
    void connect() {
        rooms = client(livekit);
    }

    /** The SDK's client; connecting, reading and writing each bounded by banter.livekit.timeout (the SDK's: 10 s). */
    static RoomServiceClient client(LiveKitConfig livekit) {
        long millis = livekit.timeout().toMillis();
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(millis, TimeUnit.MILLISECONDS)
                .readTimeout(millis, TimeUnit.MILLISECONDS).writeTimeout(millis, TimeUnit.MILLISECONDS).build();
        return RoomServiceClient.createClient(livekit.apiUrl(), livekit.apiKey(), livekit.apiSecret(), () -> http);
    }

    /**
     * What CreateRoom is asked for: LiveKit closes the room {@code emptyTimeoutSeconds} after creation if nobody joins
     * and {@code departureTimeoutSeconds} after the last participant leaves; it admits at most
     * {@code maxParticipants} (0: no limit).
     */
    public record RoomParameters(String name, int emptyTimeoutSeconds, int departureTimeoutSeconds,
            int maxParticipants, String metadata) {
    }

    public void createRoom(RoomParameters room) {
        execute("CreateRoom", () -> rooms.createRoom(room.name(), room.emptyTimeoutSeconds(), room.maxParticipants(),
                null, room.metadata(), null, null, null, room.departureTimeoutSeconds()).execute());
    }

    /** Everyone in the room now, with their published tracks; empty when the room is gone. */
    public List<ParticipantInfo> listParticipants(String roomName) {
        List<ParticipantInfo> list = execute("ListParticipants", () -> rooms.listParticipants(roomName).execute());
        return list == null ? List.of() : list;
    }

    /** How many participants each of these rooms holds now, in one request; a room that is gone is left out. */
    public Map<String, Integer> occupancy(List<String> roomNames) {
        List<LivekitModels.Room> list = execute("ListRooms", () -> rooms.listRooms(roomNames).execute());
        return list == null ? Map.of() : list.stream()
                .collect(Collectors.toMap(LivekitModels.Room::getName, LivekitModels.Room::getNumParticipants,
                        Math::max));
    }

    /** Disconnects everyone and closes the room; a room already gone is fine. */
    public void deleteRoom(String roomName) {
        execute("DeleteRoom", () -> rooms.deleteRoom(roomName).execute());
    }

    /** Disconnects one participant; one not in the room is fine. */
    public void removeParticipant(String roomName, String identity) {
        execute("RemoveParticipant", () -> rooms.removeParticipant(roomName, identity).execute());
    }

    /**
     * Replaces what a connected participant may do; it takes effect at once (a publisher that loses canPublish has its
     * tracks unpublished by LiveKit). Returns false when the participant is not connected.
     */
    public boolean updatePermission(String roomName, String identity, ParticipantPermission permission) {
        return execute("UpdateParticipant", () -> rooms.updateParticipant(roomName, identity, null, null, permission,
                null).execute()) != null;
    }

    /** Mutes (or unmutes) one published track; false when the participant or track is gone. */
    public boolean mutePublishedTrack(String roomName, String identity, String trackSid, boolean muted) {
        return execute("MutePublishedTrack", () -> rooms.mutePublishedTrack(roomName, identity, trackSid, muted)
                .execute()) != null;
    }

    private interface Request<T> {
        Response<T> send() throws IOException;
    }

    /** Failures name the API URL: an operator reading the log must see which LiveKit could not be reached. */
    private <T> T execute(String method, Request<T> request) {
        try {
            // Traced here, the one place every Twirp request passes: the SDK's OkHttp is not instrumented.
            Response<T> response = spans.call("livekit", "RoomService/" + method, () -> {
                Response<T> answer = request.send();
                Span.current().setAttribute(HTTP_STATUS, answer.code());
                return answer;
            });
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
        throw new ApiException(502, "MEDIA_SERVER_UNAVAILABLE", "The media server could not be reached; try again");
    }
}
