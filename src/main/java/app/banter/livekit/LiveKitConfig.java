package app.banter.livekit;

import io.smallrye.config.ConfigMapping;

/** Our LiveKit SFU (BANTER_LIVEKIT_*). */
@ConfigMapping(prefix = "banter.livekit")
public interface LiveKitConfig {

    /** What apps connect to, e.g. wss://livekit.banter.app. */
    String url();

    /** Where RoomService (Twirp) is reached from the service, e.g. http://livekit-server:7880. */
    String apiUrl();

    String apiKey();

    String apiSecret();
}
