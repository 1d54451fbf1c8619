package app.banter.wallet;

import java.time.Instant;
import java.util.UUID;

/**
 * One period of a running service (a call's minute), counted on the hold that reserves it and paid when the hold is
 * settled ({@link Ledger#settleHold}). {@code number} counts the periods of the service from 1: a period whose number
 * the hold has counted already is paid and changes nothing. {@code key} names the period ("call:{id}:minute:3"); a
 * new hold opened for it, when the one named has closed or lapsed, is keyed {@code key:hold}.
 *
 * <p>
 * The hold is kept one period ahead and open at least until {@code keepOpenUntil}; when it would expire sooner, its
 * expiry moves to {@code extendTo}. Moving it only now and then, rather than with every period, lets PostgreSQL
 * rewrite the hold row in place (its expiry is indexed).
 */
public record HoldPeriod(String key, UUID holdId, int number, long price, Instant keepOpenUntil, Instant extendTo) {

    /** Whether the period is counted, and the hold that counts it and reserves what follows. */
    public record Result(boolean paid, UUID holdId) {
    }

    public HoldPeriod {
        if (number < 1 || price <= 0) {
            throw new IllegalArgumentException("A period has a number from 1 and a positive price");
        }
        if (extendTo.isBefore(keepOpenUntil)) {
            throw new IllegalArgumentException("A hold is extended at least as far as it must stay open");
        }
    }
}
