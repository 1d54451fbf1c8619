package app.banter.platform.error;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A failure and everything behind it: causes and suppressed exceptions alike (a connection lost under a transaction
 * surfaces as "failed to enlist", with the driver's error only among the XA layer's suppressed exceptions), each once,
 * at most 50.
 */
final class Causes {

    private static final int LIMIT = 50;

    private Causes() {
    }

    static Set<Throwable> of(Throwable failure) {
        Set<Throwable> chain = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(failure, chain);
        return chain;
    }

    private static void collect(Throwable t, Set<Throwable> chain) {
        if (t == null || chain.size() >= LIMIT || !chain.add(t)) {
            return;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            collect(suppressed, chain);
        }
        collect(t.getCause(), chain);
    }
}
