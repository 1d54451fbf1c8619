package app.banter.referral;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.user.PhoneHashes;
import app.banter.user.UserRegistered;
import app.banter.user.Users;

/**
 * Every user's own referral code: 8 characters from {@value #ALPHABET} (30 characters: no 0/O, 1/I/L, nor U), about
 * 6.6 * 10^11 codes. Drawn at random; a draw that collides with an existing code (the unique index decides) is drawn
 * again. Codes are stored and compared upper-case, so what a user types is case-insensitive.
 */
@ApplicationScoped
public class ReferralCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 8;
    private static final int ATTEMPTS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReferralCodeRepository codes;
    private final Users users;
    private final PhoneHashes hashes;

    ReferralCodes(ReferralCodeRepository codes, Users users, PhoneHashes hashes) {
        this.codes = codes;
        this.users = users;
        this.hashes = hashes;
    }

    /** In the registering transaction: a user exists with a code or not at all. */
    @Transactional
    void assign(@Observes UserRegistered event) {
        codeOf(event.userId());
    }

    /**
     * The user's code, made now if they have none (users created before codes existed got theirs from the
     * migration; this covers any other way a user row came to be).
     */
    @Transactional
    public String codeOf(UUID userId) {
        Optional<String> existing = codes.codeOf(userId);
        if (existing.isPresent()) {
            return existing.get();
        }
        String phoneHash = users.phoneNumber(userId).map(hashes::of).orElse(null);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (codes.insertIfFree(userId, draw(), phoneHash, Instant.now())) {
                break;
            }
            existing = codes.codeOf(userId);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        return codes.codeOf(userId).orElseThrow(
                () -> new IllegalStateException("No free referral code after " + ATTEMPTS + " draws"));
    }

    /** What a user typed, as codes are stored. */
    static String normalize(String entered) {
        return entered.strip().toUpperCase(Locale.ROOT);
    }

    private static String draw() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
