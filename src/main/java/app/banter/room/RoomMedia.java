package app.banter.room;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;

import app.banter.livekit.LiveKitIdentity;
import app.banter.livekit.LiveKitRoomService;
import app.banter.platform.error.ApiException;
import app.banter.livekit.LiveKitTokens;

/**
 * A voice room's side of LiveKit: tokens and permissions per role, muting, removal. Roles on stage publish the
 * microphone and nothing else; listeners only subscribe; nobody publishes data or gets an admin grant. Permission
 * changes are pushed while the caller's transaction is open: if LiveKit cannot be told, the change rolls back (502)
 * rather than leave a demoted speaker talking.
 */
@ApplicationScoped
class RoomMedia {

    private static final Logger LOG = Logger.getLogger(RoomMedia.class);

    private final LiveKitRoomService livekit;
    private final LiveKitTokens tokens;
    private final RoomConfig config;

    RoomMedia(LiveKitRoomService livekit, LiveKitTokens tokens, RoomConfig config) {
        this.livekit = livekit;
        this.tokens = tokens;
        this.config = config;
    }

    String url() {
        return tokens.url();
    }

    void create(Room room) {
        int emptyTimeout = (int) config.emptyTimeout().toSeconds();
        livekit.createRoom(new LiveKitRoomService.RoomParameters(room.livekitRoom, emptyTimeout, emptyTimeout,
                room.capacity, null));
    }

    /**
     * Listeners join hidden: LiveKit would otherwise tell every participant about every listener, also those hidden
     * from them by blocks, whom the room's own views leave out. Only the stage is seen.
     */
    String joinToken(Room room, UUID userId, RoomRole role) {
        return role.isOnStage()
                ? tokens.joinToken(room.livekitRoom, userId, List.of(LiveKitTokens.MICROPHONE), config.tokenTtl())
                : tokens.hiddenListenerToken(room.livekitRoom, userId, config.tokenTtl());
    }

    /**
     * The permission of a role, hidden as its token is ({@link #joinToken}): LiveKit takes every field of it, so a
     * permission that left hidden out would show a listener, and one that kept it would hide a speaker.
     */
    static ParticipantPermission permission(RoomRole role) {
        ParticipantPermission.Builder permission = ParticipantPermission.newBuilder().setCanSubscribe(true)
                .setCanPublish(role.isOnStage()).setCanPublishData(false).setCanUpdateMetadata(false)
                .setHidden(!role.isOnStage());
        if (role.isOnStage()) {
            permission.addCanPublishSources(TrackSource.MICROPHONE);
        }
        return permission.build();
    }

    /** Gives a connected member the permission of their role now; one not connected gets it with their next token. */
    void grant(Room room, UUID userId, RoomRole role) {
        livekit.updatePermission(room.livekitRoom, LiveKitIdentity.of(userId), permission(role));
    }

    /**
     * Mutes the member's published microphone, known from the track webhooks or else looked up in LiveKit. Returns
     * the track muted, if the member publishes one.
     */
    Optional<String> muteMicrophone(Room room, RoomMember member) {
        String identity = LiveKitIdentity.of(member.userId);
        Optional<String> track = Optional.ofNullable(member.micTrackSid)
                .or(() -> microphoneOf(livekit.listParticipants(room.livekitRoom).stream()
                        .filter(p -> p.getIdentity().equals(identity)).findFirst()));
        track.ifPresent(sid -> livekit.mutePublishedTrack(room.livekitRoom, identity, sid, true));
        return track;
    }

    void remove(Room room, UUID userId) {
        livekit.removeParticipant(room.livekitRoom, LiveKitIdentity.of(userId));
    }

    /**
     * {@link #remove}, after a commit that already took the member out by our record: LiveKit being down is only
     * logged, since the room reconciler's next participant check disconnects anyone LiveKit lists who may not be there.
     */
    void disconnect(Room room, UUID userId) {
        try {
            remove(room, userId);
        } catch (ApiException unavailable) {
            LOG.warnf("A participant of room %s could not be disconnected; asked again at its next check", room.id);
        }
    }

    void close(Room room) {
        livekit.deleteRoom(room.livekitRoom);
    }

    List<ParticipantInfo> participants(Room room) {
        return livekit.listParticipants(room.livekitRoom);
    }

    static Optional<String> microphoneOf(Optional<ParticipantInfo> participant) {
        return participant.flatMap(p -> p.getTracksList().stream().filter(RoomMedia::isMicrophone).findFirst())
                .map(TrackInfo::getSid);
    }

    static boolean isMicrophone(TrackInfo track) {
        return track.getSource() == TrackSource.MICROPHONE;
    }
}
