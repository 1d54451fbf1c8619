package app.banter.user;

import java.util.List;
import java.util.Locale;

/**
 * What Discover people narrows by; every part is optional, and the parts combine with AND. {@code prefix}: username
 * or name prefix (lower-case); {@code language}: exact code; {@code interests}: any of them (case-insensitive);
 * {@code onlineNow}: only the "online now" list.
 */
public record DiscoverFilter(String prefix, String language, List<String> interests, boolean onlineNow) {

    public DiscoverFilter {
        prefix = prefix == null || prefix.isBlank() ? null : prefix.strip().toLowerCase(Locale.ROOT);
        interests = interests == null ? List.of()
                : interests.stream().map(i -> i.strip().toLowerCase(Locale.ROOT)).filter(i -> !i.isEmpty())
                        .distinct().toList();
    }

    public boolean isEmpty() {
        return prefix == null && language == null && interests.isEmpty() && !onlineNow;
    }
}
