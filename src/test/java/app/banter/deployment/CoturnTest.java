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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import app.banter.testsupport.FreePorts;

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
    private Process coturn;

    @AfterEach
    void stopCoturn() throws InterruptedException {
        if (coturn != null) {
            coturn.destroy();
            coturn.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void livekitsCredentialAllocatesAndPrivatePeersAreRefused() throws Exception {
        assumeTrue(Files.isExecutable(TURNSERVER) && Files.isExecutable(UCLIENT), "coturn is not installed");
        int port = FreePorts.tcpAndUdp();
        startCoturn(port);
        String[] credential = livekitTurnCredential();

        // turnutils_uclient relays to its own peer on 127.0.0.1: the allocation succeeds, the private peer is refused.
        String allowed = uclient(port, credential[0], credential[1]);
        assertThat(allowed).contains("403 (Forbidden IP)");
        String refused = uclient(port, credential[0], "d3JvbmcgcGFzc3dvcmQ=");
        assertThat(refused).doesNotContain("Forbidden IP").containsIgnoringCase("Cannot complete Allocation");
    }

    /**
     * The VM config with test ports on loopback; TLS off, since it needs a certificate for the TURN hostname.
     * allow-loopback-peers lifts coturn's own loopback ban, so a refusal can only come from the denied-peer-ip list
     * (127.0.0.0/8 is one of its private ranges; no other address may be used as a peer here).
     */
    private void startCoturn(int port) throws IOException, InterruptedException {
        List<String> conf = new ArrayList<>();
        try (Stream<String> lines = Files.lines(Path.of("livekit/turnserver.conf"))) {
            lines.filter(line -> !line.matches("(listening-port|tls-listening-port|cert|pkey|no-tlsv1.*)(=.*)?"))
                    .forEach(conf::add);
        }
        conf.addAll(List.of("listening-port=" + port, "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "no-tls",
                "no-dtls", "allow-loopback-peers", "userdb=" + dir.resolve("turndb")));
        Path file = Files.write(dir.resolve("turnserver.conf"), conf);
        coturn = new ProcessBuilder(TURNSERVER.toString(), "-c", file.toString(), "--static-auth-secret=" + SECRET)
                .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.log").toFile()).start();
        for (int i = 0; i < 50 && !Files.readString(dir.resolve("turnserver.log")).contains("IO method"); i++) {
            assertThat(coturn.isAlive()).as(Files.readString(dir.resolve("turnserver.log"))).isTrue();
            Thread.sleep(100);
        }
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
