package app.banter.user;

import java.util.UUID;

/**
 * Fired inside the deleting transaction, so that every feature forgets the user in the same commit. The phone itself
 * is gone by then; what must outlive the account (a moderation measure, others' blocks) is kept under the keyed hash
 * of the phone ({@link PhoneHashes}; null when the account had no phone). {@code firebaseUid} is the Firebase Auth user
 * the account signed in as, for sign-in to have it deleted there (null for an account made by the dev login).
 */
public record AccountDeleted(UUID userId, String phoneHash, String firebaseUid) {
}
