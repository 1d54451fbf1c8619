package app.banter.matching;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Matching's figures: queue length per language (as this pod's matcher last saw the shared pool; the languages of
 * {@link #LABELLED}, the rest as "other"), the wait from joining to being matched, matches and skips (the skip rate is
 * skips over matches).
 */
@ApplicationScoped
class MatchMetrics {

    /**
     * The languages the queue length is labelled with: India's 22 scheduled languages and English. A request may name
     * any ISO 639 code, and a gauge once registered stays for the life of the pod, so a label per code seen would let
     * one account cycling made-up codes add thousands of series on every pod.
     */
    static final Set<String> LABELLED = Set.of("as", "bn", "brx", "doi", "en", "gu", "hi", "kn", "kok", "ks", "mai",
            "ml", "mni", "mr", "ne", "or", "pa", "sa", "sat", "sd", "ta", "te", "ur");

    /** The label of every other language; a waiting user with several of them counts once there. */
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> queueLengths = new ConcurrentHashMap<>();
    private final Timer wait;
    private final Counter matches;
    private final Counter skips;

    MatchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.wait = Timer.builder("banter.matching.wait").description("From joining the queue to a match")
                .publishPercentileHistogram().register(registry);
        this.matches = registry.counter("banter.matching.matches");
        this.skips = registry.counter("banter.matching.skips");
    }

    void observed(List<Waiting> pool) {
        Map<String, Long> counts = new HashMap<>();
        pool.forEach(w -> w.ticket().languages().stream().map(MatchMetrics::label).distinct()
                .forEach(label -> counts.merge(label, 1L, Long::sum)));
        queueLengths.forEach((language, length) -> length.set(counts.getOrDefault(language, 0L)));
        counts.forEach((language, count) -> queueLengths.computeIfAbsent(language,
                l -> registry.gauge("banter.matching.queue.length", Tags.of("language", l), new AtomicLong()))
                .set(count));
    }

    private static String label(String language) {
        return LABELLED.contains(language) ? language : OTHER;
    }

    void matched(long waitedMillisCaller, long waitedMillisCallee) {
        matches.increment();
        wait.record(Duration.ofMillis(waitedMillisCaller));
        wait.record(Duration.ofMillis(waitedMillisCallee));
    }

    void skipped() {
        skips.increment();
    }
}
