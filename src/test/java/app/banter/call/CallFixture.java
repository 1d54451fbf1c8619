package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LiveKitWebhooks;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import app.banter.wallet.Account;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;

/** Two people on their phones (connected to /ws), the calls between them, and the clock moved for a call. */
@ApplicationScoped
public class CallFixture {

    private final EntityManager em;
    private final Ledger ledger;
    private final Accounts accounts;

    CallFixture(EntityManager em, Ledger ledger, Accounts accounts) {
        this.em = em;
        this.ledger = ledger;
        this.accounts = accounts;
    }

    public record Party(TestUser user, WsClient ws) implements AutoCloseable {
        @Override
        public void close() {
            ws.close();
        }
    }

    /** The call as stored now, read in a transaction of its own. */
    public Call call(UUID callId) {
        return QuarkusTransaction.requiringNew().call(() -> em.find(Call.class, callId));
    }

    public Party online() {
        TestUser user = TestUsers.register();
        return new Party(user, WsClient.connect(RestAssured.port, user.accessToken()));
    }

    /** Someone else online, a friend of {@code party}'s: phone-network calls reach friends unless they said otherwise. */
    public Party friendOf(Party party) {
        Party friend = online();
        Social.befriend(party.user(), friend.user());
        return friend;
    }

    public String start(Party caller, Party callee, String type) {
        return caller.user().request().body(Map.of("calleeId", callee.user().id(), "type", type))
                .post("/api/v1/calls").then().statusCode(201).extract().path("call.id");
    }

    /** Rung, answered, and both parties reported in the room by LiveKit: billing has started. */
    public UUID connected(Party caller, Party callee, String type) {
        UUID callId = UUID.fromString(start(caller, callee, type));
        callee.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(200);
        String room = "call-" + callId;
        Instant now = Instant.now();
        LiveKitStandIn.participantsAnyRoom(List.of(caller.user().id().toString(), callee.user().id().toString()));
        LiveKitWebhooks.participant("participant_joined", room, caller.user().id(), now).statusCode(200);
        LiveKitWebhooks.participant("participant_joined", room, callee.user().id(), now).statusCode(200);
        return callId;
    }

    /**
     * Moves the call's past back by {@code elapsed}, as if it had been going on that long, and makes it due. A call
     * that has ended is left as it is: its end is in the past too, and moving its start alone would lengthen it.
     */
    public void elapse(UUID callId, Duration elapsed) {
        elapse(List.of(callId), elapsed);
    }

    /** {@link #elapse(UUID, Duration)} for several calls at once: a reconciler sees all of them due or none. */
    public void elapse(List<UUID> callIds, Duration elapsed) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update calls set created_at = created_at - d, ring_expires_at = ring_expires_at - d,
                  answered_at = answered_at - d, caller_joined_at = caller_joined_at - d,
                  caller_left_at = caller_left_at - d, callee_joined_at = callee_joined_at - d,
                  callee_left_at = callee_left_at - d, connected_at = connected_at - d,
                  participants_checked_at = participants_checked_at - d, next_minute_at = next_minute_at - d,
                  end_requested_at = end_requested_at - d, next_check_at = now()
                from (select make_interval(secs => ?2) as d) elapsed
                where id in (?1) and status in ('INITIATED', 'RINGING', 'ANSWERED')""")
                .setParameter(1, callIds)
                .setParameter(2, elapsed.toMillis() / 1000.0)
                .executeUpdate());
    }

    /**
     * Leaves the user exactly {@code coins} spendable through the ledger: the rest going to platform revenue, or what is
     * missing bought.
     */
    public void leaveCoins(TestUser user, long coins) {
        QuarkusTransaction.requiringNew().run(() -> {
            UUID account = accounts.coins(user.id());
            long excess = accounts.find(account).map(Account::available).orElseThrow() - coins;
            if (excess > 0) {
                ledger.transfer("test:spend:" + UUID.randomUUID(), account, SystemAccounts.PLATFORM_REVENUE, excess,
                        TransferKind.CALL_CHARGE, "test");
            } else if (excess < 0) {
                ledger.transfer("test:top-up:" + UUID.randomUUID(), SystemAccounts.ISSUANCE, account, -excess,
                        TransferKind.COIN_PURCHASE, "test");
            }
        });
    }

    public Account coins(TestUser user) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.find(accounts.coins(user.id())).orElseThrow());
    }

    public Account earnings(TestUser user) {
        return QuarkusTransaction.requiringNew()
                .call(() -> accounts.find(accounts.earnings(user.id())).orElseThrow());
    }

    /** Every coin is somewhere: the balances of all accounts sum to zero. */
    public long ledgerSum() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select coalesce(sum(balance), 0) from accounts").getSingleResult()).longValue());
    }

    /** The transfers that paid the call's minutes: its settlement's two, once it has ended. */
    public long transfersOf(UUID callId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                select count(*) from transfers
                where idempotency_key like ?1 and kind in ('CALL_CHARGE', 'CALL_EARNING')""")
                .setParameter(1, "call:" + callId + ":%").getSingleResult()).longValue());
    }

    /** The coins its settlement paid to one part ("callee", "platform") of the call's split; 0 when none. */
    public long settledTo(UUID callId, String part) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select coalesce(sum(amount), 0) from transfers where idempotency_key = ?1")
                .setParameter(1, "call:" + callId + ":settle:" + part).getSingleResult()).longValue());
    }

    /** The coins of the call's minutes counted on its hold and not yet paid: they are paid when the call ends. */
    public long accrued(UUID callId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select coalesce(sum(accrued), 0) from holds where reference = ?1")
                .setParameter(1, "call:" + callId).getSingleResult()).longValue());
    }
}
