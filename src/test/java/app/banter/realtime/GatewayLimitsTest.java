package app.banter.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.LogCapture;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** What a misbehaving or vanishing client does to the gateway: a clean close, and no alarms in the log. */
@QuarkusTest
class GatewayLimitsTest {

    @Test
    void aFrameOverTheSizeLimitClosesWith1009() {
        TestUser asha = TestUsers.register();
        try (LogCapture log = LogCapture.start();
                WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            phone.send("{\"type\":\"heartbeat\",\"pad\":\"" + "x".repeat(9000) + "\"}");
            await().atMost(Duration.ofSeconds(10)).until(phone::isClosed);
            assertThat(phone.closeStatus()).isEqualTo((short) 1009);
            assertQuiet(log);
        }
    }

    @Test
    void aFloodingConnectionIsClosedAfterABoundedNumberOfRefusals() {
        TestUser asha = TestUsers.register();
        try (LogCapture log = LogCapture.start();
                WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            for (int i = 0; i < 200 && !phone.isClosed(); i++) {
                try {
                    phone.send("{\"type\":\"heartbeat\"}");
                } catch (IllegalStateException closedMeanwhile) {
                    // The server closed it between the check and this write (seen once in a full run): what the
                    // test waits for below, with its status.
                    break;
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(phone::isClosed);
            assertThat(phone.closeStatus()).isEqualTo((short) 1008);
            // 20 frames within budget, then at most 39 refusals answered before the 40th closes the connection.
            assertThat(phone.drain().stream().filter(e -> e.path("type").asText().equals("error")).count())
                    .isBetween(1L, 39L);
            // One line for the close, whatever else was still on its way.
            assertThat(log.warnings()).filteredOn(line -> line.logger().equals(RealtimeGateway.class.getName()))
                    .singleElement().satisfies(line -> assertThat(line.message()).contains("frame budget"));
            assertQuiet(log);
        }
    }

    @Test
    void aClientWhoseNetworkDropsLeavesNoStackTraceBehind() throws IOException {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        try (LogCapture log = LogCapture.start();
                WsClient watcher = WsClient.connect(RestAssured.port, ravi.accessToken())) {
            Socket phone = upgrade(asha.accessToken());
            watcher.await("presence", e -> e.path("userId").asText().equals(asha.id().toString())
                    && e.path("status").asText().equals("online"));
            // SO_LINGER 0: close() sends a TCP RST, as a phone's connection does when its network goes away.
            phone.setSoLinger(true, 0);
            phone.close();
            watcher.await("presence", e -> e.path("userId").asText().equals(asha.id().toString())
                    && e.path("status").asText().equals("offline"));
            assertQuiet(log);
        }
    }

    private static void assertQuiet(LogCapture log) {
        assertThat(log.lines()).allSatisfy(line -> assertThat(line.thrown()).as(line.message()).isNull());
        assertThat(log.warnings()).allSatisfy(line -> assertThat(line.level().intValue()).as(line.message())
                .isLessThan(java.util.logging.Level.SEVERE.intValue()));
    }

    /** A websocket opened by hand on a raw socket, so that the test controls how the TCP connection ends. */
    private static Socket upgrade(String accessToken) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + accessToken + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }
}
