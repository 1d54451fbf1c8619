package app.banter.user;

import static java.util.concurrent.Executors.newSingleThreadExecutor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.FcmStandIn;
import app.banter.testsupport.LockWaits;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** The push devices a user keeps: every notification is one push per device, so their number is capped. */
@QuarkusTest
class PushDevicesTest {

    @Inject
    UserConfig config;

    @Inject
    DataSource database;

    @Test
    void aUserKeepsTheirMostRecentlyRegisteredDevicesOnlyAndANotificationReachesThoseOnly() {
        int cap = config.devicesPerUser();
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < cap + 5; i++) {
            tokens.add(newToken());
            register(ravi, tokens.getLast());
        }

        ravi.request().get("/api/v1/me/devices").then().statusCode(200).body("$", hasSize(cap));
        List<String> evicted = tokens.subList(0, 5);
        List<String> kept = tokens.subList(5, tokens.size());

        Social.message(asha, ravi, "one push per device kept");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> kept.stream().allMatch(token -> pushesTo(token, "message.new") >= 1));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> evicted.stream().allMatch(token -> pushesTo(token, "message.new") == 0));
        assertThat(kept).allSatisfy(token -> assertThat(pushesTo(token, "message.new")).isEqualTo(1));
    }

    @Test
    void aPhoneRegisteringItsTokenAgainIsKeptOverOneThatDidNot() {
        int cap = config.devicesPerUser();
        TestUser ravi = TestUsers.register();
        List<String> tokens = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            tokens.add(newToken());
            ids.add(register(ravi, tokens.getLast()));
        }

        // The oldest phone starts the app again and registers its token, then a new phone signs in.
        assertThat(register(ravi, tokens.getFirst())).isEqualTo(ids.getFirst());
        String newest = register(ravi, newToken());

        List<String> now = ravi.request().get("/api/v1/me/devices").then().statusCode(200).body("$", hasSize(cap))
                .extract().path("id");
        assertThat(now).as("the refreshed phone and the new one stay, the second oldest goes")
                .contains(ids.getFirst(), newest).doesNotContain(ids.get(1));
    }

    @Test
    void aDeviceRemovedWhileItsSignOutRemovesItIsNotFoundRatherThanAFailure() throws Exception {
        TestUser ravi = TestUsers.register();
        String id = register(ravi, newToken());
        try (ExecutorService client = newSingleThreadExecutor(); Connection signOut = database.getConnection()) {
            signOut.setAutoCommit(false);
            LockWaits.execute(signOut, "delete from devices where id = '" + id + "'");
            Future<Integer> removal = client.submit(
                    () -> ravi.request().delete("/api/v1/me/devices/" + id).then().extract().statusCode());
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.someoneWaitsOn(database, "devices"));
            } finally {
                signOut.commit();
            }
            assertThat(removal.get(60, TimeUnit.SECONDS)).isEqualTo(404);
        }
    }

    private static String newToken() {
        return "fcm-" + UUID.randomUUID();
    }

    /** Returns the device's id. */
    private static String register(TestUser user, String token) {
        return user.request().body(Map.of("fcmToken", token, "platform", "ANDROID")).post("/api/v1/me/devices").then()
                .statusCode(201).extract().path("id");
    }

    private static long pushesTo(String token, String kind) {
        return FcmStandIn.messagesTo(token).stream().filter(m -> m.path("data").path("kind").asText().equals(kind))
                .count();
    }
}
