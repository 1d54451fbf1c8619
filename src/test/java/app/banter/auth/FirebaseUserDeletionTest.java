package app.banter.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.firebase.auth.AuthErrorCode;
import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.FirebaseAuthException;

import app.banter.platform.firebase.Firebase;
import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.LogCapture;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** Deleting an account deletes the person's Firebase Auth user too, against the Firebase Auth emulator. */
@QuarkusTest
class FirebaseUserDeletionTest {

    @Inject
    Firebase firebase;

    @Test
    void deletingTheAccountDeletesItsFirebaseUser() throws FirebaseAuthException {
        TestUser user = TestUsers.register();
        // Signing in again with the phone is the same Firebase user.
        String uid = FirebaseTestClient.uid(FirebaseTestClient.phoneIdToken(user.phone()));
        FirebaseAuth auth = FirebaseAuth.getInstance(firebase.app());
        assertThat(auth.getUser(uid).getPhoneNumber()).isEqualTo(user.phone());

        try (LogCapture log = LogCapture.start()) {
            user.request().delete("/api/v1/me").then().statusCode(204);

            // After banter.auth.firebase-deletions.delay (30 s in tests).
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(
                    () -> assertThatThrownBy(() -> auth.getUser(uid)).as("the Firebase user of the deleted account")
                            .isInstanceOfSatisfying(FirebaseAuthException.class,
                                    e -> assertThat(e.getAuthErrorCode()).isEqualTo(AuthErrorCode.USER_NOT_FOUND)));
            assertThat(log.lines()).noneSatisfy(line -> assertThat(String.valueOf(line.message()))
                    .containsAnyOf(uid, user.phone(), user.phone().substring(3)));
        }
        // The phone signs in as a new person, as a new Firebase user.
        String again = FirebaseTestClient.phoneIdToken(user.phone());
        assertThat(FirebaseTestClient.uid(again)).isNotEqualTo(uid);
        TestUsers.signIn(again).statusCode(200).body("status", equalTo("REGISTRATION_REQUIRED"));
    }
}
