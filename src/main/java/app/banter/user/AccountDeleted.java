package app.banter.user;

import java.util.UUID;

/**
 * Fired inside the deleting transaction, so that every feature forgets the user in the same commit. The phone itself
 * is gone by then; what must outlive the account (a moderation measure, others' blocks) is kept under the keyed hash
 * of the phone ({@link PhoneHashes}; null when the account had no phone).
 */
public record AccountDeleted(UUID userId, String phoneHash) {
}
