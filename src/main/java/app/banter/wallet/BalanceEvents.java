package app.banter.wallet;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonTypeName;

import app.banter.realtime.RealtimeEvents;
import app.banter.realtime.ServerEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Sends {@code wallet.balance} to the owner of every user account the ledger changed, once per transaction and only
 * after it commits, with the balances that transaction committed (a later change sends its own). The {@link Ledger}
 * reports each account it touches; whatever moved coins (a purchase, a call minute, a gift, a hold that expired), the
 * app's wallet figure follows without polling. Only the owner receives it; a rolled-back change sends nothing.
 * <p>
 * The balances are read just before the commit, on the transaction's own connection: read after it, in a new
 * transaction, they would need a second connection while the first is not yet back in the pool, and two hundred
 * concurrent debits exhausted the pool that way.
 */
@ApplicationScoped
public class BalanceEvents {

    private static final Logger LOG = Logger.getLogger(BalanceEvents.class);
    private static final Object KEY = new Object();

    /** The signed-in user's balances changed: the same figures as GET /api/v1/wallet. */
    @JsonTypeName("wallet.balance")
    @RegisterForReflection
    public record WalletBalance(WalletView.BalanceView coins, WalletView.BalanceView earnings)
            implements ServerEvent.WalletEvent {
    }

    private final TransactionSynchronizationRegistry transactions;
    private final AccountRepository accounts;
    private final RealtimeEvents realtime;

    BalanceEvents(TransactionSynchronizationRegistry transactions, AccountRepository accounts,
            RealtimeEvents realtime) {
        this.transactions = transactions;
        this.accounts = accounts;
        this.realtime = realtime;
    }

    /** Called by the ledger inside its transaction for each account whose balance or held coins it changed. */
    void changed(Collection<UUID> accountIds) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<UUID> pending = (Set<UUID>) transactions.getResource(KEY);
        if (pending == null) {
            Set<UUID> created = new HashSet<>();
            transactions.putResource(KEY, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                private Runnable events = () -> {
                };

                @Override
                public void beforeCompletion() {
                    events = read(created);
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        events.run();
                    }
                }
            });
            pending = created;
        }
        pending.addAll(accountIds);
    }

    void changed(UUID accountId) {
        changed(List.of(accountId));
    }

    /**
     * The events for the accounts' owners, as this transaction leaves them; sent only once it commits, all in one
     * fan-out frame (a billing batch changes the balances of a thousand users at once).
     */
    private Runnable read(Set<UUID> accountIds) {
        try {
            Map<UUID, WalletBalance> events = new HashMap<>();
            accounts.userAccountsOfOwnersWhileCommitting(accountIds).stream()
                    .collect(Collectors.groupingBy(Account::ownerId))
                    .forEach((owner, own) -> events.put(owner, new WalletBalance(balance(own, AccountType.COINS),
                            balance(own, AccountType.EARNINGS))));
            return () -> realtime.sendEach(events);
        } catch (SQLException | RuntimeException e) {
            // The change commits regardless; a client that misses the event reads GET /api/v1/wallet.
            LOG.warnf(e, "wallet.balance not sent for %d accounts", accountIds.size());
            return () -> {
            };
        }
    }

    private static WalletView.BalanceView balance(List<Account> own, AccountType type) {
        return own.stream().filter(a -> a.type() == type).findFirst().map(WalletView.BalanceView::of)
                .orElse(new WalletView.BalanceView(0, 0, 0));
    }
}
