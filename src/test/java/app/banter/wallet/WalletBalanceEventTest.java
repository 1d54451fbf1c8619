package app.banter.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** wallet.balance: after each committed ledger change, to the owner of the account only, with GET /wallet's figures. */
@QuarkusTest
class WalletBalanceEventTest {

    @Inject
    Ledger ledger;

    @Inject
    Accounts accounts;

    @Test
    void aCommittedChangeReachesItsOwnerOnly() {
        TestUser owner = TestUsers.register();
        TestUser other = TestUsers.register();
        try (WsClient ownerWs = WsClient.connect(RestAssured.port, owner.accessToken());
                WsClient otherWs = WsClient.connect(RestAssured.port, other.accessToken())) {
            ledger.transfer("test:" + UUID.randomUUID(), SystemAccounts.ISSUANCE, accounts.coins(owner.id()), 25,
                    TransferKind.COIN_PURCHASE, "test");

            JsonNode event = ownerWs.await("wallet.balance");
            JsonPath wallet = owner.request().get("/api/v1/wallet").then().statusCode(200).extract().jsonPath();
            assertThat(event.at("/coins/balance").asLong()).isEqualTo(wallet.getLong("coins.balance"));
            assertThat(event.at("/coins/available").asLong()).isEqualTo(wallet.getLong("coins.available"));
            assertThat(event.at("/earnings/balance").asLong()).isEqualTo(wallet.getLong("earnings.balance"));
            otherWs.assertNone("wallet.balance", Duration.ofSeconds(1));
        }
    }

    @Test
    void aRolledBackChangeSendsNothing() {
        TestUser owner = TestUsers.register();
        UUID coins = accounts.coins(owner.id());
        try (WsClient ownerWs = WsClient.connect(RestAssured.port, owner.accessToken())) {
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                ledger.transfer("test:" + UUID.randomUUID(), SystemAccounts.ISSUANCE, coins, 25,
                        TransferKind.COIN_PURCHASE, "test");
                throw new IllegalStateException("the caller fails after moving coins");
            })).hasMessageContaining("the caller fails");
            ownerWs.assertNone("wallet.balance", Duration.ofSeconds(2));
        }
    }

    @Test
    void aHoldChangesTheHeldCoins() {
        TestUser owner = TestUsers.register();
        UUID coins = accounts.coins(owner.id());
        try (WsClient ownerWs = WsClient.connect(RestAssured.port, owner.accessToken())) {
            ledger.placeHold("test:" + UUID.randomUUID(), coins, 10, "test", java.time.Instant.now().plusSeconds(60));
            JsonNode event = ownerWs.await("wallet.balance", e -> e.at("/coins/held").asLong() == 10);
            assertThat(event.at("/coins/available").asLong()).isEqualTo(event.at("/coins/balance").asLong() - 10);
        }
    }
}
