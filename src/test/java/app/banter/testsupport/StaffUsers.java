package app.banter.testsupport;

import java.util.UUID;

import jakarta.persistence.EntityManager;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

import app.banter.testsupport.TestUsers.TestUser;

/**
 * Staff for operator tests (@QuarkusTest only). The first admin of a deployment can only be made in the database, so
 * that is how these are made; further role changes in the tests go through the operator API.
 */
public final class StaffUsers {

    private StaffUsers() {
    }

    /** A new user holding exactly these roles, signed in again so that the token carries them. */
    public static TestUser withRoles(String... roles) {
        TestUser user = TestUsers.register();
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get()
                .createNativeQuery("update users set roles = cast(?2 as text[]) where id = ?1")
                .setParameter(1, user.id())
                .setParameter(2, "{" + String.join(",", roles) + "}")
                .executeUpdate());
        return signInAgain(user);
    }

    public static TestUser admin() {
        return withRoles("admin");
    }

    /** A fresh session for the user: its access token carries the roles the database holds now. */
    public static TestUser signInAgain(TestUser user) {
        var answer = TestUsers.signIn(FirebaseTestClient.phoneIdToken(user.phone())).statusCode(200);
        return new TestUser(user.id(), user.phone(), user.username(), answer.extract().path("accessToken"),
                answer.extract().path("refreshToken"));
    }

    /** Leaves {@code keep} as the only active admin, as a fresh deployment would have. */
    public static void onlyAdmin(UUID keep) {
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get()
                .createNativeQuery("update users set roles = array_remove(roles, 'admin') where id <> ?1")
                .setParameter(1, keep)
                .executeUpdate());
    }
}
