package app.banter.referral;

import static app.banter.referral.ReferralFixture.buy;
import static app.banter.referral.ReferralFixture.codeOf;
import static app.banter.referral.ReferralFixture.coins;
import static app.banter.referral.ReferralFixture.newDeviceId;
import static app.banter.referral.ReferralFixture.refereeOf;
import static app.banter.referral.ReferralFixture.registerDevice;
import static app.banter.referral.ReferralFixture.registerWith;
import static app.banter.referral.ReferralFixture.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.referral.Referral.RejectionReason;
import app.banter.testsupport.Concurrently;
import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.IndianCalendar;
import app.banter.testsupport.LogCapture;
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
 * Referrals end to end: registration with a code, the referee's first coin purchase settled by signed Razorpay
 * webhooks, the abuse rules, refunds, and what GET /api/v1/referrals shows to whom. The test profile allows 2 rewards
 * per referrer per month; rewards are 50 coins each; every user starts with the 100-coin signup grant.
 */
@QuarkusTest
class ReferralTest {

    @Inject
    TestWallets wallets;

    @Inject
    Ledger ledger;

    @Inject
    Accounts accounts;

    @Inject
    EntityManager em;

    @Test
    void firstPurchaseRewardsBothOnceEvenWhenTwoPurchasesSettleAtOnce() {
        TestUser referrer = TestUsers.register();
        TestUser referee = refereeOf(codeOf(referrer));
        registerDevice(referee, newDeviceId());
        assertThat(statusOf(referrer, referee)).isEqualTo("PENDING");
        String firstOrder = ReferralFixture.order(referee);
        String secondOrder = ReferralFixture.order(referee);

        List<Concurrently.Outcome<Integer>> settled = Concurrently.run(2, i -> ReferralFixture.captured(
                i == 0 ? firstOrder : secondOrder, ReferralFixture.paymentId()).extract().statusCode());

        assertThat(settled).extracting(Concurrently.Outcome::result).containsExactly(200, 200);
        assertThat(coins(referee)).isEqualTo(100 + 2 * 100 + 50);
        assertThat(coins(referrer)).isEqualTo(100 + 50);
        for (TestUser user : List.of(referrer, referee)) {
            user.request().get("/api/v1/wallet/transactions").then().statusCode(200)
                    .body("items.findAll { it.kind == 'REFERRAL_REWARD' }", hasSize(1));
        }
        referrer.request().get("/api/v1/referrals").then().statusCode(200)
                .body("rewardsEarned", equalTo(50))
                .body("referrals.items", hasSize(1))
                .body("referrals.items[0].status", equalTo("REWARDED"))
                .body("referrals.items[0].reward", equalTo(50))
                .body("referrals.items[0].referee.username", equalTo(referee.username()))
                .body("referrals.items[0].rewardedAt", not(nullValue()));
        referee.request().get("/api/v1/referrals").then().body("rewardsEarned", equalTo(50));

        // A third purchase is not the first: nothing more; and its refund takes back its own coins, not the reward.
        String third = buy(referee);
        assertThat(coins(referrer)).isEqualTo(150);
        ReferralFixture.refunded(third, 4900).statusCode(200);
        assertThat(coins(referee)).isEqualTo(350);
        assertThat(statusOf(referrer, referee)).isEqualTo("REWARDED");
        wallets.assertBooksBalance();
    }

    @Test
    void codesAreShortUnambiguousAndCaseInsensitive() {
        TestUser referrer = TestUsers.register();
        ValidatableResponse mine = referrer.request().get("/api/v1/referrals").then().statusCode(200);
        String code = mine.extract().path("code");
        assertThat(code).matches("^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$");
        assertThat(mine.extract().<String>path("shareLink")).isEqualTo("https://banter.app/r/" + code);
        assertThat(mine.extract().<String>path("shareText")).contains(code).contains("https://banter.app/r/" + code);
        // The code stays the same.
        assertThat(codeOf(referrer)).isEqualTo(code);

        String phone = TestUsers.randomPhone();
        ValidatableResponse registered = registerWith(phone, code.toLowerCase()).statusCode(201)
                .body("status", equalTo("AUTHENTICATED"))
                .body("referral.status", equalTo("APPLIED"));
        TestUser referee = ReferralFixture.user(registered, phone);
        assertThat(statusOf(referrer, referee)).isEqualTo("PENDING");
        // Registration without a code says nothing about referrals.
        ValidatableResponse plain = registerWith(TestUsers.randomPhone(), null).statusCode(201);
        assertThat(plain.extract().<Object>path("referral")).isNull();
    }

