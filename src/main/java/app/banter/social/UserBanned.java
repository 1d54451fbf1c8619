package app.banter.social;

import java.util.UUID;

/** Fired inside the banning transaction: sign-in ends every session of the user in the same commit. */
public record UserBanned(UUID userId) {
}
