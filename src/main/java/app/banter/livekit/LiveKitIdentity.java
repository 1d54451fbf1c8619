package app.banter.livekit;

import java.util.Optional;
import java.util.UUID;

/** A LiveKit participant identity is our user id, never a phone number or a name. */
public final class LiveKitIdentity {

    private LiveKitIdentity() {
    }

    public static String of(UUID userId) {
        return userId.toString();
    }

    /** The user behind an identity, or empty for one we did not issue. */
    public static Optional<UUID> userOf(String identity) {
        try {
            return identity == null || identity.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(identity));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
