package app.banter.realtime;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A friend came online, became busy or went offline. */
@JsonTypeName("presence")
@RegisterForReflection
public record PresenceChanged(UUID userId, PresenceStatus status, Instant lastSeenAt)
        implements ServerEvent.PresenceEvent {
}
