package app.banter.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import app.banter.testsupport.TestUsers;
import app.banter.user.UserRegistered;

/**
 * Users with wallets for service-level tests, without the sign-in round trips: a users row and the same
 * UserRegistered event registration fires, so each starts with the signup grant. Also checks the ledger's books.
 */
@ApplicationScoped
public class TestWallets {

    private final EntityManager em;
    private final Event<UserRegistered> userRegistered;
    private final Accounts accounts;
    private final Ledger ledger;

    TestWallets(EntityManager em, Event<UserRegistered> userRegistered, Accounts accounts, Ledger ledger) {
        this.em = em;
        this.userRegistered = userRegistered;
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /** A new user's COINS account, holding exactly {@code coins}. */
    public UUID coinsAccountWith(long coins) {
        UUID coinsAccount = accounts.coins(newUser());
        long balance = balance(coinsAccount);
        if (coins > balance) {
            ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, coinsAccount, coins - balance,
                    TransferKind.COIN_PURCHASE, "test");
        } else if (coins < balance) {
            ledger.transfer(UUID.randomUUID().toString(), coinsAccount, SystemAccounts.PLATFORM_REVENUE,
                    balance - coins, TransferKind.CALL_CHARGE, "test");
        }
        assertThat(balance(coinsAccount)).isEqualTo(coins);
        return coinsAccount;
    }

    @Transactional
    public UUID newUser() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        em.createNativeQuery("""
                insert into users (id, username, full_name, created_at, updated_at) values (?1, ?2, 'Test', ?3, ?3)""")
                .setParameter(1, id)
                .setParameter(2, TestUsers.randomUsername())
                .setParameter(3, now)
                .executeUpdate();
        userRegistered.fire(new UserRegistered(id, null, null));
        return id;
    }

    public long balance(UUID account) {
        return accounts.find(account).orElseThrow().balance();
    }

    public long held(UUID account) {
        return accounts.find(account).orElseThrow().held();
    }

    /** Rows in transfers with this idempotency key. */
    @Transactional
    public long transfersWithKey(String key) {
        return ((Number) em.createNativeQuery("select count(*) from transfers where idempotency_key = ?1")
                .setParameter(1, key).getSingleResult()).longValue();
    }

    /** SIGNUP_GRANT transfers into these users' COINS accounts. */
    @Transactional
    public long signupGrantsOf(List<UUID> userIds) {
        return ((Number) em.createNativeQuery("""
                select count(*) from transfers t join accounts a on a.id = t.to_account
                where t.kind = 'SIGNUP_GRANT' and a.owner_id = any(?1)""")
                .setParameter(1, userIds.toArray(UUID[]::new)).getSingleResult()).longValue();
    }

    /** Forgets which phone this user's signup grant went to, as for accounts registered before phones were kept. */
    @Transactional
    public void forgetSignupGrantPhoneOf(UUID userId) {
        em.createNativeQuery("delete from signup_granted_phones where user_id = ?1").setParameter(1, userId)
                .executeUpdate();
    }

    /**
     * The books balance, read in one statement so that it is one snapshot: all accounts sum to zero, every balance is
     * the net of its transfers, every account's held is what its open holds still reserve, no user account is
     * below zero or holds more than it has, and every transfer names accounts and a hold that exist (the ledger's
     * guarantee; the table has no foreign keys, see V7_1).
     */
    @Transactional
    public void assertBooksBalance() {
        // Joins with grouped sums rather than a subquery per account, so that it stays quick on the call benchmark's
        // tens of thousands of accounts.
        Object[] row = (Object[]) em.createNativeQuery("""
                with moved as (
                    select account, sum(amount) as net from (
                        select to_account as account, amount from transfers
                        union all select from_account, -amount from transfers) t
                    group by account
                ), reserved as (
                    select account_id as account, sum(amount - captured) as held from holds where status = 'OPEN'
                    group by account_id
                )
                select
                  (select coalesce(sum(balance), 0) from accounts),
                  (select count(*) from accounts a left join moved m on m.account = a.id
                   where a.balance <> coalesce(m.net, 0)),
                  (select count(*) from accounts a left join reserved r on r.account = a.id
                   where a.held <> coalesce(r.held, 0)),
                  (select count(*) from accounts where owner_id is not null and (balance < 0 or held > balance)),
                  (select count(*) from transfers t
                   where not exists (select 1 from accounts where id = t.from_account)
                      or not exists (select 1 from accounts where id = t.to_account)
                      or (t.hold_id is not null and not exists (select 1 from holds where id = t.hold_id)))""")
                .getSingleResult();
        assertThat(((Number) row[0]).longValue()).as("sum of all balances").isZero();
        assertThat(((Number) row[1]).longValue()).as("accounts whose balance is not the net of transfers").isZero();
        assertThat(((Number) row[2]).longValue()).as("accounts whose held is not their open holds").isZero();
        assertThat(((Number) row[3]).longValue()).as("user accounts below zero or over-held").isZero();
        assertThat(((Number) row[4]).longValue()).as("transfers naming a missing account or hold").isZero();
    }

    /**
     * Moves a hold's expiry behind the ledger's back, as if that time had come: a hold placed to lapse a moment later
     * could lapse before the test used it on a busy machine, and the ledger places no hold already lapsed.
     */
    @Transactional
    public void moveExpiry(UUID holdId, Instant expiresAt) {
        em.createNativeQuery("update holds set expires_at = ?2 where id = ?1")
                .setParameter(1, holdId)
                .setParameter(2, expiresAt)
                .executeUpdate();
    }

    /** Sets a balance behind the ledger's back, to show that the database itself refuses a negative one. */
    @Transactional
    public void forceBalance(UUID account, long balance) {
        em.createNativeQuery("update accounts set balance = ?2 where id = ?1")
                .setParameter(1, account)
                .setParameter(2, balance)
                .executeUpdate();
    }
}
