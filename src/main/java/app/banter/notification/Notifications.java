package app.banter.notification;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.platform.TimeOrderedIds;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.realtime.RealtimeEvents;
import app.banter.user.AccountDeleted;
import app.banter.user.PushTokens;

/**
 * Records what users are told: the in-app list (also sent to a live websocket at once) and the pushes to their
 * devices, in the transaction of whatever caused them; {@link PushSender} delivers the pushes after it commits.
 */
@ApplicationScoped
public class Notifications {

    private final NotificationRepository notifications;
    private final PushOutboxRepository outbox;
    private final PushTokens tokens;
    private final RealtimeEvents realtime;

    Notifications(NotificationRepository notifications, PushOutboxRepository outbox, PushTokens tokens,
            RealtimeEvents realtime) {
        this.notifications = notifications;
        this.outbox = outbox;
        this.tokens = tokens;
        this.realtime = realtime;
    }

    @Transactional
    void record(Notice notice) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Notification notification = new Notification();
        notification.id = TimeOrderedIds.next();
        notification.userId = notice.userId();
        notification.category = notice.category();
        notification.kind = notice.kind();
        notification.title = notice.title();
        notification.body = notice.body();
        notification.data = notice.data();
        notification.inApp = notice.inApp();
        notification.createdAt = now;
        notifications.persist(notification);
        // Written now: the unread count below counts it, and the outbox rows, written through plain JDBC, reference it.
        notifications.flush();
        if (notice.inApp()) {
            realtime.sendToUser(notice.userId(), new NotificationEvents.NotificationNew(
                    NotificationView.of(notification), notifications.unreadCount(notice.userId())));
        }
        if (!notifications.mutedCategories(notice.userId()).contains(notice.category())) {
            List<UUID> devices = tokens.ofUsers(List.of(notice.userId())).stream().map(PushTokens.PushToken::deviceId)
                    .toList();
            outbox.enqueue(notification.id, devices, notice.urgent(), notice.collapseKey(), notice.expiresAt(), now);
        }
    }

    /**
     * A deleted account's name is in the title or body of what it caused others to be told (a friend request, a missed
     * call, a message): those notifications go in the deleting transaction, and with them their pushes not yet sent.
     * The account's own go with its devices; its list is nobody's to read any more.
     */
    void forget(@Observes AccountDeleted event) {
        notifications.deleteAbout(event.userId());
    }

    @Transactional
    public Page<NotificationView> list(UUID userId, String cursor, int limit) {
        List<Notification> rows = notifications.inAppOf(userId, TimeCursor.decode(cursor), limit + 1);
        return Page.of(rows, limit, NotificationView::of, n -> new TimeCursor(n.createdAt, n.id).encode());
    }

    @Transactional
    public long unreadCount(UUID userId) {
        return notifications.unreadCount(userId);
    }

    @Transactional
    public void markRead(UUID userId, UUID notificationId) {
        Notification notification = notifications.findOwnedInApp(userId, notificationId)
                .orElseThrow(() -> ApiException.notFound("Notification"));
        if (notification.readAt == null) {
            notification.readAt = Instant.now();
        }
    }

    @Transactional
    public int markAllRead(UUID userId) {
        return notifications.markAllRead(userId, Instant.now());
    }

    @Transactional
    public Set<NotificationCategory> mutedCategories(UUID userId) {
        return notifications.mutedCategories(userId);
    }

    @Transactional
    public Set<NotificationCategory> muteCategories(UUID userId, Set<NotificationCategory> muted) {
        notifications.replaceMutedCategories(userId, muted.isEmpty() ? EnumSet.noneOf(NotificationCategory.class)
                : EnumSet.copyOf(muted));
        return notifications.mutedCategories(userId);
    }
}
