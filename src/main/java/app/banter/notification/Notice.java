package app.banter.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One thing to tell one user: an entry of their in-app list ({@code inApp}), a push to their devices, or both.
 *
 * @param data what the app opens, as strings (FCM data is strings only)
 * @param collapseKey pushes with the same key replace each other on the phone (one per conversation)
 * @param urgent a ring: delivered at once even to a sleeping phone, useless after {@code expiresAt}
 */
record Notice(UUID userId, NotificationCategory category, String kind, String title, String body,
        Map<String, String> data, boolean inApp, String collapseKey, boolean urgent, Instant expiresAt) {
}
