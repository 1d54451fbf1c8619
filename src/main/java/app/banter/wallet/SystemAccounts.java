package app.banter.wallet;

import java.util.Set;
import java.util.UUID;

/** Banter's own accounts: seeded by V3_1__wallet_ledger.sql with these ids, owned by no user, allowed below zero. */
public final class SystemAccounts {

    public static final UUID ISSUANCE = UUID.fromString("00000000-0000-0000-0000-000000000001");
    public static final UUID PROMOTIONS = UUID.fromString("00000000-0000-0000-0000-000000000002");
    public static final UUID PLATFORM_REVENUE = UUID.fromString("00000000-0000-0000-0000-000000000003");
    public static final UUID PAYOUT_CLEARING = UUID.fromString("00000000-0000-0000-0000-000000000004");

    private static final Set<UUID> ALL = Set.of(ISSUANCE, PROMOTIONS, PLATFORM_REVENUE, PAYOUT_CLEARING);

    private SystemAccounts() {
    }

    public static boolean isSystemAccount(UUID accountId) {
        return ALL.contains(accountId);
    }
}
