package app.banter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real COTURN (Debian's turnserver, installed by src/test/tools/install.sh) on loopback with use-auth-secret, and
 * its own client to try an allocation with given credentials.
 */
public final class Coturn implements AutoCloseable {

    private final Process process;
    private final int port;

    private Coturn(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Coturn start(String sharedSecret) {
        try {
            int port = FreePorts.tcpAndUdp();
            Path dir = Files.createTempDirectory("coturn");
            Path config = dir.resolve("turnserver.conf");
            Files.writeString(config, String.join("\n",
                    "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "listening-port=" + port, "realm=banter",
                    "use-auth-secret", "static-auth-secret=" + sharedSecret, "no-tls", "no-dtls", "no-cli",
                    "fingerprint", "allow-loopback-peers", "min-port=49160", "max-port=49200",
                    "userdb=" + dir.resolve("turndb"), "log-file=stdout", "pidfile=" + dir.resolve("pid"), ""));
            Process process = new ProcessBuilder("turnserver", "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.log").toFile()).start();
            Coturn coturn = new Coturn(process, port);
            coturn.awaitListening(dir.resolve("turnserver.log"));
            coturn.awaitAllocating(sharedSecret);
            return coturn;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start turnserver (is coturn installed?)", e);
        }
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

    /**
     * Listening on TCP is not yet answering on UDP, where the client allocates: on a busy machine a first allocation
     * could fail that a moment later succeeds. A credential made here by the TURN REST rule (HMAC-SHA1 of the
     * username under the shared secret) must allocate before the server counts as up.
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!allocates(username, password)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("turnserver did not allocate within 20 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitListening(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver exited:\n" + Files.readString(log));
            }
            try (ServerSocket probe = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                // Still free: not listening yet.
            } catch (IOException listening) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("turnserver did not listen within 20 s:\n" + Files.readString(log));
    }
}
