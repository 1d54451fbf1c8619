package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import app.banter.call.Call;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The queue-length gauges, in memory: their number stays bounded whatever languages the requests name. */
class MatchMetricsTest {

    private static final String QUEUE_LENGTH = "banter.matching.queue.length";

    /**
     * One account cycling made-up codes (any two or three letters pass the request's pattern), tick after tick: each
     * code counts under "other", and only the labelled languages seen and "other" have a gauge.
     */
    @Test
    void madeUpLanguagesCountAsOtherAndAddNoSeries() {
        MeterRegistry registry = new SimpleMeterRegistry();
        MatchMetrics metrics = new MatchMetrics(registry);
        List<String> madeUp = madeUpCodes();

        for (int tick = 0; tick < madeUp.size(); tick += 5) {
            List<String> languages = madeUp.subList(tick, Math.min(tick + 5, madeUp.size()));
            metrics.observed(List.of(waiting(languages), waiting(List.of("hi", "en")), waiting(List.of("hi"))));
        }

        assertThat(registry.find(QUEUE_LENGTH).gauges()).extracting(gauge -> gauge.getId().getTag("language"))
                .containsExactlyInAnyOrder("hi", "en", "other");
        // The last tick's pool: its made-up codes are one waiting user's, counted once.
        assertThat(length(registry, "other")).isEqualTo(1);
        assertThat(length(registry, "hi")).isEqualTo(2);
        assertThat(length(registry, "en")).isEqualTo(1);

        metrics.observed(List.of());
        assertThat(length(registry, "other")).isZero();
    }

    /** The two- and three-letter codes starting with a letter no labelled language starts with: 8,424 of them. */
    private static List<String> madeUpCodes() {
        List<String> codes = new ArrayList<>();
        for (char a : "cfijlqrvwxyz".toCharArray()) {
            for (char b = 'a'; b <= 'z'; b++) {
                codes.add("" + a + b);
                for (char c = 'a'; c <= 'z'; c++) {
                    codes.add("" + a + b + c);
                }
            }
        }
        return codes;
    }

    private static double length(MeterRegistry registry, String language) {
        Gauge gauge = registry.find(QUEUE_LENGTH).tag("language", language).gauge();
        assertThat(gauge).as("gauge for %s", language).isNotNull();
        return gauge.value();
    }

    private static Waiting waiting(List<String> languages) {
        return new Waiting(new MatchTicket(UUID.randomUUID(), UUID.randomUUID(), languages, List.of(), Call.Type.AUDIO,
                null, null, false), 0);
    }
}
