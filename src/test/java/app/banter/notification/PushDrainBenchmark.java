package app.banter.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.FcmStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How long the push sender takes to drain a backlog (bench/notifications/run.sh): N notifications queued at once, one
 * device each, sent through firebase-admin to the FCM stand-in by the scheduled PushSender as in production (one
 * pod). Not a timed test: the default build excludes the "bench" tag. Set up with SQL in the shape Notifications
 * writes it; the clock runs from the commit of the backlog to the moment the outbox is empty.
 */
@QuarkusTest
@Tag("bench")
class PushDrainBenchmark {

    private static final Logger LOG = Logger.getLogger(PushDrainBenchmark.class);

    @Inject
    EntityManager em;

    @Test
    void drainABacklog() throws InterruptedException {
        int n = Integer.getInteger("bench.pushes", 10_000);
        String run = UUID.randomUUID().toString().substring(0, 8);
        FcmStandIn.server();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    insert into users (id, username, full_name, created_at, updated_at)
                    select md5(?1 || 'u' || i)::uuid, 'pb' || ?1 || '_' || i, 'Bench', now(), now()
                    from generate_series(1, ?2) i""").setParameter(1, run).setParameter(2, n).executeUpdate();
            em.createNativeQuery("""
                    insert into devices (id, user_id, fcm_token, platform, created_at, updated_at)
                    select md5(?1 || 'd' || i)::uuid, md5(?1 || 'u' || i)::uuid, 'bench-' || ?1 || '-' || i,
                           'ANDROID', now(), now()
                    from generate_series(1, ?2) i""").setParameter(1, run).setParameter(2, n).executeUpdate();
            em.createNativeQuery("""
                    insert into notifications (id, user_id, category, kind, title, body, data, in_app, created_at)
                    select md5(?1 || 'n' || i)::uuid, md5(?1 || 'u' || i)::uuid, 'SOCIAL', 'friend.request',
                           'Friend request', 'Asha wants to be your friend',
                           jsonb_build_object('userId', md5(?1 || 'x' || i)::uuid::text), true, now()
                    from generate_series(1, ?2) i""").setParameter(1, run).setParameter(2, n).executeUpdate();
            em.createNativeQuery("""
                    insert into push_outbox (id, notification_id, device_id, priority, collapse_key, attempts,
                                             next_attempt_at, expires_at, created_at)
                    select gen_random_uuid(), md5(?1 || 'n' || i)::uuid, md5(?1 || 'd' || i)::uuid, 'NORMAL', null,
                           0, now(), now() + interval '1 hour', now()
                    from generate_series(1, ?2) i""").setParameter(1, run).setParameter(2, n).executeUpdate();
        });
        long start = System.nanoTime();
        long left = n;
        while (left > 0) {
            Thread.sleep(50);
            left = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                    "select count(*) from push_outbox").getSingleResult()).longValue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("still draining").isLessThan(
                    Duration.ofMinutes(5));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.infof("BENCH pushes=%d drained_ms=%d per_second=%.0f", n, took.toMillis(),
                n * 1000.0 / Math.max(1, took.toMillis()));
    }
}
