package app.banter.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.platform.TimeOrderedIds;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Notifications leave their user's list after the retention, with their queued pushes; newer ones stay. */
@QuarkusTest
class NotificationPruningTest {

    @Inject
    NotificationPruning pruning;

    @Inject
    EntityManager em;

    @Test
    void notificationsOlderThanTheRetentionAreDeletedWithTheirPushesAndNewerOnesStay() {
        TestUser user = TestUsers.register();
        Instant now = Instant.now();
        Instant cutoff = now.minus(Duration.ofDays(90));
        UUID old = notification(user, cutoff.minus(Duration.ofDays(10)));
        UUID justBefore = notification(user, cutoff.minusMillis(1));
        UUID justAfter = notification(user, cutoff.plusMillis(1));
        UUID recent = notification(user, now.minus(Duration.ofMinutes(5)));
        user.request().body(Map.of("fcmToken", "pruning-" + UUID.randomUUID(), "platform", "ANDROID"))
                .post("/api/v1/me/devices").then().statusCode(201);
        queuePush(user, old);
        assertThat(pushesOf(old)).isOne();

        assertThat(pruning.prune(cutoff)).isGreaterThanOrEqualTo(2);

        List<String> listed = user.request().queryParam("limit", 100).get("/api/v1/notifications").then()
                .statusCode(200).extract().path("items.id");
        assertThat(listed).containsExactly(recent.toString(), justAfter.toString());
        assertThat(listed).doesNotContain(old.toString(), justBefore.toString());
        assertThat(pushesOf(old)).isZero();
        assertThat(pruning.prune(cutoff)).isZero();
    }

    private UUID notification(TestUser user, Instant at) {
        // The id such a notification got then (each of this test's is in a millisecond of its own).
        UUID id = TimeOrderedIds.firstOf(at);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into notifications (id, user_id, category, kind, title, body, data, in_app, created_at)
                values (?1, ?2, 'SOCIAL', 'friend.request', 'Asha sent you a friend request', 'Say hello',
                        cast('{}' as jsonb), true, ?3)""")
                .setParameter(1, id).setParameter(2, user.id()).setParameter(3, at).executeUpdate());
        return id;
    }

    /** A push not due for a day, so that the sender leaves it alone. */
    private void queuePush(TestUser user, UUID notificationId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into push_outbox (id, notification_id, device_id, priority, attempts, next_attempt_at,
                                         expires_at, created_at)
                select gen_random_uuid(), ?1, d.id, 'NORMAL', 0, now() + interval '1 day', now() + interval '2 days',
                       now()
                from devices d where d.user_id = ?2""")
                .setParameter(1, notificationId).setParameter(2, user.id()).executeUpdate());
    }

    private long pushesOf(UUID notificationId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from push_outbox where notification_id = ?1").setParameter(1, notificationId)
                .getSingleResult()).longValue());
    }
}
