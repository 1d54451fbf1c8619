package app.banter.platform;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.Query;

/**
 * Results of native queries run without a result class. Given a basic one (UUID, String, Instant...), Hibernate 7.2
 * misses its plan cache on every call and keeps one more entry for the same SQL each time (its implicit result builder
 * has no equals); PackageStructureTest refuses that form.
 */
public final class NativeQueries {

    private NativeQueries() {
    }

    /** The first and only column of every row, a uuid. */
    public static List<UUID> uuids(Query query) {
        return ((List<?>) query.getResultList()).stream().map(UUID.class::cast).toList();
    }
}
