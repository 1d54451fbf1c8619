package app.banter.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Provider clients keep a connection alive between requests and close it once idle for the set time, before a server
 * would, so no request goes out on a connection the server is closing. The server here keeps every connection open.
 * The clients are the ones production builds ({@link ProviderApis#client}), so that the time they keep an idle
 * connection is checked too.
 */
@QuarkusTest
class ProviderApisTest {

    @Path("/")
    public interface Ping {
        @GET
        @Path("ping")
        String ping();
    }

    /** How long a Jetty server keeps an idle connection by default (WireMock's stand-ins of the providers do too). */
    private static final Duration JETTY_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicReference<Instant> lastAnswered = new AtomicReference<>();
    private final AtomicReference<Instant> closedByClient = new AtomicReference<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> answerPings(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void aConnectionIsReusedWhileBusyAndClosedOnceIdleBeforeAServerWould() {
        Ping api = ProviderApis.client(Ping.class, "http://127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(5));

        assertThat(api.ping()).isEqualTo("pong");
        assertThat(api.ping()).isEqualTo("pong");
        assertThat(connections).hasValue(1);

        // Timed from just before the server's last answer, which the client read after: never less than the client
        // kept the connection idle.
        await().atMost(JETTY_IDLE_TIMEOUT.multipliedBy(2)).until(() -> closedByClient.get() != null);
        assertThat(Duration.between(lastAnswered.get(), closedByClient.get()))
                .as("how long the client kept the idle connection").isLessThan(JETTY_IDLE_TIMEOUT);
        assertThat(api.ping()).isEqualTo("pong");
        assertThat(connections).hasValue(2);
    }

    @Test
    void aProviderThatCannotBeReachedIsLoggedByTheKindOfFailure() throws IOException {
        Ping api = ProviderApis.client(Ping.class, "http://127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(5));
        server.close();

        ProcessingException failure = catchThrowableOfType(ProcessingException.class, api::ping);
        assertThat(ProviderApis.whyUnreachable(failure)).endsWith("ConnectException");
    }

    /** HTTP/1.1 with keep-alive: answers every GET on the connection and never closes it. */
    private void answerPings(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    lastAnswered.set(Instant.now());
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\npong"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            closedByClient.compareAndSet(null, Instant.now());
        } catch (IOException gone) {
            closedByClient.compareAndSet(null, Instant.now());
        }
    }
}