    @Test
    void badCodesDoNotFailRegistrationButMakeNoReferral() {
        registerWith("ab!").statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        registerWith("ABC").statusCode(400);

        registerWith("QQQQ2222").statusCode(201).body("referral.status", equalTo("REFUSED"))
                .body("referral.code", equalTo("UNKNOWN_REFERRAL_CODE"))
                .body("accessToken", not(nullValue()));
        // Codes never contain 0/O/1/I/L: such an entry is simply unknown.
        registerWith("OOOO0000").statusCode(201).body("referral.code", equalTo("UNKNOWN_REFERRAL_CODE"));

        // One's own code: the same phone registering again after deleting its account.
        TestUser first = TestUsers.register();
        String ownCode = codeOf(first);
        first.request().delete("/api/v1/me").then().statusCode(204);
        ValidatableResponse again = registerWith(first.phone(), ownCode).statusCode(201)
                .body("referral.status", equalTo("REFUSED")).body("referral.code", equalTo("OWN_REFERRAL_CODE"));
        TestUser reRegistered = ReferralFixture.user(again, first.phone());
        reRegistered.request().get("/api/v1/referrals").then().body("code", not(equalTo(ownCode)))
                .body("referrals.items", hasSize(0));

        // A deleted user's code is unknown to anyone else.
        registerWith(ownCode).statusCode(201).body("referral.code", equalTo("UNKNOWN_REFERRAL_CODE"));
    }

    @Test
    void aReferrerIsRewardedAtMostTheMonthlyLimit() {
        TestUser referrer = TestUsers.register();
        String code = codeOf(referrer);
        IndianCalendar.awaitEnoughOfTheMonth();
        TestUser[] referees = new TestUser[3];
        for (int i = 0; i < referees.length; i++) {
            referees[i] = refereeOf(code);
            registerDevice(referees[i], newDeviceId());
            buy(referees[i]);
        }
        assertThat(statusOf(referrer, referees[0])).isEqualTo("REWARDED");
        assertThat(statusOf(referrer, referees[1])).isEqualTo("REWARDED");
        assertThat(statusOf(referrer, referees[2])).isEqualTo("NOT_REWARDED");
        assertThat(stored(referees[2]).rejectionReason).isEqualTo(RejectionReason.MONTHLY_LIMIT_REACHED);
        assertThat(coins(referrer)).isEqualTo(100 + 2 * 50);
        assertThat(coins(referees[2])).isEqualTo(100 + 100);
        referrer.request().get("/api/v1/referrals").then().body("rewardsEarned", equalTo(100))
                .body("referrals.items", hasSize(3));
        // Pages: newest first, no gaps.
        String next = referrer.request().queryParam("limit", 2).get("/api/v1/referrals").then()
                .body("referrals.items", hasSize(2)).body("referrals.items[0].referee.id",
                        equalTo(referees[2].id().toString()))
                .extract().path("referrals.nextCursor");
        referrer.request().queryParam("limit", 2).queryParam("cursor", next).get("/api/v1/referrals").then()
                .body("referrals.items", hasSize(1))
                .body("referrals.items[0].referee.id", equalTo(referees[0].id().toString()));
        wallets.assertBooksBalance();
    }

    @Test
    void oneRewardPerDevice() {
        TestUser referrer = TestUsers.register();
        TestUser other = TestUsers.register();
        String deviceId = newDeviceId();
        String fcmToken = "fcm-" + UUID.randomUUID();
        TestUser first = refereeOf(codeOf(referrer));
        registerDevice(first, fcmToken, deviceId);
        buy(first);
        assertThat(statusOf(referrer, first)).isEqualTo("REWARDED");

        // The same phone (stable id) under a new push token, referred by someone else.
        TestUser sameDevice = refereeOf(codeOf(other));
        registerDevice(sameDevice, "fcm-" + UUID.randomUUID(), deviceId);
        buy(sameDevice);
        assertThat(statusOf(other, sameDevice)).isEqualTo("NOT_REWARDED");
        assertThat(stored(sameDevice).rejectionReason).isEqualTo(RejectionReason.DEVICE_ALREADY_REWARDED);

        // The same app install (push token) signed in to another account, without a stable id.
        TestUser sameInstall = refereeOf(codeOf(other));
        registerDevice(sameInstall, fcmToken, null);
        buy(sameInstall);
        assertThat(stored(sameInstall).rejectionReason).isEqualTo(RejectionReason.DEVICE_ALREADY_REWARDED);

        // A referee who registered no device at all.
        TestUser noDevice = refereeOf(codeOf(referrer));
        buy(noDevice);
        assertThat(stored(noDevice).rejectionReason).isEqualTo(RejectionReason.NO_REGISTERED_DEVICE);
        assertThat(coins(other)).isEqualTo(100);
        assertThat(coins(sameDevice)).isEqualTo(200);
        assertThat(coins(noDevice)).isEqualTo(200);
        wallets.assertBooksBalance();
    }

