package app.banter.livekit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanPublishSources;
import io.livekit.server.CanSubscribe;
import io.livekit.server.Hidden;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;

/**
 * Join tokens whose every grant is stated: one room, join and subscribe, publishing only the named track sources (or
 * nothing), never data, never an admin grant (roomAdmin, roomCreate, roomList, roomRecord stay unset), hidden or not.
 */
@ApplicationScoped
public class LiveKitTokens {

    /** LiveKit's names for track sources in a token's canPublishSources. */
    public static final String MICROPHONE = "microphone";
    public static final String CAMERA = "camera";

    private final LiveKitConfig livekit;

    LiveKitTokens(LiveKitConfig livekit) {
        this.livekit = livekit;
    }

    /** What apps connect to. */
    public String url() {
        return livekit.url();
    }

    /**
     * A token for {@code userId} to join {@code roomName} only, as a participant the others see. An empty
     * {@code publishSources} makes a subscribe-only token (canPublish false).
     */
    public String joinToken(String roomName, UUID userId, List<String> publishSources, Duration ttl) {
        return token(roomName, userId, publishSources, false, ttl);
    }

    /**
     * A subscribe-only token for {@code userId} to join {@code roomName} only as a hidden participant: LiveKit tells
     * the other participants nothing about them (they hear, and are not listed), while the RoomService API, and with
     * it ListParticipants, still sees them.
     */
    public String hiddenListenerToken(String roomName, UUID userId, Duration ttl) {
        return token(roomName, userId, List.of(), true, ttl);
    }

    private String token(String roomName, UUID userId, List<String> publishSources, boolean hidden, Duration ttl) {
        AccessToken token = new AccessToken(livekit.apiKey(), livekit.apiSecret());
        token.setIdentity(LiveKitIdentity.of(userId));
        token.setTtl(ttl.toMillis());
        boolean publishes = !publishSources.isEmpty();
        token.addGrants(new RoomJoin(true), new RoomName(roomName), new CanSubscribe(true),
                new CanPublish(publishes), new CanPublishData(false), new Hidden(hidden));
        if (publishes) {
            token.addGrants(new CanPublishSources(publishSources));
        }
        return token.toJwt();
    }
}
