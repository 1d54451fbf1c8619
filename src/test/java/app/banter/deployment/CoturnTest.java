package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import app.banter.testsupport.Coturn;

/**
 * livekit/turnserver.conf (the coturn chart's defaults) in a real coturn on loopback: the credential LiveKit derives
 * from the shared secret (render.py) is accepted, a wrong one is not, and relaying to a private address is refused.
 * Needs Debian's coturn package (turnserver, turnutils_uclient); skipped where it is not installed.
 */
class CoturnTest {

    private static final String SECRET = "shared-turn-secret";
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final Path UCLIENT = Path.of("/usr/bin/turnutils_uclient");

    @TempDir
    Path dir;

    @Test
    void livekitsCredentialAllocatesAndPrivatePeersAreRefused() throws Exception {
        assumeTrue(Files.isExecutable(TURNSERVER) && Files.isExecutable(UCLIENT), "coturn is not installed");
        // Started once it allocates (it fails the test when it never does): an allocation tried at once could find
        // the server not yet answering on UDP on a busy machine, and be refused for that.
        try (Coturn coturn = Coturn.start(livekitSettings(), SECRET)) {
            String[] credential = livekitTurnCredential();

            // turnutils_uclient relays to its own peer on 127.0.0.1: the allocation succeeds, the private peer is
            // refused.
            String allowed = uclient(coturn.port(), credential[0], credential[1]);
            assertThat(allowed).contains("403 (Forbidden IP)");
            String refused = uclient(coturn.port(), credential[0], "d3JvbmcgcGFzc3dvcmQ=");
            assertThat(refused).doesNotContain("Forbidden IP").containsIgnoringCase("Cannot complete Allocation");
        }
    }

    /**
     * The VM config on loopback (the test's port, user database and pid file are added by {@link Coturn}); TLS off,
     * since it needs a certificate for the TURN hostname. allow-loopback-peers lifts coturn's own loopback ban, so a
     * refusal can only come from the denied-peer-ip list (127.0.0.0/8 is one of its private ranges; no other address
     * may be used as a peer here).
     */
    private static List<String> livekitSettings() throws IOException {
        List<String> settings = new ArrayList<>();
        try (Stream<String> lines = Files.lines(Path.of("livekit/turnserver.conf"))) {
            lines.filter(line -> !line.matches("(listening-port|tls-listening-port|cert|pkey|no-tlsv1.*)(=.*)?"))
                    .forEach(settings::add);
        }
        settings.addAll(List.of("listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "no-tls", "no-dtls",
                "allow-loopback-peers"));
        return settings;
    }

    /** Username and credential as LiveKit's render.py writes them into livekit.yaml. */
    private String[] livekitTurnCredential() throws IOException, InterruptedException {
        Path output = dir.resolve("livekit.yaml");
        ProcessBuilder python = new ProcessBuilder("python3", "livekit/render.py", "livekit/livekit.yaml",
                output.toString()).inheritIO();
        python.environment().putAll(Map.of("LIVEKIT_API_KEY", "key", "LIVEKIT_API_SECRET", "secret",
                "TURN_SECRET", SECRET, "TURN_CREDENTIAL_TTL_HOURS", "1", "REDIS_PASSWORD", ""));
        assertThat(python.start().waitFor()).isZero();
        Map<?, ?> config = new ObjectMapper(new YAMLFactory()).readValue(output.toFile(), Map.class);
        Map<?, ?> turn = (Map<?, ?>) ((List<?>) ((Map<?, ?>) config.get("rtc")).get("turn_servers")).getFirst();
        return new String[] { (String) turn.get("username"), (String) turn.get("credential") };
    }

    private String uclient(int port, String username, String password) throws IOException, InterruptedException {
        Path log = dir.resolve("uclient-" + System.nanoTime() + ".log");
        Process client = new ProcessBuilder(UCLIENT.toString(), "-y", "-n", "1", "-m", "1", "-l", "120", "-u",
                username, "-w", password, "-p", Integer.toString(port), "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!client.waitFor(30, TimeUnit.SECONDS)) {
            client.destroyForcibly();
        }
        return Files.readString(log);
    }
}
