package app.banter.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The chat of a room that ended longer ago than the retention is deleted, with its pin; newer and live chats stay. */
@QuarkusTest
class RoomChatPruningTest {

    private static final Duration RETENTION = Duration.ofDays(7);

    @Inject
    RoomChatPruning pruning;

    @Inject
    EntityManager em;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void theChatOfARoomEndedLongerAgoThanTheRetentionIsDeletedWithItsPin() {
        TestUser host = TestUsers.register();
        TestUser member = TestUsers.register();
        UUID endedLongAgo = RoomFixture.open(host, 50);
        RoomFixture.join(member, endedLongAgo).statusCode(200);
        String pinned = post(member, endedLongAgo, "see you all next week");
        post(host, endedLongAgo, "thanks for coming");
        String deleted = post(member, endedLongAgo, "oops");
        member.request().delete(chat(endedLongAgo) + "/messages/" + deleted).then().statusCode(204);
        host.request().body(Map.of("messageId", pinned)).put(chat(endedLongAgo) + "/pin").then().statusCode(200);
        RoomFixture.act(host, endedLongAgo, "/end").statusCode(204);
        // A room that ended eight days ago: its messages were written before that.
        Instant eightDaysAgo = Instant.now().minus(Duration.ofDays(8));
        sql("update rooms set ended_at = ?2 where id = ?1", endedLongAgo, eightDaysAgo);
        sql("update room_messages set created_at = ?2 where room_id = ?1", endedLongAgo,
                eightDaysAgo.minus(Duration.ofHours(1)));

        TestUser otherHost = TestUsers.register();
        UUID endedToday = RoomFixture.open(otherHost, 50);
        post(otherHost, endedToday, "short one today");
        RoomFixture.act(otherHost, endedToday, "/end").statusCode(204);
        // A room live for more than a week keeps even its oldest messages.
        TestUser liveHost = TestUsers.register();
        UUID live = RoomFixture.open(liveHost, 50);
        post(liveHost, live, "day one of the marathon");
        sql("update room_messages set created_at = ?2 where room_id = ?1", live, eightDaysAgo);

        assertThat(pruning.prune(Instant.now().minus(RETENTION))).isGreaterThanOrEqualTo(3);

        assertThat(count("select count(*) from room_messages where room_id = ?1", endedLongAgo)).isZero();
        assertThat(count("select count(*) from room_pins where room_id = ?1", endedLongAgo)).isZero();
        assertThat(count("select count(*) from room_messages where room_id = ?1", endedToday)).isOne();
        assertThat(count("select count(*) from room_messages where room_id = ?1", live)).isOne();
        liveHost.request().get(chat(live) + "/messages").then().statusCode(200)
                .body("items.size()", equalTo(1));
    }

    private static String chat(UUID roomId) {
        return "/api/v1/rooms/" + roomId + "/chat";
    }

    private static String post(TestUser user, UUID roomId, String text) {
        return user.request().body(Map.of("text", text)).post(chat(roomId) + "/messages").then().statusCode(201)
                .extract().path("id");
    }

    private void sql(String statement, UUID roomId, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).setParameter(1, roomId)
                .setParameter(2, at).executeUpdate());
    }

    private long count(String query, UUID roomId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(query)
                .setParameter(1, roomId).getSingleResult()).longValue());
    }
}
