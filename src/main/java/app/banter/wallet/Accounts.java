package app.banter.wallet;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import app.banter.user.AccountDeleted;
import app.banter.user.UserRegistered;

/** Opens every user's accounts and finds them; system accounts are in {@link SystemAccounts}. */
@ApplicationScoped
public class Accounts {

    private final AccountRepository accounts;
    private final Ledger ledger;
    private final WalletConfig config;

    Accounts(AccountRepository accounts, Ledger ledger, WalletConfig config) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.config = config;
    }

    /**
     * Opens the new user's COINS and EARNINGS accounts and gives the signup grant, in the registering transaction:
     * a user exists with a wallet or not at all. The grant is given once per phone (an account deleted and registered
     * again gets none), claimed by the phone's keyed hash in this transaction; its key is derived from the user.
     */
    @Transactional
    void open(@Observes UserRegistered event) {
        UUID coins = UUID.randomUUID();
        accounts.openUserAccounts(event.userId(), coins, UUID.randomUUID(), Instant.now());
        if (config.signupGrant() > 0
                && (event.phoneHash() == null || accounts.claimSignupGrantPhone(event.phoneHash(), event.userId()))) {
            ledger.transfer(signupGrantKey(event.userId()), SystemAccounts.PROMOTIONS, coins, config.signupGrant(),
                    TransferKind.SIGNUP_GRANT, null);
        }
    }

    /**
     * An account registered before phones were claimed claims its phone when it is deleted, if it had the grant: the
     * keyed hash cannot be computed in a migration, but is in hand here.
     */
    void keepSignupGrantPhone(@Observes AccountDeleted event) {
        if (event.phoneHash() != null) {
            accounts.claimSignupGrantPhoneIfGranted(event.phoneHash(), event.userId(), signupGrantKey(event.userId()));
        }
    }

    private static String signupGrantKey(UUID userId) {
        return "signup-grant:" + userId;
    }

    /** The user's COINS account; 404 when the user has none. */
    @Transactional
    public UUID coins(UUID userId) {
        return userAccount(userId, AccountType.COINS);
    }

    /** The user's EARNINGS account; 404 when the user has none. */
    @Transactional
    public UUID earnings(UUID userId) {
        return userAccount(userId, AccountType.EARNINGS);
    }

    /** The COINS accounts of these users, by user; users without one are left out. */
    @Transactional
    public Map<UUID, UUID> coins(Collection<UUID> userIds) {
        return accounts.findUserAccounts(userIds, AccountType.COINS);
    }

    /** The EARNINGS accounts of these users, by user; users without one are left out. */
    @Transactional
    public Map<UUID, UUID> earnings(Collection<UUID> userIds) {
        return accounts.findUserAccounts(userIds, AccountType.EARNINGS);
    }

    @Transactional
    public Optional<Account> find(UUID accountId) {
        return accounts.find(accountId);
    }

    private UUID userAccount(UUID userId, AccountType type) {
        return accounts.findUserAccount(userId, type).orElseThrow(() -> ApiException.notFound("Wallet"));
    }
}
