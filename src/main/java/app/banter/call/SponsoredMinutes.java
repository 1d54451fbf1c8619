package app.banter.call;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Minutes of some calls that a sponsor pays rather than the caller: the free daily minutes of matched calls, paid by
 * the promotions account. The caller's hold is charged as in any call and the minute's price goes back to the caller
 * from promotions under a key naming the call and the minute, so billing keeps its one charging path. Declared here
 * and implemented by the feature that decides (matching), so that call depends on no feature above it.
 */
public interface SponsoredMinutes {

    /** Of these calls, those whose minutes may be sponsored: asked once per billing batch. */
    Set<UUID> sponsoredAmong(Collection<UUID> callIds);

    /**
     * Whether minute {@code minute} of the call, starting at {@code minuteStart}, is sponsored. The first answer
     * counts it against {@code payerId}'s allowance for that day; every later question gets the same answer and counts
     * nothing. Joins the caller's transaction.
     */
    boolean claim(UUID callId, int minute, UUID payerId, Instant minuteStart);

    /**
     * The minute was given back (it started after the call ended): it stops counting against the allowance. Returns
     * whether it had been sponsored, in which case the caller's refund for it goes back to the sponsor.
     */
    boolean unclaim(UUID callId, int minute);
}
