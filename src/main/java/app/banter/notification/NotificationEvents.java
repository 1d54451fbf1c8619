package app.banter.notification;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.quarkus.runtime.annotations.RegisterForReflection;

import app.banter.realtime.ServerEvent;

public final class NotificationEvents {

    private NotificationEvents() {
    }

    /** A new entry of the in-app list, with the unread count it makes. */
    @JsonTypeName("notification.new")
    @RegisterForReflection
    public record NotificationNew(NotificationView notification, long unreadCount)
            implements ServerEvent.NotificationEvent {
    }
}
