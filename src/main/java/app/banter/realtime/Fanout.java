package app.banter.realtime;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import app.banter.platform.security.SessionRevocations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Carries events between pods over one Redis pub/sub channel that every pod subscribes to. The sending pod writes to
 * its own connections at once and the others pick the frame up from Redis: one publish per event whatever the number
 * of pods, at the price of every pod reading every event, which is cheap next to the websocket writes themselves.
 *
 * <p>Frames: see {@link FanoutFrame}.
 */
@ApplicationScoped
public class Fanout {

    private static final Logger LOG = Logger.getLogger(Fanout.class);
    private static final String POD = UUID.randomUUID().toString();

    private final ReactiveRedisDataSource redis;
    private final Connections connections;
    private final SessionRevocations revocations;
    private final String channel;
    private final Counter lost;
    private Cancellable subscription;

    Fanout(ReactiveRedisDataSource redis, Connections connections, RealtimeConfig config,
            SessionRevocations revocations, MeterRegistry registry) {
        // While it is lost this pod misses the other pods' events (messages, calls, revocations): worth an alert when
        // it keeps rising.
        this.lost = Counter.builder("banter.realtime.fanout.lost")
                .description("Times this pod's fan-out subscription ended and was subscribed again").register(registry);
        this.redis = redis;
        this.revocations = revocations;
        this.connections = connections;
        this.channel = config.channel();
    }

    void subscribe(@Observes StartupEvent start) {
        subscription = redis.pubsub(String.class).subscribe(channel)
                // Redis closing the connection cleanly (a restart, a failover, CLIENT KILL) completes the stream rather
                // than failing it, and a completed stream is never retried: this pod would hear no other pod again.
                .onCompletion().failWith(() -> new IllegalStateException("Redis closed the connection"))
                .onFailure().invoke(e -> {
                    lost.increment();
                    LOG.warnf("Realtime fan-out subscription lost, subscribing again: %s", e.getMessage());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(this::receive);
    }

    void unsubscribe(@Observes ShutdownEvent stop) {
        if (subscription != null) {
            subscription.cancel();
        }
    }

    void deliver(Collection<UUID> recipients, String json) {
        connections.deliver(recipients, json);
        publish(FanoutFrame.deliver(POD, recipients, json));
    }

    /** Each recipient its own event: delivered here at once, and to the other pods in one frame. */
    void deliverEach(List<FanoutFrame.Delivery> deliveries) {
        for (FanoutFrame.Delivery delivery : deliveries) {
            connections.deliver(List.of(delivery.recipient()), delivery.json());
        }
        publish(FanoutFrame.deliverEach(POD, deliveries));
    }

    void closeSession(UUID sessionId) {
        connections.closeSession(sessionId);
        publish(FanoutFrame.closeSession(POD, sessionId));
    }

    private void publish(String frame) {
        redis.pubsub(String.class).publish(channel, frame).subscribe().with(receivers -> {
        }, failure -> LOG.warnf("Realtime fan-out publish failed: %s", failure.getMessage()));
    }

    private void receive(String message) {
        if (FanoutFrame.isFrom(message, POD)) {
            return;
        }
        FanoutFrame frame;
        try {
            List<FanoutFrame.Delivery> each = FanoutFrame.parseEach(message);
            if (each != null) {
                each.forEach(delivery -> connections.deliver(List.of(delivery.recipient()), delivery.json()));
                return;
            }
            frame = FanoutFrame.parse(message);
        } catch (IllegalArgumentException e) {
            // Thrown out of the subscriber, it would end the subscription and this pod would hear nothing more.
            frame = null;
        }
        if (frame == null) {
            LOG.debugf("Realtime fan-out frame not understood: %.40s", message);
        } else if (frame.kind() == FanoutFrame.CLOSE_SESSION) {
            UUID sessionId = UUID.fromString(frame.body());
            revocations.revokedElsewhere(sessionId);
            connections.closeSession(sessionId);
        } else {
            connections.deliver(frame.recipients(), frame.body());
        }
    }
}
