package app.banter.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A user as staff see them in a lookup. The phone number leaves this package only masked (country code and last two
 * digits), enough to confirm a caller's number without exposing it.
 */
@RegisterForReflection
public record StaffUserView(UUID id, String username, String fullName, User.Status status,
        @Schema(nullable = true, example = "+91******21") String phoneMasked, List<String> roles,
        @Schema(nullable = true) Instant premiumUntil, Instant createdAt, @Schema(nullable = true) Instant deletedAt) {

    static StaffUserView of(User user) {
        return new StaffUserView(user.id, user.username, user.fullName, user.status, maskPhone(user.phone),
                List.copyOf(user.roles), user.premiumUntil, user.createdAt, user.deletedAt);
    }

    /** "+919876543221" becomes "+91******21"; anything shorter than a real number is masked whole. */
    static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 8 || !phone.startsWith("+")) {
            return "*".repeat(phone.length());
        }
        int keepStart = phone.startsWith("+91") ? 3 : 2;
        return phone.substring(0, keepStart) + "*".repeat(phone.length() - keepStart - 2)
                + phone.substring(phone.length() - 2);
    }
}
