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

    private static String host;

    /** host:port of the running emulator. */
    public static synchronized String host() {
        if (host == null) {
            host = runningEmulator().orElseGet(FirebaseEmulatorResource::startEmulator);
        }
        return host;
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
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Firebase emulator exited:\n" + Files.readString(log));
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
        throw new IllegalStateException("The Firebase emulator did not start in 90 s:\n" + Files.readString(log));
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

    /**
     * An emulator already running (project demo-banter) named by BANTER_TEST_FIREBASE_EMULATOR_HOST (host:port): on a
     * loaded machine a fresh one can take longer than the start timeout, and one started once serves many runs.
     */
    private static java.util.Optional<String> runningEmulator() {
        return java.util.Optional.ofNullable(System.getenv("BANTER_TEST_FIREBASE_EMULATOR_HOST")).filter(h -> !h.isBlank());
    }
}
