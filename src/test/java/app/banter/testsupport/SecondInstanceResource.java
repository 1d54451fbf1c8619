package app.banter.testsupport;

import java.io.File;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.banter.platform.security.GeneratedSigningKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A second pod: the packaged service (target/quarkus-app, built by the package phase that runs before the
 * integration tests) started as its own process on a free port, against the same PostgreSQL and Redis as the
 * instance under test. Both get the same signing keys, made here, so that a token from one is good on the other.
 */
public class SecondInstanceResource implements QuarkusTestResourceLifecycleManager {

    private static Process process;
    private static int port;
    private static int managementPort;

    public static int port() {
        return port;
    }

    /** Kills the second pod without letting it close anything, as a crashed pod would. */
    public static void crash() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Map<String, String> start() {
        GeneratedSigningKeys keys = GeneratedSigningKeys.generate();
        Map<String, String> shared = new HashMap<>(new EmbeddedServersResource().start());
        // Servers named by this JVM's system properties (an earlier integration test may have set them) are not
        // seen by a child process, unlike environment variables: hand them over.
        for (String key : List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username",
                "quarkus.datasource.password", "quarkus.redis.hosts")) {
            if (System.getProperty(key) != null) {
                shared.putIfAbsent(key, System.getProperty(key));
            }
        }
        shared.put("smallrye.jwt.sign.key", keys.privateKeyPem());
        shared.put("mp.jwt.verify.publickey", keys.publicKeyPem());
        try {
            port = FreePorts.tcp();
            managementPort = FreePorts.tcp();
            Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run ./mvnw package -DskipTests first");
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.port=" + managementPort));
            shared.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", jar.toString()));
            File log = Path.of("target", "second-instance.log").toFile();
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "second-instance-stop"));
            awaitReady(log.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the second instance", e);
        }
        return Map.of("smallrye.jwt.sign.key", shared.get("smallrye.jwt.sign.key"),
                "mp.jwt.verify.publickey", shared.get("mp.jwt.verify.publickey"));
    }

    @Override
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    private static void awaitReady(Path log) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The second instance exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + managementPort + "/q/health/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException("The second instance did not start in 120 s:\n" + Files.readString(log));
    }
}
