package app.banter.telephony.exotel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.telephony.FormBody;
import app.banter.telephony.Networks;
import app.banter.telephony.PhoneCallStatus;
import app.banter.telephony.PhoneCallStatus.Stage;
import app.banter.telephony.TelephonyConfig;

/**
 * Exotel signs no StatusCallback (developer.exotel.com/docs/voice-v1/api-reference/status-callback documents none),
 * so a delivery is Exotel's when it comes to the URL we gave Exotel, which carries our secret callback token as a
 * path segment (compared in constant time), from one of the networks Exotel calls from
 * ({@code banter.telephony.exotel.allowed-networks}). The body is JSON (we ask for StatusCallbackContentType
 * application/json) or a form; an event is one status of one call: "answered", or the terminal one.
 */
@ApplicationScoped
public class ExotelWebhookVerifier {

    private final TelephonyConfig config;
    private final ObjectMapper json;

    ExotelWebhookVerifier(TelephonyConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public VerifiedWebhook<PhoneCallStatus> verify(String token, String clientAddress, byte[] body,
            boolean isJson, UUID callId) {
        String expected = config.exotel().callbackToken().orElse("");
        if (expected.isBlank() || token == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))
                || !Networks.contains(config.exotel().allowedNetworks(), clientAddress)) {
            throw VerifiedWebhook.unsigned(ExotelProvider.NAME);
        }
        JsonNode fields = isJson ? parseJson(body) : json.valueToTree(FormBody.parse(body));
        String sid = ExotelCalls.text(fields, "CallSid");
        String status = ExotelCalls.text(fields, "Status");
        String eventType = ExotelCalls.text(fields, "EventType");
        Stage stage = ExotelCalls.stage(status, eventType);
        if (sid == null || stage == null) {
            throw VerifiedWebhook.invalid(ExotelProvider.NAME, "no CallSid or an unknown Status");
        }
        ZoneId zone = ZoneId.of(config.exotel().timeZone());
        Instant updated = ExotelCalls.time(ExotelCalls.text(fields, "DateUpdated"), zone);
        Instant ended = ExotelCalls.time(ExotelCalls.text(fields, "EndTime"), zone);
        Instant at = stage.isFinal() && ended != null ? ended : updated;
        if (at == null) {
            throw VerifiedWebhook.invalid(ExotelProvider.NAME, "no DateUpdated");
        }
        UUID ours = callId != null ? callId : ExotelCalls.uuid(ExotelCalls.text(fields, "CustomField"));
        Integer bridged = stage == Stage.COMPLETED ? ExotelCalls.integer(fields, "ConversationDuration") : null;
        String event = eventType == null ? "terminal" : eventType.toLowerCase();
        return new VerifiedWebhook<>(ExotelProvider.NAME, sid + ":" + event + ":" + status.toLowerCase(),
                "call." + event, at, new PhoneCallStatus(ours, sid, stage, at, bridged));
    }

    private JsonNode parseJson(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw VerifiedWebhook.invalid(ExotelProvider.NAME, "the body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw VerifiedWebhook.invalid(ExotelProvider.NAME, "the body is not JSON");
        }
    }

}
