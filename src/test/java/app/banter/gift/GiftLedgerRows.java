package app.banter.gift;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import app.banter.testsupport.TestUsers.TestUser;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** What gift tests read behind the API: the gift rows and ledger transfers a send left, and coins for a sender. */
@ApplicationScoped
public class GiftLedgerRows {

    private final EntityManager em;
    private final Ledger ledger;
    private final Accounts accounts;

    GiftLedgerRows(EntityManager em, Ledger ledger, Accounts accounts) {
        this.em = em;
        this.ledger = ledger;
        this.accounts = accounts;
    }

    /** Buys the user {@code coins} more, as a purchase would. */
    public void topUp(TestUser user, long coins) {
        QuarkusTransaction.requiringNew().run(() -> ledger.transfer("test:top-up:" + UUID.randomUUID(),
                SystemAccounts.ISSUANCE, accounts.coins(user.id()), coins, TransferKind.COIN_PURCHASE, "test"));
    }

    public long giftsSentBy(UUID senderId) {
        return count("select count(*) from gifts where sender_id = ?1", senderId);
    }

    /** Transfers of the sender's gifts, by kind then amount: "GIFT_EARNING 6", "GIFT_CHARGE 4". */
    @SuppressWarnings("unchecked")
    public List<String> transfersOfGiftsBy(UUID senderId) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) em.createNativeQuery("""
                select t.kind || ' ' || t.amount from transfers t join gifts g on t.reference = 'gift:' || g.id
                where g.sender_id = ?1 order by t.kind desc, t.amount""")
                .setParameter(1, senderId).getResultList());
    }

    /** Coins that left the sender's COINS account for gifts: the sum of the gift transfers from it. */
    public long coinsChargedForGiftsOf(UUID senderId) {
        return count("""
                select coalesce(sum(t.amount), 0) from transfers t join gifts g on t.reference = 'gift:' || g.id
                where g.sender_id = ?1 and t.kind in ('GIFT_EARNING', 'GIFT_CHARGE')""", senderId);
    }

    public long giftsCoinsOf(UUID senderId) {
        return count("select coalesce(sum(coins), 0) from gifts where sender_id = ?1", senderId);
    }

    private long count(String sql, UUID senderId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter(1, senderId).getSingleResult()).longValue());
    }
}
