package app.banter.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.Concurrently;
import app.banter.testsupport.StaffUsers;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The operator API over HTTP: roles, who may call what, lookups, validation, and the audit each action leaves. */
@QuarkusTest
class OperatorApiTest {

    private static final String ADMIN = "/api/v1/admin";

    @Test
    void grantedModeratorCanModerateAndRevokedCannot() {
        TestUser admin = StaffUsers.admin();
        TestUser user = TestUsers.register();
        user.request().get("/api/v1/moderation/reports").then().statusCode(403);

        admin.request().body(Map.of("role", "moderator", "reason", "joins the trust and safety team"))
                .post(ADMIN + "/users/" + user.id() + "/roles/grant").then().statusCode(200)
                .body("roles", contains("moderator")).body("changed", equalTo(true));
        // The grant ended the user's sessions: the old token (without the role) no longer works, nor its refresh.
        user.request().get("/api/v1/moderation/reports").then().statusCode(401);
        TestUser moderator = StaffUsers.signInAgain(user);
        moderator.request().get("/api/v1/moderation/reports").then().statusCode(200);

        // Granting again changes nothing and is not audited twice.
        admin.request().body(Map.of("role", "moderator", "reason", "again"))
                .post(ADMIN + "/users/" + user.id() + "/roles/grant").then().statusCode(200)
                .body("changed", equalTo(false));
        assertThat(AuditRows.count("ROLE_GRANTED", user.id())).isEqualTo(1);

        admin.request().body(Map.of("role", "moderator", "reason", "left the team"))
                .post(ADMIN + "/users/" + user.id() + "/roles/revoke").then().statusCode(200)
                .body("roles", org.hamcrest.Matchers.empty()).body("changed", equalTo(true));
        // The revoked moderator's still-unexpired token is refused at once, and a new sign-in carries no role.
        moderator.request().get("/api/v1/moderation/reports").then().statusCode(401);
        StaffUsers.signInAgain(user).request().get("/api/v1/moderation/reports").then().statusCode(403);
        assertThat(AuditRows.count("ROLE_REVOKED", user.id())).isEqualTo(1);

        admin.request().get(ADMIN + "/audit?limit=100").then().statusCode(200)
                .body("items.findAll { it.targetId == '" + user.id() + "' }.action",
                        containsInAnyOrder("ROLE_GRANTED", "ROLE_REVOKED"))
                .body("items.find { it.action == 'ROLE_REVOKED' && it.targetId == '" + user.id() + "' }.actorId",
                        equalTo(admin.id().toString()))
                .body("items.find { it.action == 'ROLE_REVOKED' && it.targetId == '" + user.id() + "' }.reason",
                        equalTo("left the team"))
                .body("items.find { it.action == 'ROLE_REVOKED' && it.targetId == '" + user.id()
                        + "' }.details.role", equalTo("moderator"));
    }

    @Test
    void everyOperatorEndpointRefusesNonAdmins() {
        TestUser user = TestUsers.register();
        TestUser moderator = StaffUsers.withRoles("moderator");
        UUID any = UUID.randomUUID();
        Map<String, Object> roleBody = Map.of("role", "moderator", "reason", "r");
        for (TestUser caller : List.of(user, moderator)) {
            caller.request().body(roleBody).post(ADMIN + "/users/" + user.id() + "/roles/grant").then()
                    .statusCode(403);
            caller.request().body(roleBody).post(ADMIN + "/users/" + moderator.id() + "/roles/revoke").then()
                    .statusCode(403);
            caller.request().get(ADMIN + "/purchases/review").then().statusCode(403);
            caller.request().body(Map.of("action", "CREDIT", "reason", "r"))
                    .post(ADMIN + "/purchases/" + any + "/resolve").then().statusCode(403);
            caller.request().get(ADMIN + "/payment-anomalies").then().statusCode(403);
            caller.request().body(Map.of("reason", "r")).post(ADMIN + "/payment-anomalies/" + any + "/dismiss")
                    .then().statusCode(403);
            caller.request().get(ADMIN + "/kpis?from=2026-01-01&to=2026-01-02").then().statusCode(403);
            caller.request().get(ADMIN + "/audit").then().statusCode(403);
        }
        // Lookups are read-only and open to moderators (who already act on users by id), not to users.
        user.request().get(ADMIN + "/users/" + moderator.id()).then().statusCode(403);
        user.request().get(ADMIN + "/users?username=" + moderator.username()).then().statusCode(403);
        moderator.request().get(ADMIN + "/users/" + user.id()).then().statusCode(200);
        io.restassured.RestAssured.given().get(ADMIN + "/audit").then().statusCode(401);
        // The refused role change changed nothing.
        StaffUsers.signInAgain(user).request().get("/api/v1/moderation/reports").then().statusCode(403);
    }

