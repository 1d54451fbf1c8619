package app.banter.platform.firebase;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.firebase")
public interface FirebaseConfig {

    /** The Firebase project whose phone sign-ins we accept (the ID token's audience) and that sends our pushes. */
    @WithDefault("demo-banter")
    String projectId();

    /** Service-account JSON; without it, Application Default Credentials are used. */
    Optional<String> credentialsFile();

    /**
     * How long a connection to Google's APIs (FCM, Google's keys and tokens) may take to open. firebase-admin's own
     * default is no limit.
     */
    @WithDefault("10s")
    Duration connectTimeout();

    /**
     * How long a request to Google's APIs may wait for each read of its answer. firebase-admin's own default is no
     * limit: a connection that hung held its push's slot in the sender for ever.
     */
    @WithDefault("10s")
    Duration readTimeout();

    /** host:port of the Firebase Auth emulator (dev and tests only; refused in production). */
    Optional<String> emulatorHost();

    /**
     * Where FCM's HTTP v1 API is reached instead of Google's host, e.g. http://127.0.0.1:8089 (tests only, refused
     * in production): there is no FCM emulator, so the tests answer it with a stand-in.
     */
    Optional<String> messagingUrl();
}
