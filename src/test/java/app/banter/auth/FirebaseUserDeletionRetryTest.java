package app.banter.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.google.firebase.auth.AuthErrorCode;
import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.FirebaseAuthException;

import app.banter.platform.firebase.Firebase;
import app.banter.platform.telemetry.ProviderSpans;
import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A Firebase user deletion that failed is tried again, under a lease, until Firebase no longer has the user; one that
 * an account signs in as again is left alone.
 */
@QuarkusTest
class FirebaseUserDeletionRetryTest {

    @Inject
    Firebase firebase;

    @Inject
    ProviderSpans spans;

    @Inject
    EntityManager em;

    /**
     * Firebase is unreachable for the first try (the stand-in answers false, as FirebaseUsers does when firebase-admin
     * throws); the second try is held until the test has seen the row under its lease, then reaches the emulator.
     */
    @Test
    void aDeletionFirebaseFailedIsTriedAgainUntilTheUserIsGone() throws Exception {
        TestUser user = TestUsers.register();
        String uid = FirebaseTestClient.uid(FirebaseTestClient.phoneIdToken(user.phone()));
        List<Instant> tries = new CopyOnWriteArrayList<>();
        CountDownLatch secondTryMayGoOn = new CountDownLatch(1);
        QuarkusMock.installMockForType(new FirebaseUsers(firebase, spans) {
            @Override
            boolean delete(String firebaseUid) {
                if (!firebaseUid.equals(uid)) {
                    return super.delete(firebaseUid);
                }
                tries.add(Instant.now());
                if (tries.size() == 1) {
                    return false;
                }
                try {
                    secondTryMayGoOn.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.delete(firebaseUid);
            }
        }, FirebaseUsers.class);
        try {
            user.request().delete("/api/v1/me").then().statusCode(204);
            // Due now rather than after the delay.
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update firebase_user_deletions set next_attempt_at = now() where firebase_uid = ?1")
                    .setParameter(1, uid).executeUpdate());

            await().atMost(Duration.ofSeconds(60)).until(() -> tries.size() >= 2);
            // The second try holds the row for the lease (10 minutes), its attempt counted.
            Object[] row = row(uid);
            assertThat(((Number) row[0]).intValue()).isEqualTo(2);
            assertThat(row[1]).as("leased for more than five minutes").isEqualTo(Boolean.TRUE);
        } finally {
            secondTryMayGoOn.countDown();
        }

        FirebaseAuth auth = FirebaseAuth.getInstance(firebase.app());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThatThrownBy(() -> auth.getUser(uid))
                .isInstanceOfSatisfying(FirebaseAuthException.class,
                        e -> assertThat(e.getAuthErrorCode()).isEqualTo(AuthErrorCode.USER_NOT_FOUND)));
        await().atMost(Duration.ofSeconds(60)).until(() -> pending(uid) == 0);
        assertThat(tries).hasSize(2);
    }

    /**
     * The person signed in again, as the same Firebase user, and registered before the deletion of their earlier
     * account's Firebase user was carried out: it is the new account's, and stays.
     */
    @Test
    void aFirebaseUserAnAccountSignsInAsAgainIsNotDeleted() throws FirebaseAuthException {
        TestUser user = TestUsers.register();
        String uid = FirebaseTestClient.uid(FirebaseTestClient.phoneIdToken(user.phone()));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into firebase_user_deletions (firebase_uid, attempts, next_attempt_at, created_at)
                values (?1, 0, now(), now())""").setParameter(1, uid).executeUpdate());

        await().atMost(Duration.ofSeconds(60)).until(() -> pending(uid) == 0);

        assertThat(FirebaseAuth.getInstance(firebase.app()).getUser(uid).getPhoneNumber()).isEqualTo(user.phone());
        TestUsers.signIn(FirebaseTestClient.phoneIdToken(user.phone())).statusCode(200);
    }

    private Object[] row(String uid) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                """
                select attempts, next_attempt_at > now() + interval '5 minutes' from firebase_user_deletions
                where firebase_uid = ?1""")
                .setParameter(1, uid).getSingleResult());
    }

    private long pending(String uid) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from firebase_user_deletions where firebase_uid = ?1").setParameter(1, uid)
                .getSingleResult()).longValue());
    }
}
