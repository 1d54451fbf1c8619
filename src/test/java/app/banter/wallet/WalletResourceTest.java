package app.banter.wallet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The wallet as the app sees it: registered through the real sign-in, read through the API. */
@QuarkusTest
class WalletResourceTest {

    @Inject
    Ledger ledger;

    @Inject
    Accounts accounts;

    @Inject
    TestWallets wallets;

    @AfterEach
    void booksBalance() {
        wallets.assertBooksBalance();
    }

    @Test
    void registrationOpensTheWalletWithTheSignupGrantOnce() {
        TestUser user = TestUsers.register();

        user.request().get("/api/v1/wallet").then().statusCode(200)
                .body("coins.balance", equalTo(100))
                .body("coins.held", equalTo(0))
                .body("coins.available", equalTo(100))
                .body("earnings.balance", equalTo(0))
                .body("earnings.available", equalTo(0));
        JsonPath history = user.request().get("/api/v1/wallet/transactions").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].kind", equalTo("SIGNUP_GRANT"))
                .body("items[0].description", equalTo("Signup bonus"))
                .body("items[0].direction", equalTo("IN"))
                .body("items[0].amount", equalTo(100))
                .body("items[0].account", equalTo("COINS"))
                .body("items[0].counterparty", equalTo("Banter"))
                .body("nextCursor", nullValue())
                .extract().jsonPath();

        Transfer again = ledger.transfer("signup-grant:" + user.id(), SystemAccounts.PROMOTIONS,
                accounts.coins(user.id()), 100, TransferKind.SIGNUP_GRANT, null);
        assertThat(again.id().toString()).isEqualTo(history.getString("items[0].id"));
        user.request().get("/api/v1/wallet").then().body("coins.balance", equalTo(100));
    }

    @Test
    void theSignupGrantIsGivenOncePerPhoneHoweverOftenItRegistersAgain() {
        String phone = TestUsers.randomPhone();
        TestUser first = TestUsers.register(phone, TestUsers.randomUsername());
        first.request().delete("/api/v1/me").then().statusCode(204);
        TestUser second = TestUsers.register(phone, TestUsers.randomUsername());
        second.request().delete("/api/v1/me").then().statusCode(204);
        TestUser third = TestUsers.register(phone, TestUsers.randomUsername());

        third.request().get("/api/v1/wallet").then().statusCode(200).body("coins.balance", equalTo(0));
        third.request().get("/api/v1/wallet/transactions").then().statusCode(200).body("items", hasSize(0));
        assertThat(wallets.signupGrantsOf(List.of(first.id(), second.id(), third.id()))).isEqualTo(1);
        TestUsers.register().request().get("/api/v1/wallet").then().body("coins.balance", equalTo(100));
    }

    @Test
    void anAccountGrantedBeforePhonesWereKeptLeavesItsPhoneGrantedWhenDeleted() {
        String phone = TestUsers.randomPhone();
        TestUser before = TestUsers.register(phone, TestUsers.randomUsername());
        wallets.forgetSignupGrantPhoneOf(before.id());
        before.request().delete("/api/v1/me").then().statusCode(204);

        TestUser again = TestUsers.register(phone, TestUsers.randomUsername());

        again.request().get("/api/v1/wallet").then().statusCode(200).body("coins.balance", equalTo(0));
        assertThat(wallets.signupGrantsOf(List.of(before.id(), again.id()))).isEqualTo(1);
    }

    @Test
    void balancesShowWhatHoldsReserve() {
        TestUser user = TestUsers.register();
        UUID coins = accounts.coins(user.id());
        ledger.placeHold("test:" + UUID.randomUUID(), coins, 30, "call:1", java.time.Instant.now().plusSeconds(3600));
        ledger.transfer("test:" + UUID.randomUUID(), SystemAccounts.PLATFORM_REVENUE, accounts.earnings(user.id()), 12,
                TransferKind.CALL_CHARGE, "call:2");

        user.request().get("/api/v1/wallet").then().statusCode(200)
                .body("coins.balance", equalTo(100))
                .body("coins.held", equalTo(30))
                .body("coins.available", equalTo(70))
                .body("earnings.balance", equalTo(12))
                .body("earnings.available", equalTo(12));
    }

    @Test
    void historyPagesNewestFirstWithoutGapsOrRepeats() {
        TestUser user = TestUsers.register();
        UUID coins = accounts.coins(user.id());
        for (int i = 1; i <= 6; i++) {
            ledger.transfer("test:" + UUID.randomUUID(), coins, SystemAccounts.PLATFORM_REVENUE, i,
                    TransferKind.CALL_CHARGE, "call:" + i);
        }

        List<String> references = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = user.request().queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/wallet/transactions").then().statusCode(200).extract().jsonPath();
            references.addAll(page.getList("items.reference", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(references).containsExactly("call:6", "call:5", "call:4", "call:3", "call:2", "call:1", null);
        user.request().queryParam("limit", 1).get("/api/v1/wallet/transactions").then()
                .body("items[0].direction", equalTo("OUT"))
                .body("items[0].amount", equalTo(6))
                .body("items[0].description", equalTo("Call"));
    }

    @Test
    void aUserSeesOnlyTheirOwnWallet() {
        TestUser alice = TestUsers.register();
        TestUser bob = TestUsers.register();
        UUID aliceCoins = accounts.coins(alice.id());
        UUID bobEarnings = accounts.earnings(bob.id());
        ledger.transfer("test:" + UUID.randomUUID(), aliceCoins, bobEarnings, 40, TransferKind.CALL_CHARGE, "call:7");
        for (int i = 0; i < 3; i++) {
            ledger.transfer("test:" + UUID.randomUUID(), aliceCoins, SystemAccounts.PLATFORM_REVENUE, 1,
                    TransferKind.CALL_CHARGE, "alice-only");
        }

        bob.request().get("/api/v1/wallet").then().body("coins.balance", equalTo(100))
                .body("earnings.balance", equalTo(40));
        bob.request().get("/api/v1/wallet/transactions").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].reference", equalTo("call:7"))
                .body("items[0].direction", equalTo("IN"))
                .body("items[0].account", equalTo("EARNINGS"))
                .body("items[0].counterparty", equalTo("Another Banter user"))
                .body("items[1].kind", equalTo("SIGNUP_GRANT"));
        String body = bob.request().get("/api/v1/wallet/transactions").asString();
        assertThat(body).doesNotContain(alice.phone(), alice.id().toString(), aliceCoins.toString());

        String aliceCursor = alice.request().queryParam("limit", 1).get("/api/v1/wallet/transactions").then()
                .extract().path("nextCursor");
        bob.request().queryParam("cursor", aliceCursor).get("/api/v1/wallet/transactions").then().statusCode(200)
                .body("items.reference", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("alice-only")));
        alice.request().get("/api/v1/wallet").then().body("coins.balance", equalTo(57));
    }

    @Test
    void theWalletNeedsAnAccessTokenAndValidParameters() {
        given().get("/api/v1/wallet").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().get("/api/v1/wallet/transactions").then().statusCode(401);

        TestUser user = TestUsers.register();
        user.request().queryParam("cursor", "not-ours!").get("/api/v1/wallet/transactions").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("INVALID_CURSOR"));
        user.request().queryParam("cursor", "bm9wZQ").get("/api/v1/wallet/transactions").then().statusCode(400)
                .body("code", equalTo("INVALID_CURSOR"));
        user.request().queryParam("limit", 0).get("/api/v1/wallet/transactions").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        user.request().queryParam("limit", 101).get("/api/v1/wallet/transactions").then().statusCode(400);
    }
}
