package app.banter.auth;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.firebase")
public interface FirebaseConfig {

    /** The Firebase project whose phone sign-ins we accept (the ID token's audience). */
    @WithDefault("demo-banter")
    String projectId();

    /** Service-account JSON; without it, Application Default Credentials are used. */
    Optional<String> credentialsFile();

    /** host:port of the Firebase Auth emulator (dev and tests only; refused in production). */
    Optional<String> emulatorHost();
}
