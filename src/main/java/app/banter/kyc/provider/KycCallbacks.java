package app.banter.kyc.provider;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.error.ApiException;
import app.banter.platform.webhook.VerifiedWebhook;

/** Parsing shared by the provider adapters and their callback verifiers (after authentication). */
final class KycCallbacks {

    private KycCallbacks() {
    }

    static JsonNode parse(ObjectMapper json, String provider, byte[] body) {
        try {
            JsonNode event = body == null ? null : json.readTree(body);
            if (event == null || !event.isObject()) {
                throw VerifiedWebhook.invalid(provider, "not a JSON object");
            }
            return event;
        } catch (IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "The request body is not valid JSON");
        }
    }

    /** The holder's name a provider answered, or null when the field is missing, not text or blank. */
    static String holderName(JsonNode name) {
        return name.isTextual() && !name.asText().isBlank() ? name.asText() : null;
    }
}
