package app.banter.realtime;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** First event on every connection: it is registered for delivery, and how often to send a heartbeat. */
@JsonTypeName("ready")
@RegisterForReflection
public record Ready(UUID userId, long heartbeatIntervalSeconds) implements ServerEvent.GatewayEvent {
}
