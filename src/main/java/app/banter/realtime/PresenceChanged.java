package app.banter.realtime;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A friend came online, became busy or went offline; lastSeenAt is set when offline and known, as in PresenceView. */
@JsonTypeName("presence")
@RegisterForReflection
public record PresenceChanged(UUID userId, PresenceStatus status, @Schema(nullable = true) Instant lastSeenAt)
        implements ServerEvent.PresenceEvent {
}
