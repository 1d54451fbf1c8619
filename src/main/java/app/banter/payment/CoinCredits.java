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

    /** Takes back up to {@code coins} of what the user has available; returns how many were taken. */
    long takeBack(UUID userId, long coins, String idempotencyKey, UUID purchaseId) {
        UUID account = accounts.coins(userId);
        long available = accounts.find(account).map(Account::available).orElse(0L);
        long taken = Math.min(coins, Math.max(0, available));
        if (taken > 0) {
            ledger.transfer(idempotencyKey, account, SystemAccounts.ISSUANCE, taken, TransferKind.PURCHASE_REFUND,
                    "purchase:" + purchaseId);
        }
        return taken;
    }
}
