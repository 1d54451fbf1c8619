package app.banter.user;

import java.util.UUID;

/**
 * Fired inside the transaction that granted or revoked a staff role. Access tokens carry the roles they were issued
 * with, so the user's sessions end (auth observes this) and the next sign-in carries the new roles.
 */
public record RolesChanged(UUID userId) {
}
