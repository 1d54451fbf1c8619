package app.banter.operator;

import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.StaffUsers;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TestWallets;
import app.banter.wallet.TransferKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Daily KPIs against rows seeded on a random day of a random year (no other test writes there), with rows on both
 * sides of each IST midnight: the figures must be exactly what was seeded.
 */
@QuarkusTest
class KpiTest {

    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    @Inject
    EntityManager em;

    @Inject
    TestWallets wallets;

    @Inject
    Accounts accounts;

    @Inject
    Ledger ledger;

    @Test
    void figuresMatchSeededRowsByIstDay() {
        LocalDate day = LocalDate.of(ThreadLocalRandom.current().nextInt(2040, 2090), 1, 1)
                .plusDays(ThreadLocalRandom.current().nextInt(0, 360));
        LocalDate next = day.plusDays(1);
        QuarkusTransaction.requiringNew().run(() -> seed(day));
        TestUser admin = StaffUsers.admin();

        ValidatableResponse twoDays = admin.request().get("/api/v1/admin/kpis?from=" + day + "&to=" + next).then()
                .statusCode(200).body("timeZone", equalTo("Asia/Kolkata")).body("days.size()", equalTo(2));
        twoDays.body("days[0].date", equalTo(day.toString()))
                .body("days[0].signUps", equalTo(2))
                .body("days[0].dailyActiveUsers", equalTo(2))
                .body("days[0].callMinutes", equalTo(7))
                .body("days[0].coinsSold", equalTo(350))
                .body("days[0].revenuePaise", equalTo(14800));
        twoDays.body("days[1].date", equalTo(next.toString()))
                .body("days[1].signUps", equalTo(1))
                .body("days[1].dailyActiveUsers", equalTo(1))
                .body("days[1].callMinutes", equalTo(5))
                .body("days[1].coinsSold", equalTo(600))
                .body("days[1].revenuePaise", equalTo(24900));
        // The day before, seeded one second before midnight IST, stands alone.
        admin.request().get("/api/v1/admin/kpis?from=" + day.minusDays(1) + "&to=" + day.minusDays(1)).then()
                .statusCode(200)
                .body("days[0].signUps", equalTo(1))
                .body("days[0].dailyActiveUsers", equalTo(1))
                .body("days[0].callMinutes", equalTo(2))
                .body("days[0].coinsSold", equalTo(100))
                .body("days[0].revenuePaise", equalTo(4900));
    }

    private void seed(LocalDate day) {
        // Users with wallets (made today, long before the day), for the purchases' credits.
        UUID a = wallets.newUser();
        UUID b = wallets.newUser();
        UUID c = wallets.newUser();

        // Sign-ups: two on the day (its first and last second), one the next day; one on each side outside.
        user(at(day, 0, 0, 0));
        user(at(day, 23, 59, 59));
        user(at(day.plusDays(1), 12, 0, 0));
        user(at(day.minusDays(1), 23, 59, 59));
        user(at(day.plusDays(2), 0, 0, 0));

        // Sessions: a twice and b on the day (2 active), a just after midnight (1 the next day), c the evening before.
        session(a, at(day, 1, 0, 0));
        session(a, at(day, 14, 0, 0));
        session(b, at(day, 10, 0, 0));
        session(a, at(day.plusDays(1), 0, 0, 0));
        session(c, at(day.minusDays(1), 23, 59, 0));

        // Calls by the time they ended: 3 + 4 (+ a 0-minute call) on the day, 5 the next, 2 the day before; a call
        // still running and one ending after the range do not count.
        call(a, b, at(day, 5, 0, 0), 3);
        call(a, b, at(day, 23, 0, 0), 4);
        call(b, c, at(day, 9, 0, 0), 0);
        call(b, c, at(day.plusDays(1), 0, 30, 0), 5);
        call(a, c, at(day.minusDays(1), 23, 59, 59), 2);
        call(a, c, null, 7);
        call(a, b, at(day.plusDays(2), 0, 0, 0), 100);

        // Purchases by the time they were paid: 250 + 100 (refunded later, still sold that day) on the day, 600 the
        // next, 100 the day before; one in REVIEW (never paid) does not count.
        purchase(a, "PAID", 250, 9900, at(day, 12, 0, 0));
        purchase(b, "REFUNDED", 100, 4900, at(day, 23, 59, 59));
        purchase(c, "PAID", 600, 24900, at(day.plusDays(1), 8, 0, 0));
        purchase(c, "PAID", 100, 4900, at(day.minusDays(1), 23, 59, 59));
        purchase(a, "REVIEW", 1500, 49900, null);
    }

