package app.banter.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.firebase.auth.AuthErrorCode;
import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.FirebaseAuthException;

import app.banter.platform.firebase.Firebase;
import app.banter.platform.telemetry.ProviderSpans;

/** The users of our Firebase project, as firebase-admin manages them (with the service account's credentials). */
@ApplicationScoped
class FirebaseUsers {

    private static final Logger LOG = Logger.getLogger(FirebaseUsers.class);

    private final FirebaseAuth auth;
    private final ProviderSpans spans;

    FirebaseUsers(Firebase firebase, ProviderSpans spans) {
        this.auth = FirebaseAuth.getInstance(firebase.app());
        this.spans = spans;
    }

    /**
     * Deletes the user: their uid, verified phone number and sign-in metadata. True once Firebase no longer has them,
     * also when it had not (USER_NOT_FOUND: deleted before, by an earlier try whose answer was lost or by hand); false
     * when Firebase refused or could not be reached, which is logged without the uid.
     */
    boolean delete(String uid) {
        try {
            spans.call("firebase-auth", "deleteUser", () -> {
                auth.deleteUser(uid);
                return null;
            });
            return true;
        } catch (FirebaseAuthException e) {
            if (e.getAuthErrorCode() == AuthErrorCode.USER_NOT_FOUND) {
                return true;
            }
            LOG.warnf("Firebase did not delete the user of a deleted account: %s",
                    e.getAuthErrorCode() != null ? e.getAuthErrorCode() : e.getErrorCode());
            return false;
        } catch (RuntimeException e) {
            LOG.warnf("Firebase did not delete the user of a deleted account: %s", e.getClass().getSimpleName());
            return false;
        }
    }
}
