package app.banter.auth;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.FirebaseAuthException;
import com.google.firebase.auth.FirebaseToken;

import app.banter.platform.error.ApiException;
import app.banter.platform.firebase.Firebase;

/** Checks a Firebase ID token and returns the phone number Firebase verified by OTP. */
@ApplicationScoped
public class FirebasePhoneVerifier {

    private static final Logger LOG = Logger.getLogger(FirebasePhoneVerifier.class);

    private final FirebaseAuth auth;

    FirebasePhoneVerifier(Firebase firebase) {
        this.auth = FirebaseAuth.getInstance(firebase.app());
    }

    /** The verified identity, or 401 for a token that is forged, expired, for another project or not a phone login. */
    public VerifiedPhone verify(String idToken) {
        FirebaseToken token;
        try {
            token = auth.verifyIdToken(idToken);
        } catch (FirebaseAuthException | IllegalArgumentException e) {
            LOG.debugf("Firebase ID token refused: %s", e instanceof FirebaseAuthException f ? f.getAuthErrorCode() : "malformed");
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
