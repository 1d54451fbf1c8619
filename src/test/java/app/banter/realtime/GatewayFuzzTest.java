package app.banter.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Hostile frames on /ws: malformed and wrongly typed JSON, deep nesting, Unicode edge cases, ids that are not ids or
 * name someone else's conversation, binary frames, frames over the size limit and floods. Every frame the gateway
 * does not take gets an error event with a code (never INTERNAL_ERROR) on a connection that stays open, or the
 * connection closes with the close code for what was wrong (1008 policy, 1009 too big), never 1011; a binary frame
 * gets an UNSUPPORTED_FRAME error event and the connection goes on working; and afterwards the same user connects
 * again and the service answers.
 */
@QuarkusTest
class GatewayFuzzTest {

    private static final Logger LOG = Logger.getLogger(GatewayFuzzTest.class);

    @Test
    void hostileFramesGetErrorEventsOrAProperCloseAndNothingBreaks() throws InterruptedException {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        Social.befriend(ravi, meera);
        String theirConversation = Social.message(ravi, meera, "private").getString("conversationId");
        List<String> frames = List.of("{", "null", "[]", "1", "\"heartbeat\"", "{}", "{\"type\":123}",
                "{\"type\":\"nope\"}", "{\"type\":null}", "{\"type\":[\"heartbeat\"]}", "{\"type\":\"typing\"}",
                "{\"type\":\"typing\",\"conversationId\":\"not-a-uuid\"}",
                "{\"type\":\"typing\",\"conversationId\":12}",
                "{\"type\":\"typing\",\"conversationId\":\"" + UUID.randomUUID() + "\"}",
                "{\"type\":\"typing\",\"conversationId\":\"" + theirConversation + "\"}",
                "{\"type\":\"read\",\"conversationId\":\"" + theirConversation + "\",\"messageId\":\""
                        + UUID.randomUUID() + "\"}",
                "{\"type\":\"read\",\"conversationId\":\"" + UUID.randomUUID() + "\"}",
                "{\"type\":\"read\",\"messageId\":-1}", "{\"type\":\"typing\",\"conversationId\":\"\\ud800\"}",
                "{\"type\":\"typing\",\"conversationId\":\"\\u0000\"}", "{\"type\":\"\\u202eheartbeat\"}",
                "[".repeat(3_000) + "]".repeat(3_000), "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000),
                "{\"type\":\"heartbeat\",\"type\":\"typing\"}", "{\"type\":\"heartbeat\",\"extra\":" + Long.MAX_VALUE
                        + "}", "\uFEFF{\"type\":\"heartbeat\"}", "{\"type\":\"heartbeat\"}garbage");
        List<String> violations = new ArrayList<>();
        int sent = 0;
        try (WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            for (String frame : frames) {
                phone.send(frame);
                sent++;
                // Under the frame budget, so that each refusal is about the frame, not the rate.
                Thread.sleep(120);
            }
            phone.send("{\"type\":\"heartbeat\"}");
            Thread.sleep(500);
            List<JsonNode> events = phone.drain();
            for (JsonNode event : events) {
                if ("error".equals(event.path("type").asText())
                        && (event.path("code").asText().isEmpty() || "INTERNAL_ERROR".equals(event.path("code")
                                .asText()))) {
                    violations.add("error event without a proper code: " + event);
                }
            }
            long errors = events.stream().filter(e -> "error".equals(e.path("type").asText())).count();
            LOG.infof("websocket fuzz: %d frames, %d error events: %s", frames.size(), errors, events);
            if (phone.isClosed()) {
                violations.add("malformed frames closed the connection with " + phone.closeStatus());
            }
            // Each frame but the few valid heartbeats among them is answered with an error event.
            if (errors < frames.size() - 4) {
                violations.add("only " + errors + " error events for " + frames.size() + " hostile frames");
            }
        }

        try (WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            // Binary frames are not part of the protocol: each gets an UNSUPPORTED_FRAME error event and the
            // connection stays open (RealtimeGateway#receiveBinary says why not a 1003 close).
            for (byte[] binary : List.of(new byte[] { 0, 1, 2, (byte) 0xff }, new byte[0],
                    "{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8))) {
                phone.sendBinary(binary);
                sent++;
                try {
                    phone.await("error", e -> "UNSUPPORTED_FRAME".equals(e.path("code").asText()));
                } catch (AssertionError | IllegalStateException noAnswer) {
                    violations.add("a binary frame of " + binary.length + " bytes got no UNSUPPORTED_FRAME event");
                }
                Thread.sleep(120);
            }
            if (phone.isClosed()) {
                violations.add("binary frames closed the connection with " + phone.closeStatus());
            } else {
                phone.send("{");
                phone.await("error", e -> "MALFORMED_FRAME".equals(e.path("code").asText()));
            }
        }

        // Over banter.realtime.max-message-size: in one frame that the server reads whole, in one frame still arriving
        // when the server refuses it, and in fragments that add up to too much.
        // A frame too long for the decoder is refused there: it sends 1009 and closes the connection at once. When the
        // rest of the frame is still arriving, that close resets the connection, and the client's network stack may
        // drop the 1009 it had not yet read: then a reset is all the client sees.
        record Oversize(int bytes, boolean fragmented, boolean mayEndInAReset) {
        }
        for (Oversize oversize : List.of(new Oversize(8_200, false, false), new Oversize(70_000, false, true),
                new Oversize(70_000, true, false))) {
            String message = "{\"type\":\"heartbeat\",\"pad\":\"" + "\u00e9".repeat(oversize.bytes() / 2) + "\"}";
            try (WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
                try {
                    if (oversize.fragmented()) {
                        phone.sendInFragments(message, 2_000);
                    } else {
                        phone.send(message);
                    }
                    sent++;
                } catch (IllegalStateException closedWhileSending) {
                    // The server may close before the whole message is written.
                }
                await().atMost(Duration.ofSeconds(10)).until(phone::isClosed);
                Short status = phone.closeStatus();
                boolean reset = status == null && oversize.mayEndInAReset();
                if (!reset && (status == null || status != 1009)) {
                    violations.add(oversize + " closed with " + status + ", not 1009");
                }
            }
        }

        try (WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            for (int i = 0; i < 1_000 && !phone.isClosed(); i++) {
                try {
                    phone.send(i % 2 == 0 ? "{\"type\":\"heartbeat\"}" : "{");
                    sent++;
                } catch (IllegalStateException closedWhileSending) {
                    break;
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(phone::isClosed);
            if (phone.closeStatus() == null || phone.closeStatus() != 1008) {
                violations.add("a flood closed with " + phone.closeStatus() + ", not 1008");
            }
        }

        // Nothing broke: the same user connects again, and the service answers.
        try (WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            phone.send("{\"type\":\"heartbeat\"}");
            phone.assertNone("error", Duration.ofMillis(500));
        }
        asha.request().get("/api/v1/me").then().statusCode(200);
        LOG.infof("websocket fuzz: %d frames sent in all, %d violations", sent, violations.size());
        assertThat(violations).isEmpty();
    }
}
