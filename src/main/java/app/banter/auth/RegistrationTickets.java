package app.banter.auth;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.auth.FirebasePhoneVerifier.VerifiedPhone;
import app.banter.platform.security.Secrets;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * Short-lived proof that a phone number was verified, handed to a client whose phone has no account yet so it can
 * finish registration without verifying again. Kept in Redis under the ticket's hash; used up by registration.
 */
@ApplicationScoped
public class RegistrationTickets {

    private static final String PREFIX = "auth:registration-ticket:";

    private final ValueCommands<String, String> values;
    private final AuthConfig config;

    RegistrationTickets(RedisDataSource redis, AuthConfig config) {
        this.values = redis.value(String.class);
        this.config = config;
    }

    public Ticket issue(VerifiedPhone phone) {
        String ticket = Secrets.randomToken();
        values.set(key(ticket), phone.phoneNumber() + " " + (phone.firebaseUid() == null ? "" : phone.firebaseUid()),
                new SetArgs().ex(config.registrationTicketTtl()));
        return new Ticket(ticket, Instant.now().plus(config.registrationTicketTtl()));
    }

    public Optional<VerifiedPhone> find(String ticket) {
        String value = values.get(key(ticket));
        if (value == null) {
            return Optional.empty();
        }
        int space = value.indexOf(' ');
        String uid = value.substring(space + 1);
        return Optional.of(new VerifiedPhone(value.substring(0, space), uid.isEmpty() ? null : uid));
    }

    public void useUp(String ticket) {
        values.getdel(key(ticket));
    }

    private static String key(String ticket) {
        return PREFIX + Secrets.sha256Hex(ticket);
    }

    public record Ticket(String ticket, Instant expiresAt) {
    }
}
