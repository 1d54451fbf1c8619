package app.banter.call;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** COTURN (BANTER_TURN_*), shared with LiveKit. */
@ConfigMapping(prefix = "banter.turn")
public interface TurnConfig {

    /** turn: and turns: URLs handed to clients. */
    List<String> urls();

    /** COTURN's static-auth-secret (use-auth-secret). */
    String secret();

    @WithDefault("1H")
    Duration credentialTtl();
}
