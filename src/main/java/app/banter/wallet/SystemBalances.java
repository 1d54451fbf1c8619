package app.banter.wallet;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The balance changes of Banter's own accounts ({@link SystemAccounts}), summed per transaction and written by one
 * statement just before it commits. Every purchase takes coins from ISSUANCE and every call minute pays platform
 * revenue: written with the transfer, those rows stayed locked through everything the transaction did after it (a
 * purchase's notification and referral check), and every purchase and call ending in the service queued on them. Now
 * they are locked only from that last statement to the commit.
 * <p>
 * Nothing is lost by waiting: a system account may go below zero, so its side of a transfer never refuses one, and the
 * sum of all balances is zero again in what the transaction commits. Within the transaction a system account's row
 * does not yet show its own changes; nothing reads it there. Written last and in {@link AccountRepository#LOCK_ORDER},
 * these rows are also always the last locks a transaction takes, which no lock wait can turn into a cycle.
 * <p>
 * The synchronization is registered after the transaction's first ledger statement, so after the one Hibernate
 * registers when its session joins the transaction: the session's flush runs before this statement, not while the
 * rows are held.
 */
@ApplicationScoped
class SystemBalances {

    private static final Object KEY = new Object();

    private final TransactionSynchronizationRegistry transactions;
    private final AccountRepository accounts;

    SystemBalances(TransactionSynchronizationRegistry transactions, AccountRepository accounts) {
        this.transactions = transactions;
        this.accounts = accounts;
    }

    /** The system sides of a transfer that moved: the payer's coins go, the payee's arrive. */
    void moved(Transfer transfer) {
        if (SystemAccounts.isSystemAccount(transfer.fromAccount())) {
            add(transfer.fromAccount(), -transfer.amount());
        }
        if (SystemAccounts.isSystemAccount(transfer.toAccount())) {
            add(transfer.toAccount(), transfer.amount());
        }
    }

    /** Changes to system accounts only. */
    void addAll(Collection<HoldCharging.AccountChange> changes) {
        changes.forEach(change -> add(change.accountId(), change.balance()));
    }

    private void add(UUID account, long delta) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            // Every Ledger method is @Transactional; a change outside one would never be written.
            throw new IllegalStateException("System balances change inside a transaction");
        }
        @SuppressWarnings("unchecked")
        Map<UUID, Long> pending = (Map<UUID, Long>) transactions.getResource(KEY);
        if (pending == null) {
            Map<UUID, Long> created = new HashMap<>();
            transactions.putResource(KEY, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    write(created);
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            pending = created;
        }
        pending.merge(account, delta, Long::sum);
    }

    /** An exception here rolls the whole transaction back: its transfers are recorded, so their coins must move. */
    private void write(Map<UUID, Long> pending) {
        try {
            accounts.addToSystemBalancesWhileCommitting(pending);
        } catch (SQLException e) {
            throw new IllegalStateException("System account balances not written", e);
        }
    }
}
