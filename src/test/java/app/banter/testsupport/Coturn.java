package app.banter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real COTURN (Debian's turnserver, installed by src/test/tools/install.sh) on loopback with use-auth-secret, and
 * its own client to try an allocation with given credentials.
 */
public final class Coturn implements AutoCloseable {

    /** What {@link #start(String)} runs: the TURN REST shared secret, on loopback, relaying to loopback peers too. */
    private static final List<String> LOOPBACK = List.of("listening-ip=127.0.0.1", "relay-ip=127.0.0.1",
            "realm=banter", "use-auth-secret", "no-tls", "no-dtls", "no-cli", "fingerprint", "allow-loopback-peers",
            "min-port=49160", "max-port=49200", "log-file=stdout");
    private static final int ATTEMPTS = 3;
    private static final long READY_WITHIN_SECONDS = 30;

    private final Process process;
    private final int port;
    private final Path log;

    private Coturn(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Coturn start(String sharedSecret) {
        return start(LOOPBACK, sharedSecret);
    }

    /**
     * turnserver with these settings, on a free port, once it allocates. turnserver cannot pick a port itself: should
     * another process take the one found free before turnserver binds it (turnserver then keeps trying), it is started
     * again on another. The shared secret is given on the command line, as in production.
     */
    public static Coturn start(List<String> settings, String sharedSecret) {
        for (int attempt = 1;; attempt++) {
            Coturn coturn = launch(settings, sharedSecret);
            try {
                coturn.awaitAllocating(sharedSecret);
                return coturn;
            } catch (PortTaken taken) {
                coturn.close();
                if (attempt == ATTEMPTS) {
                    throw taken;
                }
            } catch (RuntimeException notReady) {
                coturn.close();
                throw notReady;
            }
        }
    }

    public int port() {
        return port;
    }

    /** Whether an allocation with these credentials succeeds (turnutils_uclient exits 0). */
    public boolean allocates(String username, String password) {
        try {
            Process client = new ProcessBuilder("turnutils_uclient", "-y", "-n", "3", "-m", "1", "-l", "120",
                    "-u", username, "-w", password, "-p", Integer.toString(port), "127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!client.waitFor(60, TimeUnit.SECONDS)) {
                client.destroyForcibly();
                return false;
            }
            return client.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Coturn launch(List<String> settings, String sharedSecret) {
        try {
            int port = FreePorts.tcpAndUdp();
            Path dir = Files.createTempDirectory("coturn");
            List<String> config = new ArrayList<>(settings);
            config.addAll(List.of("listening-port=" + port, "userdb=" + dir.resolve("turndb"),
                    "pidfile=" + dir.resolve("pid")));
            Path file = Files.write(dir.resolve("turnserver.conf"), config);
            Path log = dir.resolve("turnserver.log");
            Process process = new ProcessBuilder("turnserver", "-c", file.toString(),
                    "--static-auth-secret=" + sharedSecret)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Coturn(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start turnserver (is coturn installed?)", e);
        }
    }

    /**
     * Listening on TCP is not yet answering on UDP, where the client allocates: on a busy machine a first allocation
     * could fail that a moment later succeeds. An allocation with a credential made here by the TURN REST rule
     * (HMAC-SHA1 of the username under the shared secret) must get a relay address before the server counts as up;
     * whether the client may then relay to its own loopback peer is up to the settings.
     */
    private void awaitAllocating(String sharedSecret) {
        String username = (System.currentTimeMillis() / 1000 + 3600) + ":readiness";
        String password;
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            password = Base64.getEncoder().encodeToString(hmac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_WITHIN_SECONDS);
        while (!getsRelayAddress(username, password)) {
            String output = log();
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver exited:\n" + output);
            }
            // errno 98: the address is in use (turnserver logs it for each try and goes on trying).
            if (output.contains("<127.0.0.1:" + port + ">: errno=98")) {
                throw new PortTaken("turnserver could not bind port " + port + ":\n" + output);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("turnserver did not allocate within " + READY_WITHIN_SECONDS + " s:\n"
                        + output);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for turnserver", e);
            }
        }
    }

    private boolean getsRelayAddress(String username, String password) {
        try {
            Path output = log.resolveSibling("readiness-" + System.nanoTime() + ".log");
            Process client = new ProcessBuilder("turnutils_uclient", "-v", "-y", "-n", "1", "-m", "1", "-l", "120",
                    "-u", username, "-w", password, "-p", Integer.toString(port), "127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!client.waitFor(60, TimeUnit.SECONDS)) {
                client.destroyForcibly();
                return false;
            }
            return Files.readString(output).contains("Received relay addr");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }
}
