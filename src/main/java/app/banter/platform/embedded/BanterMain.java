package app.banter.platform.embedded;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The application's entry point in every profile. It marks this JVM as the one that runs the application, so that
 * {@link EmbeddedDefaultsConfigFactory} may start embedded servers here and never in the JVM that builds it.
 */
@QuarkusMain
public final class BanterMain {

    /** Set by the local run command: Maven started this JVM and does not stop it when Maven itself is stopped. */
    static final String STOP_WITH_PARENT = "banter.stop-with-parent";

    public static void main(String... args) {
        System.setProperty(EmbeddedDefaultsConfigFactory.RUN_TIME, "true");
        if (Boolean.getBoolean(STOP_WITH_PARENT)) {
            // A SIGINT or SIGTERM to Maven alone would otherwise leave this JVM running; exiting runs the shutdown
            // hooks, which stop Quarkus gracefully and then the embedded servers.
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }
        Quarkus.run(args);
    }
}
