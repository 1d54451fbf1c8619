package app.banter.user;

import java.util.UUID;

/**
 * Fired inside the registering transaction: features that keep something per user (wallet accounts, referral
 * codes) create it in the same commit as the account.
 */
public record UserRegistered(UUID userId, String referralCode) {
}
