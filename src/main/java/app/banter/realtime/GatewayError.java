package app.banter.realtime;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Sent to the one connection whose frame was malformed or refused; the connection stays open. */
@JsonTypeName("error")
@RegisterForReflection
public record GatewayError(String code, String detail) implements ServerEvent.GatewayEvent {
}
