package app.banter.wallet;

/** The signed-in user's balances: spendable coins and withdrawable earnings. */
public record WalletView(BalanceView coins, BalanceView earnings) {

    /** {@code available} is what can be spent or withdrawn now: the balance minus what holds reserve. */
    public record BalanceView(long balance, long held, long available) {

        static BalanceView of(Account account) {
            return new BalanceView(account.balance(), account.held(), account.available());
        }
    }
}
