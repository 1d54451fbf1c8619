package app.banter.realtime;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Written in lower case on the wire: online, busy, offline. */
@RegisterForReflection
public enum PresenceStatus {
    ONLINE,
    BUSY,
    OFFLINE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
