package app.banter.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

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
 */
@QuarkusTest
class ProviderApisTest {

    @Path("/")
    public interface Ping {
        @GET
        @Path("ping")
        String ping();
    }

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

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
    void aConnectionIsReusedWhileBusyAndClosedOnceIdleForTheSetTime() throws InterruptedException {
        Ping api = ProviderApis.builder("http://127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(5), 1)
                .build(Ping.class);

        assertThat(api.ping()).isEqualTo("pong");
        assertThat(api.ping()).isEqualTo("pong");
        assertThat(connections).hasValue(1);

        Thread.sleep(2500);
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
    private static void answerPings(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\npong"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException gone) {
            // The client closed the connection.
        }
    }
}