    /**
     * The referrer signs up a second account (another SIM) on their own phone with their own code: the referee's phone
     * is one the referrer is signed in on, so neither is rewarded. Refused, it claims nothing: that phone's first
     * referral by someone else still counts.
     */
    @Test
    void noRewardForARefereeOnTheReferrersOwnPhone() {
        TestUser referrer = TestUsers.register();
        String deviceId = newDeviceId();
        registerDevice(referrer, deviceId);
        TestUser secondSim = refereeOf(codeOf(referrer));
        registerDevice(secondSim, deviceId);

        buy(secondSim);

        assertThat(statusOf(referrer, secondSim)).isEqualTo("NOT_REWARDED");
        assertThat(stored(secondSim).rejectionReason).isEqualTo(RejectionReason.SAME_DEVICE_AS_REFERRER);
        assertThat(coins(referrer)).isEqualTo(100);
        assertThat(coins(secondSim)).isEqualTo(200);

        // Signing out of the phone first (its device row goes with the session) changes nothing.
        String code = codeOf(referrer);
        String anotherPhone = newDeviceId();
        registerDevice(referrer, anotherPhone);
        referrer.request().post("/api/v1/auth/logout").then().statusCode(204);
        TestUser thirdSim = refereeOf(code);
        registerDevice(thirdSim, anotherPhone);
        buy(thirdSim);
        ValidatableResponse back = TestUsers.signIn(FirebaseTestClient.phoneIdToken(referrer.phone())).statusCode(200);
        TestUser signedInAgain = new TestUser(referrer.id(), referrer.phone(), referrer.username(),
                back.extract().path("accessToken"), back.extract().path("refreshToken"));
        assertThat(statusOf(signedInAgain, thirdSim)).isEqualTo("NOT_REWARDED");
        assertThat(stored(thirdSim).rejectionReason).isEqualTo(RejectionReason.SAME_DEVICE_AS_REFERRER);

        TestUser other = TestUsers.register();
        TestUser samePhone = refereeOf(codeOf(other));
        registerDevice(samePhone, deviceId);
        buy(samePhone);
        assertThat(statusOf(other, samePhone)).isEqualTo("REWARDED");
        wallets.assertBooksBalance();
    }

    @Test
    void onePhoneRewardAndNoPhoneInResponsesOrLogs() {
        TestUser referrer = TestUsers.register();
        TestUser other = TestUsers.register();
        String phone = TestUsers.randomPhone();
        try (LogCapture log = LogCapture.start()) {
            ValidatableResponse registered = registerWith(phone, codeOf(referrer)).statusCode(201);
            TestUser first = ReferralFixture.user(registered, phone);
            registerDevice(first, newDeviceId());
            buy(first);
            assertThat(statusOf(referrer, first)).isEqualTo("REWARDED");
            first.request().delete("/api/v1/me").then().statusCode(204);

            // The same phone, a new account, a new device, another referrer: no second reward for that phone.
            TestUser again = ReferralFixture.user(registerWith(phone, codeOf(other)).statusCode(201)
                    .body("referral.status", equalTo("APPLIED")), phone);
            registerDevice(again, newDeviceId());
            buy(again);
            assertThat(statusOf(other, again)).isEqualTo("NOT_REWARDED");
            assertThat(stored(again).rejectionReason).isEqualTo(RejectionReason.PHONE_ALREADY_REWARDED);
            assertThat(coins(other)).isEqualTo(100);

            String body = other.request().get("/api/v1/referrals").then().statusCode(200).extract().asString();
            assertThat(body).doesNotContain(phone).doesNotContain(phone.substring(3));
            String digits = phone.substring(3);
            assertThat(log.lines()).noneMatch(line -> line.message() != null
                    && (line.message().contains(digits) || line.message().contains(phone)));
        }
    }

