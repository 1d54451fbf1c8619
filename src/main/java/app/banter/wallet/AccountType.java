package app.banter.wallet;

/** What an account holds. COINS and EARNINGS belong to a user; the others are Banter's own (see SystemAccounts). */
public enum AccountType {
    /** Spendable coins, bought or granted. */
    COINS,
    /** Coins received from calls and gifts, withdrawable after KYC. */
    EARNINGS,
    /** The source of purchased coins; its balance is minus the coins ever sold. */
    ISSUANCE,
    /** The source of signup and referral grants. */
    PROMOTIONS,
    /** Banter's share of what users spend. */
    PLATFORM_REVENUE,
    /** Earnings on their way out to a bank account. */
    PAYOUT_CLEARING
}
