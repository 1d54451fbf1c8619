package app.banter.realtime;

import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Carries events between pods over one Redis pub/sub channel that every pod subscribes to. The sending pod writes to
 * its own connections at once and the others pick the frame up from Redis: one publish per event whatever the number
 * of pods, at the price of every pod reading every event, which is cheap next to the websocket writes themselves.
 *
 * <p>Frame: {@code E <origin pod>\n<recipient ids, comma-separated>\n<event JSON>} to deliver, or
 * {@code K <origin pod>\n<session id>} to close the connections of a revoked session.
 */
@ApplicationScoped
public class Fanout {

    private static final Logger LOG = Logger.getLogger(Fanout.class);
    private static final String POD = UUID.randomUUID().toString();

    private final ReactiveRedisDataSource redis;
    private final Connections connections;
    private final String channel;
    private Cancellable subscription;

    Fanout(ReactiveRedisDataSource redis, Connections connections, RealtimeConfig config) {
        this.redis = redis;
        this.connections = connections;
        this.channel = config.channel();
    }

    void subscribe(@Observes StartupEvent start) {
        subscription = redis.pubsub(String.class).subscribe(channel)
                .onFailure().invoke(e -> LOG.warnf("Realtime fan-out subscription lost: %s", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(this::receive);
    }

    void unsubscribe(@Observes ShutdownEvent stop) {
        if (subscription != null) {
            subscription.cancel();
        }
    }

    void deliver(Collection<UUID> recipients, String json) {
        recipients.forEach(userId -> connections.deliver(userId, json));
        publish("E " + POD + "\n" + recipients.stream().map(UUID::toString).collect(Collectors.joining(",")) + "\n"
                + json);
    }

    void closeSession(UUID sessionId) {
        connections.closeSession(sessionId);
        publish("K " + POD + "\n" + sessionId);
    }

    private void publish(String frame) {
        redis.pubsub(String.class).publish(channel, frame).subscribe().with(receivers -> {
        }, failure -> LOG.warnf("Realtime fan-out publish failed: %s", failure.getMessage()));
    }

    private void receive(String frame) {
        int firstLine = frame.indexOf('\n');
        if (firstLine < 3 || frame.regionMatches(2, POD, 0, POD.length())) {
            return;
        }
        char kind = frame.charAt(0);
        if (kind == 'K') {
            connections.closeSession(UUID.fromString(frame.substring(firstLine + 1)));
            return;
        }
        int secondLine = frame.indexOf('\n', firstLine + 1);
        String json = frame.substring(secondLine + 1);
        for (String recipient : frame.substring(firstLine + 1, secondLine).split(",")) {
            connections.deliver(UUID.fromString(recipient), json);
        }
    }
}
