package app.banter.platform.paging;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import app.banter.platform.error.ApiException;

/**
 * A keyset position for lists ordered by a timestamp, newest first, with the row id breaking ties: two rows created
 * in the same microsecond still page without gaps or repeats.
 */
public record TimeCursor(Instant at, UUID id) {

    // Rows are stamped by this service, so a position outside these bounds was never issued; beyond them PostgreSQL
    // refuses the timestamp itself (out of range), which must not reach the database as a query error.
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Duration CLOCK_SKEW = Duration.ofDays(1);

    public String encode() {
        return Cursor.encode(at.getEpochSecond() + "." + at.getNano() + "|" + id);
    }

    /** The position in {@code cursor}, or null for the first page. */
    public static TimeCursor decode(String cursor) {
        String position = Cursor.decode(cursor);
        if (position == null) {
            return null;
        }
        try {
            int bar = position.indexOf('|');
            int dot = position.indexOf('.');
            Instant at = Instant.ofEpochSecond(Long.parseLong(position.substring(0, dot)),
                    Long.parseLong(position.substring(dot + 1, bar)));
            if (at.isBefore(EARLIEST) || at.isAfter(Instant.now().plus(CLOCK_SKEW))) {
                throw new IllegalArgumentException("out of range");
            }
            return new TimeCursor(at, UUID.fromString(position.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("INVALID_CURSOR", "The cursor is not one this service issued");
        }
    }
}
