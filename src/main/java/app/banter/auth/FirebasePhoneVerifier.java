package app.banter.auth;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.FirebaseAuthException;
import com.google.firebase.auth.FirebaseToken;
import com.google.firebase.internal.FirebaseProcessEnvironment;

import app.banter.platform.error.ApiException;

/** Checks a Firebase ID token and returns the phone number Firebase verified by OTP. */
@ApplicationScoped
public class FirebasePhoneVerifier {

    private static final Logger LOG = Logger.getLogger(FirebasePhoneVerifier.class);
    private static final String APP_NAME = "banter";

    private final FirebaseConfig config;
    private FirebaseAuth auth;

    FirebasePhoneVerifier(FirebaseConfig config) {
        this.config = config;
    }

    @PostConstruct
    void init() {
        // firebase-admin reads the emulator address from its own environment view, which we can set from config.
        config.emulatorHost().ifPresent(host -> FirebaseProcessEnvironment.setenv("FIREBASE_AUTH_EMULATOR_HOST", host));
        FirebaseOptions options = FirebaseOptions.builder()
                .setProjectId(config.projectId())
                .setCredentials(credentials())
                .build();
        FirebaseApp app = FirebaseApp.getApps().stream().filter(a -> a.getName().equals(APP_NAME)).findFirst()
                .orElseGet(() -> FirebaseApp.initializeApp(options, APP_NAME));
        auth = FirebaseAuth.getInstance(app);
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

    private GoogleCredentials credentials() {
        if (config.emulatorHost().isPresent()) {
            // The emulator accepts any credentials; this avoids looking for real ones on a developer's machine.
            return GoogleCredentials.create(new AccessToken("owner", null));
        }
        try {
            if (config.credentialsFile().isPresent()) {
                try (InputStream in = new FileInputStream(config.credentialsFile().get())) {
                    return GoogleCredentials.fromStream(in);
                }
            }
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            if (config.credentialsFile().isPresent()) {
                throw new UncheckedIOException("Firebase credentials could not be loaded", e);
            }
            // Checking ID tokens needs only the project id and Google's public keys, not a service account.
            LOG.warn("No Google credentials found; Firebase ID tokens are still verified");
            return GoogleCredentials.create(new AccessToken("none", null));
        }
    }

    public record VerifiedPhone(String phoneNumber, String firebaseUid) {
    }
}
