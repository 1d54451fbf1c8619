package app.banter.notification;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.FirebaseMessagingException;

/**
 * Why FCM refused a push as INVALID_ARGUMENT, which it answers both for a token that is not a registration token (of
 * this project) and for a message it cannot take (a reserved data key, a bad TTL, a payload too big). Only the first is
 * the token's fault: forgetting tokens for the second would take every recipient of a faulty kind of push off
 * notifications for good. FCM tells the two apart in the answer's details
 * (https://firebase.google.com/docs/cloud-messaging/error-codes): a request value it refuses is named in a
 * google.rpc.BadRequest detail ("message.token" for the token), and its documented answer for a token that is not valid
 * has no such detail, only an FcmError one, with the message "The registration token is not a valid FCM registration
 * token". Any other answer does not blame the token.
 */
final class FcmRefusals {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest";
    private static final String TOKEN_FIELD = "message.token";

    private FcmRefusals() {
    }

    /** Whether FCM refused the push for its token alone, so that the token will never be accepted. */
    static boolean blamesToken(FirebaseMessagingException refusal) {
        IncomingHttpResponse response = refusal.getHttpResponse();
        if (response == null || response.getContent() == null) {
            return false;
        }
        JsonNode error;
        try {
            error = JSON.readTree(response.getContent()).path("error");
        } catch (IOException notJson) {
            return false;
        }
        List<String> refusedFields = new ArrayList<>();
        boolean namesFields = false;
        for (JsonNode detail : error.path("details")) {
            if (BAD_REQUEST.equals(detail.path("@type").asText())) {
                namesFields = true;
                detail.path("fieldViolations").forEach(violation -> refusedFields.add(violation.path("field")
                        .asText()));
            }
        }
        if (namesFields) {
            return !refusedFields.isEmpty() && refusedFields.stream().allMatch(TOKEN_FIELD::equals);
        }
        return error.path("message").asText().toLowerCase(Locale.ROOT).contains("registration token");
    }
}
