package app.banter.gift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.call.CallFixture;
import app.banter.call.CallFixture.Party;
import app.banter.gift.GiftViews.GiftView;
import app.banter.platform.error.ApiException;
import app.banter.testsupport.Concurrently;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.wallet.TestWallets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Gifts between the parties of a call, through the API. The callee gives (the caller's coins are also spent by the
 * call's billing, which runs meanwhile); prices from the catalogue: rose 10, chai 20; the receiver earns 60 %.
 */
@QuarkusTest
class CallGiftsTest {

    @Inject
    CallFixture calls;

    @Inject
    GiftLedgerRows rows;

    @Inject
    TestWallets wallets;

    @Inject
    GiftService giftService;

    @AfterEach
    void booksBalance() {
        LiveKitStandIn.resetToDefaults();
        wallets.assertBooksBalance();
    }

    @Test
    void theCatalogueListsTheGiftsOnSale() {
        TestUser me = TestUsers.register();
        me.request().get("/api/v1/gifts").then().statusCode(200)
                .body("id", hasItem("rose")).body("id", not(hasItem("retired-candle")))
                .body("find { it.id == 'chai' }.coinPrice", equalTo(20))
                .body("find { it.id == 'chai' }.iconKey", equalTo("gift/chai"));
    }

    @Test
    void aGiftInACallPaysTheReceiversShareOnceAndReachesBothParties() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            UUID callId = calls.connected(caller, callee, "AUDIO");

            JsonNode gift = send(callee.user(), "key-1", gift("chai", caller, callId, 2)).statusCode(200)
                    .body("coins", equalTo(40)).body("receiverCoins", equalTo(24)).body("quantity", equalTo(2))
                    .body("name", equalTo("Cutting chai")).body("callId", equalTo(callId.toString()))
                    .body("sender.id", equalTo(callee.user().id().toString()))
                    .body("receiver.username", equalTo(caller.user().username()))
                    .extract().as(JsonNode.class);

            assertThat(calls.coins(callee.user()).balance()).isEqualTo(100 - 40);
            assertThat(calls.earnings(caller.user()).balance()).isEqualTo(24);
            assertThat(rows.transfersOfGiftsBy(callee.user().id())).containsExactly("GIFT_EARNING 24",
                    "GIFT_CHARGE 16");
            String id = gift.path("id").asText();
            for (Party party : List.of(caller, callee)) {
                JsonNode event = party.ws().await("call.gift", e -> e.at("/gift/id").asText().equals(id));
                assertThat(event.path("callId").asText()).isEqualTo(callId.toString());
                assertThat(event.at("/gift/sender/username").asText()).isEqualTo(callee.user().username());
                assertThat(event.at("/gift/giftId").asText()).isEqualTo("chai");
            }
            callee.user().request().get("/api/v1/gifts/sent").then().statusCode(200)
                    .body("items[0].id", equalTo(id)).body("items[0].receiver.id",
                            equalTo(caller.user().id().toString()));
            caller.user().request().get("/api/v1/gifts/received").then().statusCode(200)
                    .body("items[0].id", equalTo(id)).body("items[0].sender.username",
                            equalTo(callee.user().username()));
            caller.user().request().get("/api/v1/gifts/sent").then().statusCode(200).body("items.size()", equalTo(0));
        }
    }

    @Test
    void aRetryReturnsTheFirstGiftAndTheSameKeyForAnotherGiftIsRefused() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            UUID callId = calls.connected(caller, callee, "AUDIO");
            String first = send(callee.user(), "retry-me", gift("rose", caller, callId, 1)).statusCode(200)
                    .extract().path("id");

            send(callee.user(), "retry-me", gift("rose", caller, callId, 1)).statusCode(200)
                    .body("id", equalTo(first));
            send(callee.user(), "retry-me", gift("rose", caller, callId, 3)).statusCode(409)
                    .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
            send(callee.user(), "retry-me", gift("chai", caller, callId, 1)).statusCode(409)
                    .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
            // Keys belong to their user: another sender's same key is a gift of its own.
            send(caller.user(), "retry-me", gift("rose", callee, callId, 1)).statusCode(200)
                    .body("id", not(equalTo(first)));

            assertThat(rows.giftsSentBy(callee.user().id())).isEqualTo(1);
            assertThat(calls.coins(callee.user()).balance()).isEqualTo(90);
            assertThat(calls.earnings(caller.user()).balance()).isEqualTo(6);
        }
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyGiveOneGift() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            UUID callId = calls.connected(caller, callee, "AUDIO");

            List<Concurrently.Outcome<String>> outcomes = Concurrently.run(20,
                    i -> send(callee.user(), "one-tap", gift("chai", caller, callId, 1)).statusCode(200)
                            .extract().path("id"));

            assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
            assertThat(outcomes.stream().map(Concurrently.Outcome::result).distinct()).hasSize(1);
            assertThat(rows.giftsSentBy(callee.user().id())).isEqualTo(1);
            assertThat(rows.transfersOfGiftsBy(callee.user().id())).containsExactly("GIFT_EARNING 12",
                    "GIFT_CHARGE 8");
            assertThat(calls.coins(callee.user()).balance()).isEqualTo(80);
            assertThat(calls.earnings(caller.user()).balance()).isEqualTo(12);
            caller.ws().await("call.gift");
            caller.ws().assertNone("call.gift", Duration.ofMillis(500));
        }
    }

    /**
     * Through the service, as the ledger's own test does. On a loaded machine some of 200 transactions at once wait
     * longer for a pooled connection than the pool allows (a client would get 503 and retry): those are sent again with
     * their own keys, as the app retries, until every gift has its answer. After every round the wallet is checked.
     */
    @Test
    void twoHundredConcurrentGiftsFromOneWalletNeverOverdrawIt() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            UUID callId = calls.connected(caller, callee, "AUDIO");
            rows.topUp(callee.user(), 900);
            UUID sender = callee.user().id();
            SendGift rose = new SendGift("rose", caller.user().id(), null, callId, 1);

            List<Integer> unanswered = IntStream.range(0, 200).boxed().toList();
            List<Throwable> refusals = new ArrayList<>();
            long given = 0;
            for (int round = 0; !unanswered.isEmpty() && round < 20; round++) {
                List<Integer> sending = unanswered;
                List<Concurrently.Outcome<GiftView>> outcomes = Concurrently.run(sending.size(),
                        i -> giftService.send(sender, "tap-" + sending.get(i), rose));
                List<Integer> again = new ArrayList<>();
                for (int i = 0; i < outcomes.size(); i++) {
                    Concurrently.Outcome<GiftView> outcome = outcomes.get(i);
                    if (outcome.succeeded()) {
                        given++;
                    } else if (isPoolExhausted(outcome.failure())) {
                        again.add(sending.get(i));
                    } else {
                        refusals.add(outcome.failure());
                    }
                }
                unanswered = again;
                long balance = calls.coins(callee.user()).balance();
                assertThat(balance).isGreaterThanOrEqualTo(0);
                assertThat(rows.coinsChargedForGiftsOf(sender)).isEqualTo(1000 - balance)
                        .isEqualTo(rows.giftsCoinsOf(sender));
            }

            assertThat(unanswered).isEmpty();
            assertThat(given).isEqualTo(100);
            assertThat(refusals).hasSize(100).allSatisfy(failure -> assertThat(failure)
                    .isInstanceOf(ApiException.class).extracting("code").isEqualTo("INSUFFICIENT_BALANCE"));
            assertThat(calls.coins(callee.user()).balance()).isZero();
            assertThat(rows.giftsSentBy(sender)).isEqualTo(100);
            assertThat(rows.coinsChargedForGiftsOf(sender)).isEqualTo(1000);
            assertThat(calls.earnings(caller.user()).balance()).isEqualTo(100 * 6);
        }
    }

    @Test
    void withoutEnoughCoinsNothingMoves() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            UUID callId = calls.connected(caller, callee, "AUDIO");
            calls.leaveCoins(callee.user(), 15);

            send(callee.user(), "too-dear", gift("chai", caller, callId, 1)).statusCode(402)
                    .body("code", equalTo("INSUFFICIENT_BALANCE"));

            assertThat(calls.coins(callee.user()).balance()).isEqualTo(15);
            assertThat(calls.earnings(caller.user()).balance()).isZero();
            assertThat(rows.giftsSentBy(callee.user().id())).isZero();
            assertThat(rows.transfersOfGiftsBy(callee.user().id())).isEmpty();
            // The key was not used up: the same gift goes through once the coins are there.
            rows.topUp(callee.user(), 5);
            send(callee.user(), "too-dear", gift("chai", caller, callId, 1)).statusCode(200);
            assertThat(calls.coins(callee.user()).balance()).isZero();
        }
    }

    @Test
    void giftsAreRefusedOutsideTheCallToYourselfAndForWhatIsNotOnSale() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            UUID callId = calls.connected(caller, callee, "AUDIO");
            TestUser stranger = TestUsers.register();
            TestUser giver = callee.user();

            send(giver, "k1", gift("rose", callee, callId, 1)).statusCode(400).body("code", equalTo("SELF_GIFT"));
            send(stranger, "k2", gift("rose", caller, callId, 1)).statusCode(409).body("code", equalTo("NOT_IN_CALL"));
            send(giver, "k3", gift("rose", stranger.id(), callId, 1)).statusCode(409)
                    .body("code", equalTo("RECEIVER_NOT_IN_CALL"));
            send(giver, "k4", gift("tiara", caller, callId, 1)).statusCode(400).body("code", equalTo("UNKNOWN_GIFT"));
            send(giver, "k5", gift("retired-candle", caller, callId, 1)).statusCode(400)
                    .body("code", equalTo("UNKNOWN_GIFT"));
            Map<String, Object> both = gift("rose", caller, callId, 1);
            both.put("roomId", UUID.randomUUID());
            send(giver, "k6", both).statusCode(400).body("code", equalTo("ROOM_OR_CALL_REQUIRED"));
            Map<String, Object> neither = gift("rose", caller, callId, 1);
            neither.remove("callId");
            send(giver, "k7", neither).statusCode(400).body("code", equalTo("ROOM_OR_CALL_REQUIRED"));
            send(giver, "k8", gift("rose", caller, callId, 0)).statusCode(400);
            send(giver, "k9", gift("rose", caller, callId, 100)).statusCode(400);
            send(giver, "not a key!", gift("rose", caller, callId, 1)).statusCode(400);
            giver.request().body(gift("rose", caller, callId, 1)).post("/api/v1/gifts/sent").then().statusCode(400);
            send(giver, "k10", gift("rose", UUID.randomUUID(), callId, 1)).statusCode(404);

            callee.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
            send(giver, "k11", gift("rose", caller, callId, 1)).statusCode(409).body("code", equalTo("NOT_IN_CALL"));

            assertThat(rows.giftsSentBy(giver.id())).isZero();
            assertThat(calls.coins(giver).balance()).isEqualTo(100);
        }
    }

    @Test
    void aRingingCallTakesNoGifts() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            UUID callId = UUID.fromString(calls.start(caller, callee, "AUDIO"));
            send(callee.user(), "early", gift("rose", caller, callId, 1)).statusCode(409)
                    .body("code", equalTo("NOT_IN_CALL"));
        }
    }

    @Test
    void noGiftCrossesABlockEitherWay() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            UUID callId = calls.connected(caller, callee, "AUDIO");

            Social.block(caller.user(), callee.user());
            send(callee.user(), "b1", gift("rose", caller, callId, 1)).statusCode(404);
            caller.user().request().delete("/api/v1/blocks/" + callee.user().id()).then().statusCode(204);

            Social.block(callee.user(), caller.user());
            send(callee.user(), "b2", gift("rose", caller, callId, 1)).statusCode(409)
                    .body("code", equalTo("USER_BLOCKED"));

            assertThat(rows.giftsSentBy(callee.user().id())).isZero();
            assertThat(calls.coins(callee.user()).balance()).isEqualTo(100);
        }
    }

    /** The pool had no connection for the transaction within its acquisition timeout: nothing happened. */
    private static boolean isPoolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    private static ValidatableResponse send(TestUser sender, String key, Map<String, Object> body) {
        return sender.request().header("Idempotency-Key", key).body(body).post("/api/v1/gifts/sent").then();
    }

    private static Map<String, Object> gift(String giftId, Party receiver, UUID callId, int quantity) {
        return gift(giftId, receiver.user().id(), callId, quantity);
    }

    private static Map<String, Object> gift(String giftId, UUID receiverId, UUID callId, int quantity) {
        Map<String, Object> body = new HashMap<>();
        body.put("giftId", giftId);
        body.put("receiverId", receiverId);
        body.put("callId", callId);
        body.put("quantity", quantity);
        return body;
    }
}
