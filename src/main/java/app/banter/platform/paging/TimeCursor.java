package app.banter.platform.paging;

import java.time.Instant;
import java.util.UUID;

import app.banter.platform.error.ApiException;

/**
 * A keyset position for lists ordered by a timestamp, newest first, with the row id breaking ties: two rows created
 * in the same microsecond still page without gaps or repeats.
 */
public record TimeCursor(Instant at, UUID id) {

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
            return new TimeCursor(at, UUID.fromString(position.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("INVALID_CURSOR", "The cursor is not one this service issued");
        }
    }
}
