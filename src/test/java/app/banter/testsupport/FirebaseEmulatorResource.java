package app.banter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real Firebase Auth emulator (npm firebase-tools, installed by src/test/tools/install.sh), started once per test
 * JVM on free ports and stopped with SIGINT when the JVM exits. The service verifies ID tokens against it through
 * firebase-admin's emulator support.
 */
public class FirebaseEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String PROJECT_ID = "demo-banter";
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(240);

    /**
     * host:port of the running emulator. Kept in a system property rather than a static field: every test profile
     * loads the test classes in a class loader of its own, and a static field made each profile switch start another
     * emulator (eleven Node processes by the end of a run, each start seconds of CPU on a busy machine).
     */
    public static String host() {
        return System.getProperties().computeIfAbsent("banter-test.firebase-emulator-host", k -> startEmulator())
                .toString();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("banter.firebase.emulator-host", host(), "banter.firebase.project-id", PROJECT_ID);
    }

    @Override
    public void stop() {
        // Shared by every application start of this JVM; stopped by the shutdown hook.
    }

    private static String startEmulator() {
        Path firebase = TestTools.dir().resolve("npm/node_modules/.bin/firebase");
        if (!Files.isExecutable(firebase)) {
            throw new IllegalStateException(firebase + " is missing; run src/test/tools/install.sh (the Maven build "
                    + "does it before the tests)");
        }
        try {
            return startOnFreePorts(firebase);
        } catch (EmulatorExited firstTry) {
            // A port found free can be taken by another server starting at the same moment: once more, on others.
            return startOnFreePorts(firebase);
        }
    }

    private static String startOnFreePorts(Path firebase) {
        try {
            int authPort = FreePorts.tcp();
            Path workDir = Files.createTempDirectory("firebase-emulator");
            Files.writeString(workDir.resolve("firebase.json"), """
                    {"emulators": {
                      "auth": {"host": "127.0.0.1", "port": %d},
                      "hub": {"host": "127.0.0.1", "port": %d},
                      "logging": {"host": "127.0.0.1", "port": %d},
                      "ui": {"enabled": false},
                      "singleProjectMode": true}}
                    """.formatted(authPort, FreePorts.tcp(), FreePorts.tcp()));
            ProcessBuilder builder = new ProcessBuilder(firebase.toString(), "emulators:start", "--only", "auth",
                    "--project", PROJECT_ID, "--non-interactive")
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("emulator.log").toFile());
            builder.environment().put("FIREBASE_CLI_DISABLE_UPDATE_CHECK", "true");
            builder.environment().put("CI", "true");
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> interrupt(process), "firebase-emulator-stop"));
            String address = "127.0.0.1:" + authPort;
            awaitReady(process, address, workDir.resolve("emulator.log"));
            return address;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Firebase Auth emulator", e);
        }
    }

    private static void awaitReady(Process process, String address, Path log) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        // A few seconds on a quiet machine; minutes when several builds share two cores.
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new EmulatorExited("The Firebase emulator exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException("The Firebase emulator did not start in " + STARTUP_LIMIT.toSeconds() + " s:\n" + Files.readString(log));
    }

    /** SIGINT is what lets the emulator shut down cleanly; destroy() sends SIGTERM. */
    private static void interrupt(Process process) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class EmulatorExited extends IllegalStateException {
        EmulatorExited(String message) {
            super(message);
        }
    }
}
