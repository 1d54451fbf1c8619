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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.banter.platform.security.GeneratedSigningKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A second pod: the packaged service (target/quarkus-app, built by the package phase that runs before the
 * integration tests) started as its own process on ports it picks, against the same PostgreSQL and Redis as the
 * instance under test. Both get the same signing keys, made here, so that a token from one is good on the other.
 */
public class SecondInstanceResource implements QuarkusTestResourceLifecycleManager {

    /** Where Quarkus says it listens once started, as its own test launcher reads it from the log. */
    private static final Pattern LISTENING = Pattern.compile("Listening on: https?://[^:\\s]*:(\\d+)");
    private static final Pattern MANAGEMENT = Pattern.compile(
            "Management interface listening on https?://[^:\\s]*:(\\d+)");

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
            Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run ./mvnw package -DskipTests first");
            }
            port = 0;
            managementPort = 0;
            // Port 0: the service binds free ports and logs which. Ports found free here could be taken by another
            // process before the service, a minute into its start on a busy machine, bound them.
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-Dquarkus.profile=test", "-Dquarkus.http.port=0",
                    "-Dquarkus.management.port=0"));
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
            if (managementPort == 0) {
                readPorts(Files.readString(log));
            } else if (isReady(http)) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException("The second instance did not start in 120 s:\n" + Files.readString(log));
    }

    /** The ports of the API and of the management interface, once the log says where both listen. */
    private static void readPorts(String log) {
        Matcher api = LISTENING.matcher(log);
        Matcher management = MANAGEMENT.matcher(log);
        if (api.find() && management.find()) {
            port = Integer.parseInt(api.group(1));
            managementPort = Integer.parseInt(management.group(1));
        }
    }

    private static boolean isReady(HttpClient http) {
        try {
            URI ready = URI.create("http://localhost:" + managementPort + "/q/health/ready");
            return http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
