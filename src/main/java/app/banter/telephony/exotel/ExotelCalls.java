package app.banter.telephony.exotel;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.telephony.PhoneCallStatus;
import app.banter.telephony.PhoneCallStatus.Stage;

/**
 * Reads Exotel's call shapes, shared by the StatusCallback and the call details: Status is one of queued, ringing,
 * in-progress, completed, busy, no-answer, failed, canceled; times are "YYYY-MM-DD HH:mm:ss" in the account
 * cluster's zone; ConversationDuration (callback) or Details.ConversationDuration (details=true) is how long the two
 * phones were bridged. Never reads From or To.
 */
final class ExotelCalls {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ExotelCalls() {
    }

    /** The stage a status names; null for one we do not know. */
    static Stage stage(String status, String eventType) {
        if ("answered".equalsIgnoreCase(eventType)) {
            return Stage.BRIDGED;
        }
        return switch (status == null ? "" : status.toLowerCase()) {
            case "queued", "ringing" -> Stage.RINGING;
            case "in-progress" -> Stage.BRIDGED;
            case "completed" -> Stage.COMPLETED;
            case "busy" -> Stage.BUSY;
            case "no-answer" -> Stage.NO_ANSWER;
            case "failed" -> Stage.FAILED;
            case "canceled", "cancelled" -> Stage.CANCELED;
            default -> null;
        };
    }

    /** The call details' {"Call": {...}} as a status; null when the status is not one we know. */
    static PhoneCallStatus fromDetails(JsonNode body, ZoneId zone) {
        JsonNode call = body.path("Call");
        Stage stage = stage(text(call, "Status"), null);
        if (stage == null) {
            return null;
        }
        // "in-progress" is the whole call, the callee's phone perhaps still ringing; bridged once the second leg is up.
        String leg2 = text(call.path("Details"), "Leg2Status");
        if (stage == Stage.BRIDGED && leg2 != null && !List.of("in-progress", "answered", "completed").contains(leg2)) {
            stage = Stage.RINGING;
        }
        Integer bridged = integer(call.path("Details"), "ConversationDuration");
        Instant at = switch (stage) {
            case BRIDGED -> {
                Instant start = time(text(call, "StartTime"), zone);
                yield start == null ? time(text(call, "DateUpdated"), zone) : start;
            }
            case RINGING -> time(text(call, "DateUpdated"), zone);
            default -> {
                Instant end = time(text(call, "EndTime"), zone);
                yield end == null ? time(text(call, "DateUpdated"), zone) : end;
            }
        };
        return new PhoneCallStatus(null, text(call, "Sid"), stage, at == null ? Instant.now() : at,
                stage == Stage.COMPLETED ? bridged : null);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    static Integer integer(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, (int) Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Instant time(String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim(), TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
