package app.banter.realtime;

import com.fasterxml.jackson.annotation.JsonValue;

public enum PresenceStatus {
    ONLINE,
    BUSY,
    OFFLINE;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
