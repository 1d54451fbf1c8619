package app.banter.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.Concurrently;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The registry of a pod's sockets under sockets of one user opening and closing at once (no server needed). */
class ConnectionsTest {

    /** The defaults, with Quarkus's reading of durations ("90S"), which plain SmallRye Config lacks. */
    private static final RealtimeConfig CONFIG = new SmallRyeConfigBuilder().withMapping(RealtimeConfig.class)
            .withConverter(Duration.class, 200, new DurationConverter()).build()
            .getConfigMapping(RealtimeConfig.class);

    /**
     * A user's last socket closing while another of theirs opens: the new one must land in the set the registry
     * keeps, not in the emptied set the close just dropped (where it would get no events and never be counted out).
     */
    @Test
    void socketsOfOneUserOpeningAndClosingAtOnceAreAllRegisteredAndCounted() {
        Connections connections = new Connections(new SimpleMeterRegistry(), CONFIG);
        UUID userId = UUID.randomUUID();
        int threads = 4;

        List<Concurrently.Outcome<Connection>> outcomes = Concurrently.run(threads, thread -> {
            for (int i = 0; i < 50_000; i++) {
                Connection passing = connection(connections, userId);
                connections.add(passing, Integer.MAX_VALUE);
                connections.remove(passing);
            }
            Connection kept = connection(connections, userId);
            connections.add(kept, Integer.MAX_VALUE);
            return kept;
        });

        List<Connection> kept = new ArrayList<>();
        outcomes.forEach(outcome -> kept.add(outcome.result()));
        assertThat(connections.count()).as("open sockets counted").isEqualTo(threads);
        // With a limit of 0, add answers every other socket the user has in the registry.
        assertThat(connections.add(connection(connections, userId), 0)).as("sockets the registry delivers to")
                .containsExactlyInAnyOrderElementsOf(kept);
    }

    private static Connection connection(Connections connections, UUID userId) {
        return new Connection(null, null, userId, UUID.randomUUID(), 0, null, connections.nextOpening());
    }
}
