package app.banter.user;

import java.util.UUID;

/** Fired inside the deleting transaction, so that every feature forgets the user in the same commit. */
public record AccountDeleted(UUID userId) {
}
