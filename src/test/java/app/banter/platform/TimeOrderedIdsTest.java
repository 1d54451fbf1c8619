package app.banter.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidWithTheTimeInItsFirst48Bits() {
        long millis = 1_796_000_000_123L;
        UUID id = TimeOrderedIds.of(millis, -1L, -1L);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        // Every random bit the layout leaves is set from all-ones input, and nothing else.
        assertEquals("01a229f1-287b-7fff-bfff-ffffffffffff", id.toString());
        assertEquals("01a229f1-287b-7000-8000-000000000000", TimeOrderedIds.of(millis, 0L, 0L).toString());
    }

    @Test
    void laterIdsSortAfterEarlierOnesWhateverTheirRandomBits() {
        UUID earlier = TimeOrderedIds.of(1_796_000_000_123L, -1L, -1L);
        UUID later = TimeOrderedIds.of(1_796_000_000_124L, 0L, 0L);
        assertTrue(earlier.compareTo(later) < 0);
        // PostgreSQL orders uuids by their bytes, unsigned: the same order, as the text form shows.
        assertTrue(earlier.toString().compareTo(later.toString()) < 0);
    }

    @Test
    void theFirstIdOfAnInstantSortsAfterEveryIdMadeBeforeItAndBeforeEveryIdMadeInItsMillisecond() {
        long millis = 1_796_000_000_123L;
        UUID first = TimeOrderedIds.firstOf(Instant.ofEpochMilli(millis));
        assertTrue(TimeOrderedIds.of(millis - 1, -1L, -1L).toString().compareTo(first.toString()) < 0);
        assertTrue(first.toString().compareTo(TimeOrderedIds.of(millis, 0L, 1L).toString()) < 0);
        assertEquals(TimeOrderedIds.of(millis, 0L, 0L), first);
    }

    @Test
    void idsMadeInTheSameMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.next());
        }
        assertEquals(100_000, ids.size());
        UUID now = TimeOrderedIds.next();
        long millis = now.getMostSignificantBits() >>> 16;
        assertTrue(Math.abs(System.currentTimeMillis() - millis) < 60_000);
    }
}
