package app.banter.payment;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.wallet.Account;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;

/** Coins bought and refunded, as ledger transfers between the ISSUANCE account and the buyer's coins. */
@ApplicationScoped
public class CoinCredits {

    private final Ledger ledger;
    private final Accounts accounts;

    CoinCredits(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    /** Keyed by the purchase, so a purchase is credited once whatever path settles it. */
    void credit(UUID userId, long coins, UUID purchaseId) {
        ledger.transfer("coin-purchase:" + purchaseId, SystemAccounts.ISSUANCE, accounts.coins(userId), coins,
                TransferKind.COIN_PURCHASE, "purchase:" + purchaseId);
    }

    /**
     * Takes back up to {@code coins} of what the user has available. Coins reserved by a hold (a running call) are not
     * taken: the hold may still be captured. Of what was not taken, {@code held} is how many such coins the balance
     * still had; the rest was already spent.
     */
    TakenBack takeBack(UUID userId, long coins, String idempotencyKey, UUID purchaseId) {
        UUID account = accounts.coins(userId);
        Account wallet = accounts.find(account).orElseThrow();
        long taken = Math.min(coins, Math.max(0, wallet.available()));
        if (taken > 0) {
            ledger.transfer(idempotencyKey, account, SystemAccounts.ISSUANCE, taken, TransferKind.PURCHASE_REFUND,
                    "purchase:" + purchaseId);
        }
        long held = Math.min(coins - taken, Math.max(0, wallet.held()));
        return new TakenBack(taken, held, coins - taken - held);
    }

    /** Of the coins a refund claimed: taken back, still held by a hold, and already spent. */
    record TakenBack(long taken, long held, long spent) {
    }
}
