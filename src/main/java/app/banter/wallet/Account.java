package app.banter.wallet;

import java.util.UUID;

/** An account's balance at the time it was read; {@code held} is what open holds reserve. */
public record Account(UUID id, UUID ownerId, AccountType type, long balance, long held) {

    public long available() {
        return balance - held;
    }
}
