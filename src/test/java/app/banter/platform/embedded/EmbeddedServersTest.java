package app.banter.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.FreePorts;

/** The embedded servers start on free ports, even when a port found free is taken before the server binds it. */
class EmbeddedServersTest {

    @Test
    void redisStartsOnAnotherPortWhenTheOneFoundFreeIsTakenMeanwhile() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger found = new AtomicInteger();
            URI redis = URI.create(EmbeddedServers.startRedis(
                    () -> found.getAndIncrement() == 0 ? taken.getLocalPort() : freePort()));

            assertThat(found).hasValue(2);
            assertThat(redis.getPort()).isNotEqualTo(taken.getLocalPort());
            try (Socket client = new Socket(redis.getHost(), redis.getPort())) {
                client.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine()).isEqualTo("+PONG");
            }
        }
    }

    private static int freePort() {
        try {
            return FreePorts.tcp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
