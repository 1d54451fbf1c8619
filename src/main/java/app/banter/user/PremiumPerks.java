package app.banter.user;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * What premium changes for a member, for the features that honour it. Membership is premiumUntil in the future, which
 * only verified subscription webhooks move (payment.SubscriptionService).
 */
@ApplicationScoped
public class PremiumPerks {

    private final UserRepository users;
    private final PremiumConfig config;
    private final Clock clock;

    PremiumPerks(UserRepository users, PremiumConfig config) {
        this.users = users;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * The per-minute rate {@code userId} pays for a call listed at {@code ratePerMinute}: the member discount taken
     * off, rounded down in coins (so the member never pays more than the percent promises), never below one coin.
     */
    @Transactional
    public long callRatePerMinute(UUID userId, long ratePerMinute) {
        boolean member = users.findByIdOptional(userId).filter(user -> user.isPremium(clock.instant())).isPresent();
        return member ? discounted(ratePerMinute) : ratePerMinute;
    }

    /** {@link #callRatePerMinute} for each of these users, in one query. */
    @Transactional
    public Map<UUID, Long> callRatesPerMinute(Collection<UUID> userIds, long ratePerMinute) {
        Set<UUID> members = config.callDiscountPercent() == 0 || userIds.isEmpty() ? Set.of()
                : users.premiumAmong(userIds, clock.instant());
        Map<UUID, Long> rates = new HashMap<>();
        userIds.forEach(id -> rates.put(id, members.contains(id) ? discounted(ratePerMinute) : ratePerMinute));
        return rates;
    }

    private long discounted(long ratePerMinute) {
        if (config.callDiscountPercent() == 0) {
            return ratePerMinute;
        }
        return Math.max(1, ratePerMinute - Math.ceilDiv(ratePerMinute * config.callDiscountPercent(), 100));
    }

    /** Whether {@code user}'s public profile shows the premium badge. */
    boolean showsBadge(User user) {
        return config.badge() && user.isPremium(clock.instant());
    }
}
