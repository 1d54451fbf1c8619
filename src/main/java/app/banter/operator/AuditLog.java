package app.banter.operator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;

/**
 * Who did what to whom, and why. Written inside the transaction of the action (MANDATORY), so an action that rolls
 * back leaves no entry and an entry always means the action happened. Callers put only ids, amounts and statuses in
 * details: never a phone number, document number or secret.
 */
@ApplicationScoped
public class AuditLog {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    private final OperatorAuditStore store;
    private final ObjectMapper json;

    AuditLog(OperatorAuditStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID actorId, Action action, String targetType, Object targetId, String reason,
            Map<String, ?> details) {
        try {
            store.insert(UUID.randomUUID(), actorId, action.name(), targetType, String.valueOf(targetId), reason,
                    json.writeValueAsString(details), Instant.now().truncatedTo(ChronoUnit.MICROS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are not serializable", e);
        }
    }

    @Transactional
    public Page<Entry> page(String cursor, int limit) {
        TimeCursor position = TimeCursor.decode(cursor);
        List<Object[]> rows = store.page(position == null ? null : position.at(),
                position == null ? null : position.id(), limit + 1);
        return Page.of(rows.stream().map(this::entry).toList(), limit, e -> e,
                e -> new TimeCursor(e.at(), e.id()).encode());
    }

    private Entry entry(Object[] row) {
        try {
            return new Entry((UUID) row[0], (UUID) row[1], Action.valueOf((String) row[2]), (String) row[3],
                    (String) row[4], (String) row[5], json.readValue((String) row[6], DETAILS), instant(row[7]));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are not JSON", e);
        }
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }

    public enum Action {
        ROLE_GRANTED,
        ROLE_REVOKED,
        USER_LOOKED_UP,
        PURCHASE_CREDITED,
        PURCHASE_REFUNDED,
        ANOMALY_DISMISSED,
        /** A moderator or admin read a user's KYC document image. */
        KYC_DOCUMENT_VIEWED
    }

    public record Entry(UUID id, UUID actorId, Action action, String targetType, String targetId,
            @Schema(nullable = true) String reason, Map<String, Object> details, Instant at) {
    }
}
