package app.banter.platform.paging;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, @Schema(nullable = true) String nextCursor) {

    /**
     * Builds a page from a query that fetched one row more than asked for, which tells whether a next page exists
     * without counting.
     */
    public static <R, T> Page<T> of(List<R> rowsPlusOne, int limit, Function<R, T> view, Function<R, String> cursor) {
        boolean hasMore = rowsPlusOne.size() > limit;
        List<R> rows = hasMore ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
        return new Page<>(rows.stream().map(view).toList(), hasMore ? cursor.apply(rows.get(limit - 1)) : null);
    }
}