    /**
     * Referrals from or to restricted users do not pay. A referee's restriction is theirs and the moderators' to know:
     * their referrer sees the referral NOT_REWARDED, as for any other reason, and the reason stays stored for staff.
     */
    @Test
    void referralsFromOrToRestrictedUsersDoNotPay() {
        TestUser moderator = TestUsers.moderator();
        TestUser restrictedReferrer = TestUsers.register();
        TestUser referee = refereeOf(codeOf(restrictedReferrer));
        moderator.request().body(Map.of("reason", "spam")).post("/api/v1/moderation/users/"
                + restrictedReferrer.id() + "/restrict").then().statusCode(200);
        registerDevice(referee, newDeviceId());
        buy(referee);
        assertThat(statusOf(restrictedReferrer, referee)).isEqualTo("NOT_REWARDED");
        assertThat(stored(referee).rejectionReason).isEqualTo(RejectionReason.USER_RESTRICTED);
        assertThat(coins(restrictedReferrer)).isEqualTo(100);

        TestUser referrer = TestUsers.register();
        TestUser restrictedReferee = refereeOf(codeOf(referrer));
        moderator.request().body(Map.of("reason", "spam")).post("/api/v1/moderation/users/"
                + restrictedReferee.id() + "/restrict").then().statusCode(200);
        registerDevice(restrictedReferee, newDeviceId());
        buy(restrictedReferee);
        String seen = referrer.request().get("/api/v1/referrals").then().statusCode(200)
                .body("referrals.items[0].status", equalTo("NOT_REWARDED"))
                .body("referrals.items[0]", not(hasKey("rejectionReason"))).extract().asString();
        assertThat(seen).doesNotContain("USER_RESTRICTED").doesNotContain("REJECTED");
        assertThat(stored(restrictedReferee).status).isEqualTo(Referral.Status.REJECTED);
        assertThat(stored(restrictedReferee).rejectionReason).isEqualTo(RejectionReason.USER_RESTRICTED);
        assertThat(coins(referrer)).isEqualTo(100);
        assertThat(coins(restrictedReferee)).isEqualTo(200);
        wallets.assertBooksBalance();
    }

    @Test
    void refundOfTheFirstPurchaseTakesBackTheRefereesUnspentReward() {
        TestUser referrer = TestUsers.register();
        String code = codeOf(referrer);

        // Nothing spent: the refund takes the 100 bought coins, the referral its 50.
        TestUser unspent = refereeOf(code);
        registerDevice(unspent, newDeviceId());
        String payment = buy(unspent);
        assertThat(coins(unspent)).isEqualTo(250);
        ReferralFixture.refunded(payment, 4900).statusCode(200);
        assertThat(coins(unspent)).isEqualTo(100);
        // The referrer keeps their reward and is not told of the referee's refund.
        assertThat(statusOf(referrer, unspent)).isEqualTo("REWARDED");
        assertThat(stored(unspent).status).isEqualTo(Referral.Status.CLAWED_BACK);
        unspent.request().get("/api/v1/referrals").then().body("rewardsEarned", equalTo(0));
        unspent.request().get("/api/v1/wallet/transactions").then()
                .body("items.findAll { it.kind == 'REFERRAL_CLAWBACK' }.amount", org.hamcrest.Matchers.contains(50));

        // 120 of 250 spent: the refund takes the 100 bought coins, the referral only the 30 left of its 50.
        TestUser spender = refereeOf(code);
        registerDevice(spender, newDeviceId());
        String spenderPayment = buy(spender);
        ledger.transfer("test-spend:" + UUID.randomUUID(), accounts.coins(spender.id()),
                SystemAccounts.PLATFORM_REVENUE, 120, TransferKind.CALL_CHARGE, "test");
        ReferralFixture.refunded(spenderPayment, 4900).statusCode(200);
        assertThat(coins(spender)).isZero();
        spender.request().get("/api/v1/referrals").then().body("rewardsEarned", equalTo(20));
        // A second refund of the same payment takes nothing more.
        ReferralFixture.refunded(spenderPayment, 100).statusCode(200);
        assertThat(coins(spender)).isZero();

        // The referrer keeps both rewards.
        assertThat(coins(referrer)).isEqualTo(100 + 2 * 50);
        referrer.request().get("/api/v1/referrals").then().body("rewardsEarned", equalTo(100))
                .body("referrals.items.status", org.hamcrest.Matchers.everyItem(equalTo("REWARDED")));
        wallets.assertBooksBalance();
    }

    @Test
    void theEndpointOnlyEverShowsTheCallersReferrals() {
        TestUser referrer = TestUsers.register();
        TestUser referee = refereeOf(codeOf(referrer));
        TestUser stranger = TestUsers.register();
        ValidatableResponse theirs = stranger.request().get("/api/v1/referrals").then().statusCode(200)
                .body("referrals.items", hasSize(0)).body("rewardsEarned", equalTo(0));
        assertThat(theirs.extract().<String>path("code")).isNotEqualTo(codeOf(referrer));
        assertThat(theirs.extract().asString()).doesNotContain(referee.id().toString());
        // The referee sees its own (empty) list, not the referrer's.
        referee.request().get("/api/v1/referrals").then().body("referrals.items", hasSize(0));
        // No parameter names a user; a cursor this service did not issue is refused.
        stranger.request().queryParam("cursor", "%%%").get("/api/v1/referrals").then().statusCode(400);
        io.restassured.RestAssured.given().get("/api/v1/referrals").then().statusCode(401);
    }

    /** The referral of {@code referee} as stored, with the reason staff read; its referrer is shown neither. */
    private Referral stored(TestUser referee) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("from Referral where refereeId = :referee", Referral.class)
                .setParameter("referee", referee.id()).getSingleResult());
    }
}
