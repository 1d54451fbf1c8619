package app.banter.livekit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Our LiveKit SFU (BANTER_LIVEKIT_*). */
@ConfigMapping(prefix = "banter.livekit")
public interface LiveKitConfig {

    /** What apps connect to, e.g. wss://livekit.banter.app. */
    String url();

    /** Where RoomService (Twirp) is reached from the service, e.g. http://livekit-server:7880. */
    String apiUrl();

    String apiKey();

    String apiSecret();

    /**
     * The longest a RoomService call may wait to connect, or for its answer (the OkHttp of the SDK has no whole-call bound): a call start waits on CreateRoom, so a LiveKit
     * that hangs must fail the start within seconds (502) rather than hold the caller for the SDK's default 10 s per
     * read (bench/faults/livekit-down.sh saw 20 s).
     */
    @WithDefault("3s")
    Duration timeout();
}
