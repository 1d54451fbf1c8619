package app.banter.telephony.twilio;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.twilio.security.RequestValidator;

import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.telephony.FormBody;
import app.banter.telephony.PhoneCallStatus;
import app.banter.telephony.PhoneCallStatus.Stage;
import app.banter.telephony.TelephonyConfig;

/**
 * Twilio signs each status callback in X-Twilio-Signature: base64 HMAC-SHA1, keyed with our auth token, over the
 * URL Twilio posted to followed by every POST parameter name and value sorted by name
 * (twilio.com/docs/usage/security#validating-requests); the SDK's RequestValidator checks it. The URL is our public
 * one from configuration (behind the ingress the service sees another) plus the query Twilio posted to. An event is
 * one status of one leg: the caller's leg (CallSid = our call's sid) or the callee's (ParentCallSid = it).
 */
@ApplicationScoped
public class TwilioWebhookVerifier {

    public static final String PATH = "/api/v1/webhooks/twilio";

    private final TelephonyConfig config;

    TwilioWebhookVerifier(TelephonyConfig config) {
        this.config = config;
    }

    public VerifiedWebhook<PhoneCallStatus> verify(byte[] body, String signature, String rawQuery, UUID callId) {
        String token = config.twilio().authToken().orElse("");
        Map<String, String> params = FormBody.parse(body);
        String url = config.callbackBaseUrl() + PATH + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        if (token.isBlank() || signature == null || !new RequestValidator(token).validate(url, params, signature)) {
            throw VerifiedWebhook.unsigned(TwilioProvider.NAME);
        }
        String sid = params.get("CallSid");
        String parent = params.get("ParentCallSid");
        boolean calleeLeg = parent != null && !parent.isBlank();
        String status = params.get("CallStatus");
        Stage stage = TwilioStatuses.stage(status, calleeLeg);
        if (sid == null || sid.isBlank() || stage == null) {
            throw VerifiedWebhook.invalid(TwilioProvider.NAME, "no CallSid or an unknown CallStatus");
        }
        Instant at = timestamp(params.get("Timestamp"));
        Integer bridged = calleeLeg && stage == Stage.COMPLETED ? seconds(params.get("CallDuration")) : null;
        return new VerifiedWebhook<>(TwilioProvider.NAME, sid + ":" + status.toLowerCase(),
                "call." + status.toLowerCase(), at,
                new PhoneCallStatus(callId, calleeLeg ? parent : sid, stage, at, bridged));
    }

    /** Twilio's Timestamp is RFC 1123 ("Tue, 02 Dec 2026 15:00:00 +0000"); the time of arrival when missing. */
    private static Instant timestamp(String value) {
        if (value == null || value.isBlank()) {
            return Instant.now();
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw VerifiedWebhook.invalid(TwilioProvider.NAME, "an unreadable Timestamp");
        }
    }

    private static Integer seconds(String value) {
        try {
            return value == null || value.isBlank() ? null : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