    /**
     * Purchases credited after review: coins from what the ledger credited (less the coins of what was refunded
     * before the credit), revenue from what the payment captured, not from the package's price.
     */
    @Test
    void purchasesCreditedAfterReviewCountWhatWasCreditedAndPaid() {
        LocalDate day = LocalDate.of(ThreadLocalRandom.current().nextInt(2100, 2190), 1, 1)
                .plusDays(ThreadLocalRandom.current().nextInt(0, 360));
        QuarkusTransaction.requiringNew().run(() -> {
            UUID buyer = wallets.newUser();
            // 250 coins ordered for 9,900 paise, 4,900 paid, half of it refunded in review: 125 coins credited.
            purchase(buyer, "PAID", 250, 9900, 4900, 125, at(day, 10, 0, 0));
            // 100 coins ordered for 4,900 paise, 5,000 paid and credited in full.
            purchase(buyer, "PAID", 100, 4900, 5000, 100, at(day, 11, 0, 0));
            // Refunded in full before its capture reached us: paid, but nothing credited.
            purchase(buyer, "REFUNDED", 100, 4900, 4900, 0, at(day, 12, 0, 0));
        });
        StaffUsers.admin().request().get("/api/v1/admin/kpis?from=" + day + "&to=" + day).then().statusCode(200)
                .body("days[0].coinsSold", equalTo(125 + 100))
                .body("days[0].revenuePaise", equalTo(4900 + 5000 + 4900));
        wallets.assertBooksBalance();
    }

    private static Instant at(LocalDate date, int hour, int minute, int second) {
        return date.atTime(LocalTime.of(hour, minute, second)).atZone(IST).toInstant();
    }

    private UUID user(Instant createdAt) {
        UUID id = UUID.randomUUID();
        em.createNativeQuery("""
                insert into users (id, username, full_name, created_at, updated_at) values (?1, ?2, 'Kpi', ?3, ?3)""")
                .setParameter(1, id).setParameter(2, TestUsers.randomUsername()).setParameter(3, createdAt)
                .executeUpdate();
        return id;
    }

    private void session(UUID userId, Instant at) {
        em.createNativeQuery("""
                insert into refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at)
                values (?1, ?1, ?2, ?3, ?4, ?4)""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, userId)
                .setParameter(3, UUID.randomUUID().toString().getBytes()).setParameter(4, at)
                .executeUpdate();
    }

    private void call(UUID caller, UUID callee, Instant endedAt, int minutes) {
        Instant created = endedAt == null ? Instant.now() : endedAt.minusSeconds(3600);
        // A running call is not due for the billing reconciler in this test's lifetime.
        Instant nextCheck = endedAt == null ? Instant.now().plusSeconds(86_400) : created;
        em.createNativeQuery("""
                insert into calls (id, caller_id, callee_id, type, status, room_name, rate_per_minute,
                                   callee_share_percent, grace_seconds, ring_expires_at, next_check_at, created_at,
                                   updated_at, billed_minutes, ended_at)
                values (?1, ?2, ?3, 'AUDIO', ?4, ?5, 10, 50, 5, ?6, ?9, ?6, ?6, ?7, ?8)""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, caller).setParameter(3, callee)
                .setParameter(4, endedAt == null ? "ANSWERED" : "ENDED").setParameter(5, "kpi-" + UUID.randomUUID())
                .setParameter(6, created).setParameter(7, minutes).setParameter(8, endedAt).setParameter(9, nextCheck)
                .executeUpdate();
    }

    /**
     * A purchase as paid for the package's price and credited all its coins (once paid), as a settlement leaves it;
     * a REFUNDED one keeps its credit.
     */
    private void purchase(UUID userId, String status, long coins, long paise, Instant paidAt) {
        purchase(userId, status, coins, paise, paise, paidAt == null ? 0 : coins, paidAt);
    }

    private void purchase(UUID userId, String status, long coins, long paise, long paid, long credited,
            Instant paidAt) {
        Instant created = paidAt == null ? Instant.now() : paidAt.minusSeconds(60);
        UUID id = UUID.randomUUID();
        em.createNativeQuery("""
                insert into purchases (id, user_id, idempotency_key, package_id, coins, amount_paise, currency, status,
                                       reconcile_after, created_at, updated_at, paid_at, paid_amount)
                values (?1, ?2, ?3, 'coins-x', ?4, ?5, 'INR', ?6, ?7, ?7, ?7, ?8, ?9)""")
                .setParameter(1, id).setParameter(2, userId)
                .setParameter(3, "kpi-" + UUID.randomUUID()).setParameter(4, coins).setParameter(5, paise)
                .setParameter(6, status).setParameter(7, created).setParameter(8, paidAt)
                .setParameter(9, paidAt == null ? null : paid)
                .executeUpdate();
        if (credited > 0) {
            ledger.transfer("coin-purchase:" + id, SystemAccounts.ISSUANCE, accounts.coins(userId), credited,
                    TransferKind.COIN_PURCHASE, "purchase:" + id);
        }
    }
}
