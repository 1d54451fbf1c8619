package app.banter.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.UnaryOperator;

/**
 * India's calendar, by which the service counts its daily and monthly limits (withdrawals, referral rewards). A test
 * whose requests are counted against one day's or one month's limit must not run across a midnight in India: the
 * requests after it would count against the next day's.
 */
public final class IndianCalendar {

    public static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    /** Far more than such a test's requests take on a busy machine. */
    private static final Duration ENOUGH = Duration.ofMinutes(3);

    private IndianCalendar() {
    }

    /** Returns once enough of today is left in India for a test to run in it, after midnight there if need be. */
    public static void awaitEnoughOfTheDay() {
        awaitEnoughBefore(today -> today.plusDays(1));
    }

    /** {@link #awaitEnoughOfTheDay()} for the month. */
    public static void awaitEnoughOfTheMonth() {
        awaitEnoughBefore(today -> today.withDayOfMonth(1).plusMonths(1));
    }

    private static void awaitEnoughBefore(UnaryOperator<LocalDate> nextStart) {
        await().atMost(ENOUGH.plusMinutes(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Instant now = Instant.now();
                    Instant end = nextStart.apply(LocalDate.ofInstant(now, ZONE)).atStartOfDay(ZONE).toInstant();
                    return Duration.between(now, end).compareTo(ENOUGH) >= 0;
                });
    }
}
