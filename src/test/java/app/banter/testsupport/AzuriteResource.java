package app.banter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real Azure Blob Storage emulator (npm azurite, installed by src/test/tools/install.sh), started once per test JVM
 * on a port it picks, with in-memory storage, and stopped when the JVM exits. The service reaches it with Azurite's
 * well-known development account; the "CDN" of public media is the emulator's account URL itself.
 */
public class AzuriteResource implements QuarkusTestResourceLifecycleManager {

    /** Azurite's fixed development account (documented by Azurite; not a secret). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** What Azurite prints once it listens: "Azurite Blob service successfully listens on http://127.0.0.1:41234". */
    private static final Pattern LISTENING = Pattern.compile("successfully listens on http://[^:\\s]+:(\\d+)");

    /** The blob endpoint of the running emulator, e.g. http://127.0.0.1:41234/devstoreaccount1. */
    public static String blobEndpoint() {
        return "http://127.0.0.1:" + port() + "/" + ACCOUNT;
    }

    public static String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    @Override
    public Map<String, String> start() {
        return Map.of("banter.media.connection-string", connectionString(),
                "banter.media.cdn-base-url", blobEndpoint());
    }

    @Override
    public void stop() {
        // Shared by every application start of this JVM; stopped by the shutdown hook.
    }

    /**
     * Kept in a system property rather than a static field: integration tests load test resources in more than one
     * class loader, and every one of them must find the same emulator.
     */
    private static synchronized int port() {
        return Integer.parseInt(System.getProperties()
                .computeIfAbsent("banter-test.azurite-port", k -> Integer.toString(startAzurite())).toString());
    }

    private static int startAzurite() {
        Path azurite = TestTools.dir().resolve("azurite/node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(azurite)) {
            throw new IllegalStateException(azurite + " is missing; run src/test/tools/install.sh (the Maven build "
                    + "does it before the tests)");
        }
        try {
            Path workDir = Files.createTempDirectory("azurite");
            Path log = workDir.resolve("azurite.log");
            // Port 0: Azurite binds a free port and says which. A port found free here could be taken by another server
            // starting at the same moment before Azurite bound it.
            Process process = new ProcessBuilder(azurite.toString(), "--blobHost", "127.0.0.1", "--blobPort", "0",
                    "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose")
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "azurite-stop"));
            return awaitListening(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Azurite", e);
        }
    }

    /** The port Azurite says it listens on, once it does. */
    private static int awaitListening(Process process, Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited:\n" + Files.readString(log));
            }
            sleep(100);
        }
        throw new IllegalStateException("Azurite did not listen within 60 s:\n" + Files.readString(log));
    }

    /** Azurite is a plain node process started directly (no npx wrapper): SIGTERM stops it. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
