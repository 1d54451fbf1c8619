package app.banter.call;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The media tier: our LiveKit SFU (BANTER_LIVEKIT_*) and COTURN (BANTER_TURN_*). */
@ConfigMapping(prefix = "banter")
public interface MediaConfig {

    LiveKit livekit();

    Turn turn();

    interface LiveKit {
        /** What apps connect to, e.g. wss://livekit.banter.app. */
        String url();

        /** Where RoomService (Twirp) is reached from the service, e.g. http://livekit-server:7880. */
        String apiUrl();

        String apiKey();

        String apiSecret();
    }

    interface Turn {
        /** turn: and turns: URLs handed to clients. */
        List<String> urls();

        /** COTURN's static-auth-secret (use-auth-secret). */
        String secret();

        @WithDefault("1H")
        Duration credentialTtl();
    }
}
