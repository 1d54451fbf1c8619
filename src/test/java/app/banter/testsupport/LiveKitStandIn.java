package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

import livekit.LivekitModels;
import livekit.LivekitRoom;

/**
 * No livekit-server binary runs here: a WireMock server answers LiveKit's RoomService, which is Twirp over HTTP
 * (POST /twirp/livekit.RoomService/{Method}, protobuf bodies), with LiveKit's own protobuf messages. Tests verify
 * the requests it received and can say who is in a room.
 */
public class LiveKitStandIn implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "APItestKey";
    public static final String API_SECRET = "test-livekit-secret-that-is-long-enough-for-hs256";
    public static final String PATH = "/twirp/livekit.RoomService/";

    private static final String BY_ROOM = "livekit-rooms-as-occupied";

    private static final StandInServer SERVER = new StandInServer("livekit",
            () -> new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                    .extensions(new RoomsAsOccupied())),
            server -> resetToDefaults());
    private static volatile Function<String, List<String>> participantsByRoom = room -> List.of();
    private static final Map<String, List<LivekitModels.TrackInfo>> TRACKS = new ConcurrentHashMap<>();
    private static final Map<String, Instant> JOINED_AT = new ConcurrentHashMap<>();

    public static WireMockServer server() {
        return SERVER.get();
    }

    /**
     * Rooms are created as asked; rooms are empty; deletes, removals, permission updates and mutes succeed; nobody
     * publishes a track.
     */
    public static void resetToDefaults() {
        WireMockServer wm = server();
        wm.resetAll();
        wm.stubFor(twirp("CreateRoom", LivekitModels.Room.newBuilder().setSid("RM_test").setName("room")
                .setMaxParticipants(2).build().toByteArray()));
        participantsAnyRoom(List.of());
        wm.stubFor(twirp("DeleteRoom", LivekitRoom.DeleteRoomResponse.getDefaultInstance().toByteArray()));
        wm.stubFor(twirp("RemoveParticipant",
                LivekitRoom.RemoveParticipantResponse.getDefaultInstance().toByteArray()));
        wm.stubFor(twirp("UpdateParticipant", LivekitModels.ParticipantInfo.newBuilder().setIdentity("updated")
                .setState(LivekitModels.ParticipantInfo.State.ACTIVE).build().toByteArray()));
        wm.stubFor(twirp("MutePublishedTrack", LivekitRoom.MuteRoomTrackResponse.newBuilder()
                .setTrack(LivekitModels.TrackInfo.newBuilder().setSid("muted").setMuted(true)).build().toByteArray()));
        TRACKS.clear();
        JOINED_AT.clear();
    }

    /** LiveKit taking its time to disconnect a participant, so that what races a removal overlaps it. */
    public static void removeParticipantsAfter(int millis) {
        server().stubFor(post(urlPathEqualTo(PATH + "RemoveParticipant")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/protobuf")
                .withBody(LivekitRoom.RemoveParticipantResponse.getDefaultInstance().toByteArray())
                .withFixedDelay(millis)));
    }

    /** From now on {@code identity}, wherever ListParticipants lists it, publishes these tracks. */
    public static void publishes(String identity, LivekitModels.TrackInfo... tracks) {
        TRACKS.put(identity, List.of(tracks));
    }

    /**
     * From now on {@code identity}, wherever ListParticipants lists it, joined at {@code at} (LiveKit's joined_at, in
     * seconds); otherwise joined_at is unset (0).
     */
    public static void joinedAt(String identity, Instant at) {
        JOINED_AT.put(identity, at);
    }

    /** A published microphone track, as LiveKit describes one. */
    public static LivekitModels.TrackInfo microphone(String sid) {
        return LivekitModels.TrackInfo.newBuilder().setSid(sid).setType(LivekitModels.TrackType.AUDIO)
                .setSource(LivekitModels.TrackSource.MICROPHONE).setName("microphone").build();
    }

    /**
     * The requests the stand-in received for {@code method} (e.g. "UpdateParticipant"), oldest first, parsed with
     * LiveKit's own protobuf messages (e.g. {@code LivekitRoom.UpdateParticipantRequest.parser()}).
     */
    public static <T> List<T> received(String method, Parser<T> parser) {
        List<T> requests = new ArrayList<>();
        for (var request : server().findAll(postRequestedFor(urlPathEqualTo(PATH + method)))) {
            try {
                requests.add(parser.parseFrom(request.getBody()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(method + " request is not protobuf", e);
            }
        }
        return requests;
    }

    /** From now on these identities are in every room. */
    public static void participantsAnyRoom(List<String> identities) {
        participantsByRoom(room -> identities);
    }

    /**
     * From now on the room named in each request holds the identities {@code who} gives for it (a room nobody is in
     * does not exist): ListParticipants lists them, ListRooms counts them. Many calls at once, each with its own
     * parties.
     */
    public static void participantsByRoom(Function<String, List<String>> who) {
        participantsByRoom = room -> {
            List<String> identities = who.apply(room);
            return identities == null ? List.of() : identities;
        };
        for (String method : List.of("ListParticipants", "ListRooms")) {
            server().stubFor(post(urlPathEqualTo(PATH + method)).willReturn(aResponse().withTransformers(BY_ROOM)));
        }
    }

    /** Answers ListParticipants and ListRooms from {@link #participantsByRoom}, reading the protobuf request. */
    private static final class RoomsAsOccupied implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            byte[] body;
            try {
                body = event.getRequest().getUrl().endsWith("ListRooms") ? rooms(event.getRequest().getBody())
                        : participants(LivekitRoom.ListParticipantsRequest.parseFrom(event.getRequest().getBody())
                                .getRoom());
            } catch (InvalidProtocolBufferException e) {
                return ResponseDefinitionBuilder.responseDefinition().withStatus(400).build();
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/protobuf").withBody(body).build();
        }

        private static byte[] participants(String room) {
            LivekitRoom.ListParticipantsResponse.Builder response = LivekitRoom.ListParticipantsResponse.newBuilder();
            participantsByRoom.apply(room).forEach(identity -> response.addParticipants(LivekitModels.ParticipantInfo
                    .newBuilder().setIdentity(identity).setSid("PA_" + identity)
                    .setState(LivekitModels.ParticipantInfo.State.ACTIVE)
                    .setJoinedAt(JOINED_AT.getOrDefault(identity, Instant.EPOCH).getEpochSecond())
                    .addAllTracks(TRACKS.getOrDefault(identity, List.of()))));
            return response.build().toByteArray();
        }

        private static byte[] rooms(byte[] request) throws InvalidProtocolBufferException {
            LivekitRoom.ListRoomsResponse.Builder response = LivekitRoom.ListRoomsResponse.newBuilder();
            for (String room : LivekitRoom.ListRoomsRequest.parseFrom(request).getNamesList()) {
                int occupants = participantsByRoom.apply(room).size();
                if (occupants > 0) {
                    response.addRooms(LivekitModels.Room.newBuilder().setName(room).setSid("RM_" + room)
                            .setMaxParticipants(2).setNumParticipants(occupants));
                }
            }
            return response.build().toByteArray();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return BY_ROOM;
        }
    }

    public static MappingBuilder twirp(String method, byte[] protobuf) {
        return post(urlPathEqualTo(PATH + method)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/protobuf").withBody(protobuf));
    }

    @Override
    public Map<String, String> start() {
        return Map.of("banter.livekit.api-url", server().baseUrl(),
                "banter.livekit.url", "ws://127.0.0.1:7880",
                "banter.livekit.api-key", API_KEY,
                "banter.livekit.api-secret", API_SECRET);
    }

    @Override
    public void stop() {
        SERVER.stop();
    }
}
