package app.banter.platform;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids for rows written at a high rate and kept (the ledger's transfers and holds, messages, calls, matches, gifts,
 * notifications): version 7 UUIDs (RFC 9562), the time in milliseconds first and 74 random bits after. A random id
 * lands on a random page of its primary key's index: once that index outgrows the database's memory (the transfers
 * gain two rows per call, the messages one per message, and neither is pruned), each insert reads a page from
 * disk, and writes it whole to the WAL after every checkpoint. Ids that grow with time land on the last page, which
 * every insert of the moment shares. They are as unique and as unguessable in practice as random ones, and tell no
 * more than the row's own creation time.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return of(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** The lowest id of {@code at}'s millisecond: every id made before it sorts below (PostgreSQL compares bytes). */
    public static UUID firstOf(Instant at) {
        return of(at.toEpochMilli(), 0, 0);
    }

    /** The version 7 UUID of a time in milliseconds and two longs of random bits (only 74 of them are used). */
    static UUID of(long epochMillis, long randomA, long randomB) {
        long mostSignificant = (epochMillis << 16) | 0x7000L | (randomA & 0x0FFFL);
        long leastSignificant = (randomB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
