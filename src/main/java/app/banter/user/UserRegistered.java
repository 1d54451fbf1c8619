package app.banter.user;

import java.util.UUID;

/**
 * Fired inside the registering transaction: features that keep something per user (wallet accounts, referral
 * codes) create it in the same commit as the account, and those that keep something per phone past an account's
 * deletion (moderation, blocks) find it by the keyed hash of the phone ({@link PhoneHashes}; null without a phone).
 */
public record UserRegistered(UUID userId, String referralCode, String phoneHash) {
}
