package app.banter.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.LockWaits;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Moderation decisions about one user or one report at the same moment. Where both sides are requests, the first is
 * held just before its commit (the test share-locks moderation_actions, which every decision writes to last) until the
 * second waits too; where one side is the test's own transaction, it does what that decision does.
 */
@QuarkusTest
class ModerationRacesTest {

    @Inject
    DataSource database;

    @Test
    void aBanRacingTheAutomaticRestrictionBans() throws Exception {
        TestUser troll = TestUsers.register();
        TestUser moderator = TestUsers.moderator();
        report(TestUsers.register(), troll).then().statusCode(201);
        report(TestUsers.register(), troll).then().statusCode(201);
        TestUser third = TestUsers.register();

        Response[] answers = heldAtTheirCommit(() -> report(third, troll),
                () -> decide(moderator, troll, "ban"));

        assertThat(answers[0].statusCode()).as("the third report").isEqualTo(201);
        assertThat(answers[1].statusCode()).as("the ban").isEqualTo(200);
        assertThat(answers[1].jsonPath().getString("status")).isEqualTo("BANNED");
        assertThat(standing(troll.id())).isEqualTo("BANNED");
    }

    @Test
    void aBanRacingALiftBans() throws Exception {
        TestUser troll = TestUsers.register();
        TestUser moderator = TestUsers.moderator();
        decide(moderator, troll, "restrict").then().statusCode(200);

        Response[] answers = heldAtTheirCommit(() -> decide(moderator, troll, "lift"),
                () -> decide(moderator, troll, "ban"));

        assertThat(answers[0].statusCode()).as("the lift").isEqualTo(200);
        assertThat(answers[1].statusCode()).as("the ban").isEqualTo(200);
        assertThat(standing(troll.id())).isEqualTo("BANNED");
    }

    /** The test lifts the restriction as a lift does, holding the account; the second lift finds nothing to lift. */
    @Test
    void aSecondLiftAtTheSameMomentFindsTheUserInGoodStanding() throws Exception {
        TestUser troll = TestUsers.register();
        TestUser moderator = TestUsers.moderator();
        decide(moderator, troll, "restrict").then().statusCode(200);

        Response lift;
        try (Connection held = database.getConnection(); ExecutorService client = Executors.newSingleThreadExecutor()) {
            held.setAutoCommit(false);
            execute(held, "select 1 from users where id = ? for no key update", troll.id());
            execute(held, "delete from user_standings where user_id = ?", troll.id());
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                    () -> decide(moderator, troll, "lift"), client);
            await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.waiting(database) >= 1);
            held.commit();
            lift = answer.get(30, TimeUnit.SECONDS);
        }

        assertThat(lift.statusCode()).isEqualTo(409);
        assertThat(lift.jsonPath().getString("code")).isEqualTo("NOT_RESTRICTED");
    }

    /** The test resolves the report as the first moderator does; the second finds it resolved. */
    @Test
    void aReportResolvedAtTheSameMomentIsResolvedOnce() throws Exception {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser first = TestUsers.moderator();
        TestUser second = TestUsers.moderator();
        UUID reportId = UUID.fromString(report(asha, ravi).then().statusCode(201).extract().path("id"));

        Response resolve;
        try (Connection held = database.getConnection(); ExecutorService client = Executors.newSingleThreadExecutor()) {
            held.setAutoCommit(false);
            try (PreparedStatement statement = held.prepareStatement("""
                    update reports set status = 'RESOLVED', resolution = 'DISMISSED', resolved_by = ?,
                                       resolved_at = now()
                    where id = ?""")) {
                statement.setObject(1, first.id());
                statement.setObject(2, reportId);
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> second.request()
                    .body(Map.of("resolution", "ACTIONED")).post("/api/v1/moderation/reports/" + reportId + "/resolve")
                    .andReturn(), client);
            await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.someoneWaitsOn(database, "reports"));
            held.commit();
            resolve = answer.get(30, TimeUnit.SECONDS);
        }

        assertThat(resolve.statusCode()).isEqualTo(409);
        assertThat(resolve.jsonPath().getString("code")).isEqualTo("REPORT_RESOLVED");
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select resolution, resolved_by from reports where id = ?")) {
            statement.setObject(1, reportId);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("resolution")).isEqualTo("DISMISSED");
                assertThat(row.getObject("resolved_by", UUID.class)).isEqualTo(first.id());
            }
        }
    }

    /**
     * Sends {@code first} and holds it just before its commit, then sends {@code second}, and lets both go once the
     * second waits too; returns both answers.
     */
    private Response[] heldAtTheirCommit(Supplier<Response> first, Supplier<Response> second) throws Exception {
        // Threads of their own: the common pool may have a single thread on a small machine.
        try (Connection held = database.getConnection(); ExecutorService clients = Executors.newFixedThreadPool(2)) {
            held.setAutoCommit(false);
            LockWaits.execute(held, "lock table moderation_actions in share mode");
            CompletableFuture<Response> firstAnswer = CompletableFuture.supplyAsync(first, clients);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.someoneWaitsOn(database, "moderation_actions"));
            CompletableFuture<Response> secondAnswer = CompletableFuture.supplyAsync(second, clients);
            await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.waiting(database) >= 2);
            held.commit();
            return new Response[] {firstAnswer.get(30, TimeUnit.SECONDS), secondAnswer.get(30, TimeUnit.SECONDS)};
        }
    }

    private static Response report(TestUser reporter, TestUser reported) {
        return reporter.request().body(Map.of("targetType", "USER", "targetId", reported.id(), "reason", "HARASSMENT"))
                .post("/api/v1/reports").andReturn();
    }

    private static Response decide(TestUser moderator, TestUser user, String decision) {
        return moderator.request().body(Map.of("reason", "reviewed"))
                .post("/api/v1/moderation/users/" + user.id() + "/" + decision).andReturn();
    }

    private String standing(UUID userId) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select status from user_standings where user_id = ?")) {
            statement.setObject(1, userId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static void execute(Connection connection, String sql, UUID userId) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, userId);
            statement.execute();
        }
    }
}
