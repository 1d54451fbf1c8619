package app.banter.matching;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** Pairs of waiting users who must not be matched: a block either way, or matched with each other recently. */
final class Exclusions {

    private final Set<String> pairs = new HashSet<>();

    void exclude(UUID a, UUID b) {
        pairs.add(key(a, b));
    }

    boolean excludes(UUID a, UUID b) {
        return pairs.contains(key(a, b));
    }

    private static String key(UUID a, UUID b) {
        return a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    }
}