    @Test
    void lookupMasksThePhoneAndIsAudited() {
        TestUser admin = StaffUsers.admin();
        TestUser moderator = StaffUsers.withRoles("moderator");
        TestUser user = TestUsers.register();
        String national = user.phone().substring(3);

        Response byId = admin.request().get(ADMIN + "/users/" + user.id());
        byId.then().statusCode(200).body("id", equalTo(user.id().toString()))
                .body("username", equalTo(user.username())).body("status", equalTo("ACTIVE"))
                .body("phoneMasked", equalTo("+91********" + user.phone().substring(user.phone().length() - 2)))
                .body("createdAt", notNullValue());
        assertThat(byId.asString()).doesNotContain(user.phone()).doesNotContain(national)
                .doesNotContain(national.substring(0, 8));

        Response byName = moderator.request().get(ADMIN + "/users?username=" + user.username().toUpperCase());
        byName.then().statusCode(200).body("id", equalTo(user.id().toString()))
                .body("phoneMasked", matchesPattern("^\\+91\\*{8}[0-9]{2}$"));
        assertThat(byName.asString()).doesNotContain(national);

        assertThat(AuditRows.count("USER_LOOKED_UP", user.id())).isEqualTo(2);
        assertThat(AuditRows.allText()).noneMatch(text -> text.contains(national));

        admin.request().get(ADMIN + "/users/" + UUID.randomUUID()).then().statusCode(404);
        admin.request().get(ADMIN + "/users?username=nobody_" + "x1").then().statusCode(404);
    }

    @Test
    void badInputIsA4xxThatChangesNothing() {
        TestUser admin = StaffUsers.admin();
        TestUser user = TestUsers.register();
        String grant = ADMIN + "/users/" + user.id() + "/roles/grant";
        admin.request().body(Map.of("role", "superuser", "reason", "r")).post(grant).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        admin.request().body(Map.of("role", "moderator")).post(grant).then().statusCode(400);
        admin.request().body(Map.of("role", "moderator", "reason", " ")).post(grant).then().statusCode(400);
        admin.request().body(Map.of("role", "moderator", "reason", "x".repeat(301))).post(grant).then()
                .statusCode(400);
        admin.request().body(Map.of("role", "moderator", "reason", "r", "extra", 1)).post(grant).then()
                .statusCode(400);
        admin.request().body("not json").post(grant).then().statusCode(400);
        admin.request().body(Map.of("role", "moderator", "reason", "r"))
                .post(ADMIN + "/users/" + UUID.randomUUID() + "/roles/grant").then().statusCode(404);
        admin.request().body(Map.of("role", "moderator", "reason", "r"))
                .post(ADMIN + "/users/not-a-uuid/roles/grant").then().statusCode(400);
        admin.request().get(ADMIN + "/users?username=a").then().statusCode(400);
        admin.request().get(ADMIN + "/users").then().statusCode(400);
        admin.request().body(Map.of("action", "BURN", "reason", "r"))
                .post(ADMIN + "/purchases/" + UUID.randomUUID() + "/resolve").then().statusCode(400);
        admin.request().body(Map.of("action", "CREDIT", "reason", "r"))
                .post(ADMIN + "/purchases/" + UUID.randomUUID() + "/resolve").then().statusCode(404);
        admin.request().body(Map.of("reason", "r"))
                .post(ADMIN + "/payment-anomalies/" + UUID.randomUUID() + "/dismiss").then().statusCode(404);
        admin.request().get(ADMIN + "/payment-anomalies?status=MAYBE").then().statusCode(400);
        admin.request().get(ADMIN + "/audit?cursor=bogus").then().statusCode(400)
                .body("code", equalTo("INVALID_CURSOR"));
        admin.request().get(ADMIN + "/audit?limit=1000").then().statusCode(400);
        admin.request().get(ADMIN + "/kpis?to=2026-01-02").then().statusCode(400)
                .body("code", equalTo("INVALID_DATE"));
        admin.request().get(ADMIN + "/kpis?from=2026-02-30&to=2026-03-02").then().statusCode(400)
                .body("code", equalTo("INVALID_DATE"));
        admin.request().get(ADMIN + "/kpis?from=yesterday&to=2026-03-02").then().statusCode(400);
        admin.request().get(ADMIN + "/kpis?from=2026-03-02&to=2026-03-01").then().statusCode(400)
                .body("code", equalTo("INVALID_RANGE"));
        // 92 days at most: 2026-01-01 to 2026-04-02 is 92, one more day is too many.
        admin.request().get(ADMIN + "/kpis?from=2026-01-01&to=2026-04-03").then().statusCode(400)
                .body("code", equalTo("RANGE_TOO_LONG"));
        admin.request().get(ADMIN + "/kpis?from=2026-01-01&to=2026-04-02").then().statusCode(200)
                .body("days.size()", equalTo(92));

        StaffUsers.signInAgain(user).request().get("/api/v1/moderation/reports").then().statusCode(403);
        assertThat(AuditRows.count("ROLE_GRANTED", user.id())).isZero();
    }

