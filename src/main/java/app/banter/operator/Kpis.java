package app.banter.operator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;

/** Daily business figures by India Standard Time day, the day Banter's users and finance live by. */
@ApplicationScoped
public class Kpis {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    private final KpiStore store;
    private final OperatorConfig config;

    Kpis(KpiStore store, OperatorConfig config) {
        this.store = store;
        this.config = config;
    }

    /** {@code from} and {@code to} are ISO dates, both days included. */
    @Transactional
    public KpiReport between(String fromText, String toText) {
        LocalDate from = date("from", fromText);
        LocalDate to = date("to", toText);
        if (to.isBefore(from)) {
            throw ApiException.badRequest("INVALID_RANGE", "to is before from");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > config.kpiMaxDays()) {
            throw ApiException.badRequest("RANGE_TOO_LONG", "At most " + config.kpiMaxDays() + " days per request");
        }
        Instant start = from.atStartOfDay(IST).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(IST).toInstant();
        Map<LocalDate, Long> signUps = store.signUps(start, end);
        Map<LocalDate, Long> active = store.dailyActiveUsers(start, end);
        Map<LocalDate, Long> minutes = store.callMinutes(start, end);
        Map<LocalDate, Long> coins = store.coinsSold(start, end);
        Map<LocalDate, Long> revenue = store.revenuePaise(start, end);
        List<DayKpis> rows = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            rows.add(new DayKpis(day, signUps.getOrDefault(day, 0L), active.getOrDefault(day, 0L),
                    minutes.getOrDefault(day, 0L), coins.getOrDefault(day, 0L), revenue.getOrDefault(day, 0L)));
        }
        return new KpiReport(from, to, "Asia/Kolkata", rows);
    }

    private static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("INVALID_DATE", name + " is required (YYYY-MM-DD)");
        }
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.getYear() < 2000 || date.getYear() > 2999) {
                throw ApiException.badRequest("INVALID_DATE", name + " is out of range");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_DATE", name + " must be a date as YYYY-MM-DD");
        }
    }

    /** revenuePaise: what buyers paid for the coins sold that day, in paise, before refunds. */
    public record DayKpis(LocalDate date, long signUps, long dailyActiveUsers, long callMinutes, long coinsSold,
            long revenuePaise) {
    }

    public record KpiReport(LocalDate from, LocalDate to, String timeZone, List<DayKpis> days) {
    }
}
