package app.banter.auth;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.firebase.ErrorCode;
import com.google.firebase.auth.AuthErrorCode;
import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.FirebaseAuthException;
import com.google.firebase.auth.FirebaseToken;

import app.banter.platform.error.ApiException;
import app.banter.platform.firebase.Firebase;

/** Checks a Firebase ID token and returns the phone number Firebase verified by OTP. */
@ApplicationScoped
public class FirebasePhoneVerifier {

    private static final Logger LOG = Logger.getLogger(FirebasePhoneVerifier.class);

    /** Google caches its signing keys for hours; a failed fetch is worth trying again soon, not at once. */
    static final long RETRY_AFTER_SECONDS = 10;

    /** Firebase's check of an ID token: its signature against Google's public keys, its claims and their dates. */
    interface IdTokenCheck {
        FirebaseToken verify(String idToken) throws FirebaseAuthException;
    }

    private final IdTokenCheck auth;

    @Inject
    FirebasePhoneVerifier(Firebase firebase) {
        this(FirebaseAuth.getInstance(firebase.app())::verifyIdToken);
    }

    /** With another check than Firebase's own: tests stand in for Google's keys being out of reach. */
    FirebasePhoneVerifier(IdTokenCheck auth) {
        this.auth = auth;
    }

    /**
     * The verified identity, or 401 for a token that is forged, expired, for another project or not a phone login;
     * 503 when the token cannot be checked now (Google's public keys out of reach), which is our fault, not the
     * token's: the app retries the same token instead of sending the user through the OTP again.
     */
    public VerifiedPhone verify(String idToken) {
        FirebaseToken token;
        try {
            token = auth.verify(idToken);
        } catch (FirebaseAuthException e) {
            if (e.getAuthErrorCode() == AuthErrorCode.CERTIFICATE_FETCH_FAILED
                    || e.getErrorCode() == ErrorCode.UNAVAILABLE) {
                LOG.warnf("Firebase ID tokens cannot be checked now (%s): %s", e.getAuthErrorCode(), e.getMessage());
                throw new ApiException(503, "AUTH_PROVIDER_UNAVAILABLE",
                        "Sign-in cannot be checked right now; retry with the same token", RETRY_AFTER_SECONDS);
            }
            LOG.debugf("Firebase ID token refused: %s", e.getAuthErrorCode());
            throw invalidToken();
        } catch (IllegalArgumentException e) {
            LOG.debug("Firebase ID token refused: malformed");
            throw invalidToken();
        }
        Object phone = token.getClaims().get("phone_number");
        if (!"phone".equals(signInProvider(token)) || !(phone instanceof String phoneNumber) || phoneNumber.isBlank()) {
            throw ApiException.unauthorized("INVALID_ID_TOKEN", "Sign in with your phone number");
        }
        return new VerifiedPhone(phoneNumber, token.getUid());
    }

    private static String signInProvider(FirebaseToken token) {
        return token.getClaims().get("firebase") instanceof Map<?, ?> firebase
                && firebase.get("sign_in_provider") instanceof String provider ? provider : null;
    }

    private static ApiException invalidToken() {
        return ApiException.unauthorized("INVALID_ID_TOKEN", "The Firebase ID token is not valid");
    }

    public record VerifiedPhone(String phoneNumber, String firebaseUid) {
    }
}