    @Test
    void theLastAdminCannotDeleteTheirAccount() {
        TestUser admin = StaffUsers.admin();
        StaffUsers.onlyAdmin(admin.id());
        admin.request().delete("/api/v1/me").then().statusCode(409).body("code", equalTo("LAST_ADMIN"));
        admin.request().get("/api/v1/me").then().statusCode(200);

        StaffUsers.admin();
        admin.request().delete("/api/v1/me").then().statusCode(204);
    }

    @Test
    void theLastAdminKeepsTheRole() {
        TestUser admin = StaffUsers.admin();
        StaffUsers.onlyAdmin(admin.id());
        admin.request().body(Map.of("role", "admin", "reason", "stepping down"))
                .post(ADMIN + "/users/" + admin.id() + "/roles/revoke").then().statusCode(409)
                .body("code", equalTo("LAST_ADMIN"));
        admin.request().get(ADMIN + "/audit").then().statusCode(200);
        assertThat(AuditRows.count("ROLE_REVOKED", admin.id())).isZero();

        // With a second admin, two admins revoking each other at once leave exactly one admin.
        TestUser second = TestUsers.register();
        admin.request().body(Map.of("role", "admin", "reason", "co-admin"))
                .post(ADMIN + "/users/" + second.id() + "/roles/grant").then().statusCode(200)
                .body("roles", hasItem("admin"));
        TestUser secondAdmin = StaffUsers.signInAgain(second);
        List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(2, i -> {
            TestUser actor = i == 0 ? admin : secondAdmin;
            TestUser target = i == 0 ? secondAdmin : admin;
            return actor.request().body(Map.of("role", "admin", "reason", "race"))
                    .post(ADMIN + "/users/" + target.id() + "/roles/revoke").then().extract().statusCode();
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        // The loser finds one admin left (409), or, if it authenticated after the winner's revoke, its session gone.
        List<Integer> statuses = outcomes.stream().map(Concurrently.Outcome::result).sorted().toList();
        assertThat(statuses.get(0)).isEqualTo(200);
        assertThat(statuses.get(1)).isIn(401, 409);
        long remaining = AuditRows.count("ROLE_REVOKED", admin.id()) + AuditRows.count("ROLE_REVOKED", second.id());
        assertThat(remaining).isEqualTo(1);
    }
}
