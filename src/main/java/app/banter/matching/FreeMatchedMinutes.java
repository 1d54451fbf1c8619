package app.banter.matching;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.call.SponsoredMinutes;

/**
 * The free minutes of matched calls, for call billing: the first {@code free-minutes-per-day} minutes a payer is
 * charged in matched calls each day (India Standard Time, by when each minute starts) are paid by promotions.
 */
@ApplicationScoped
class FreeMatchedMinutes implements SponsoredMinutes {

    private final MatchStore matches;
    private final FreeMinuteStore minutes;
    private final MatchingConfig config;

    FreeMatchedMinutes(MatchStore matches, FreeMinuteStore minutes, MatchingConfig config) {
        this.matches = matches;
        this.minutes = minutes;
        this.config = config;
    }

    @Override
    public Set<UUID> sponsoredAmong(Collection<UUID> callIds) {
        return config.freeMinutesPerDay() <= 0 || callIds.isEmpty() ? Set.of() : matches.matchedCalls(callIds);
    }

    @Override
    public boolean claim(UUID callId, int minute, UUID payerId, Instant minuteStart) {
        if (minutes.isFree(callId, minute)) {
            return true;
        }
        return config.freeMinutesPerDay() > 0
                && minutes.claim(callId, minute, payerId, dayOf(minuteStart), config.freeMinutesPerDay());
    }

    @Override
    public boolean unclaim(UUID callId, int minute) {
        return minutes.unclaim(callId, minute);
    }

    LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, config.freeMinutesZone());
    }
}
