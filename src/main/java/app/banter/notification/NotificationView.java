package app.banter.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An entry of the in-app list. {@code data} holds the ids the app opens (callId, userId, requestId ...). */
@RegisterForReflection
public record NotificationView(UUID id, NotificationCategory category, String kind, String title, String body,
        Map<String, String> data, Instant createdAt, @Schema(nullable = true) Instant readAt) {

    static NotificationView of(Notification n) {
        return new NotificationView(n.id, n.category, n.kind, n.title, n.body, n.data, n.createdAt, n.readAt);
    }
}
