package app.banter.wallet;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;

/** What a user reads of their own wallet. Nothing here takes another user's id from a client. */
@ApplicationScoped
public class WalletService {

    private final AccountRepository accounts;
    private final TransferRepository transfers;

    WalletService(AccountRepository accounts, TransferRepository transfers) {
        this.accounts = accounts;
        this.transfers = transfers;
    }

    /** One statement in autocommit: no transaction to begin and commit around it (docs/PERFORMANCE.md). */
    public WalletView wallet(UUID userId) {
        Map<AccountType, Account> own = ownAccounts(userId).values().stream()
                .collect(Collectors.toMap(Account::type, Function.identity()));
        return new WalletView(WalletView.BalanceView.of(own.get(AccountType.COINS)),
                WalletView.BalanceView.of(own.get(AccountType.EARNINGS)));
    }

    /** Transfers into and out of the user's accounts, newest first. */
    @Transactional
    public Page<TransactionView> transactions(UUID userId, String cursor, int limit) {
        Map<UUID, Account> own = ownAccounts(userId);
        List<Transfer> rows = transfers.history(List.copyOf(own.keySet()), TimeCursor.decode(cursor),
                limit + 1);
        return Page.of(rows, limit, transfer -> view(transfer, own),
                transfer -> new TimeCursor(transfer.createdAt(), transfer.id()).encode());
    }

    private Map<UUID, Account> ownAccounts(UUID userId) {
        List<Account> own = accounts.findUserAccounts(userId);
        if (own.isEmpty()) {
            throw ApiException.notFound("Wallet");
        }
        return own.stream().collect(Collectors.toMap(Account::id, Function.identity()));
    }

    private static TransactionView view(Transfer transfer, Map<UUID, Account> own) {
        boolean incoming = own.containsKey(transfer.toAccount());
        UUID mine = incoming ? transfer.toAccount() : transfer.fromAccount();
        UUID other = incoming ? transfer.fromAccount() : transfer.toAccount();
        return new TransactionView(transfer.id(), transfer.kind(), transfer.kind().label(),
                incoming ? TransactionView.Direction.IN : TransactionView.Direction.OUT, transfer.amount(),
                own.get(mine).type(), counterparty(other, own), transfer.reference(), transfer.createdAt());
    }

    /** Banter itself, the user's other account, or another user, who stays anonymous here. */
    private static String counterparty(UUID account, Map<UUID, Account> own) {
        if (SystemAccounts.isSystemAccount(account)) {
            return "Banter";
        }
        if (own.containsKey(account)) {
            return own.get(account).type() == AccountType.COINS ? "Your coins" : "Your earnings";
        }
        return "Another Banter user";
    }
}
