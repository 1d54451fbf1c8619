package app.banter.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Discover people: by language and interests, and the opt-in "online now" list, on the existing search endpoint. */
@QuarkusTest
class DiscoverPeopleTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void filtersByLanguageAndAnyOfTheInterestsCaseInsensitively() {
        String language = randomLanguage();
        String chess = "Chess " + RANDOM.nextInt(1_000_000);
        String kabaddi = "kabaddi " + RANDOM.nextInt(1_000_000);
        TestUser viewer = TestUsers.register();
        TestUser chessPlayer = profile(language, List.of(chess, "music"));
        TestUser kabaddiPlayer = profile(language, List.of(kabaddi));
        TestUser otherLanguage = profile("hi", List.of(chess));

        assertThat(usernames(viewer, "language", language))
                .containsExactlyInAnyOrder(chessPlayer.username(), kabaddiPlayer.username());
        assertThat(usernames(viewer, "interest", chess.toUpperCase()))
                .containsExactlyInAnyOrder(chessPlayer.username(), otherLanguage.username());
        assertThat(usernames(viewer, "interest", List.of(chess.toLowerCase(), kabaddi)))
                .containsExactlyInAnyOrder(chessPlayer.username(), kabaddiPlayer.username(), otherLanguage.username());
        assertThat(usernames(viewer, "language", language, "interest", kabaddi))
                .containsExactly(kabaddiPlayer.username());
        assertThat(usernames(viewer, "q", chessPlayer.username(), "language", "hi"))
                .isEmpty();

        // Blocked people are hidden whichever way the block goes.
        Social.block(kabaddiPlayer, viewer);
        assertThat(usernames(viewer, "language", language))
                .containsExactly(chessPlayer.username());

        viewer.request().get("/api/v1/users").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        viewer.request().queryParam("language", "English").get("/api/v1/users").then().statusCode(400);
        viewer.request().queryParam("interest", "x".repeat(31)).get("/api/v1/users").then().statusCode(400);
    }

    @Test
    void aBannedUserIsNeitherFoundNorShownUntilTheBanIsLifted() {
        String darts = "darts " + RANDOM.nextInt(1_000_000);
        TestUser viewer = TestUsers.register();
        TestUser banned = profile("en", List.of(darts));
        TestUser restricted = profile("en", List.of(darts));
        TestUser moderator = TestUsers.moderator();
        moderator.request().body(Map.of("reason", "scams")).post("/api/v1/moderation/users/" + banned.id() + "/ban")
                .then().statusCode(200);
        moderator.request().body(Map.of("reason", "spam"))
                .post("/api/v1/moderation/users/" + restricted.id() + "/restrict").then().statusCode(200);

        assertThat(usernames(viewer, "interest", darts)).containsExactly(restricted.username());
        assertThat(usernames(viewer, "q", banned.username())).isEmpty();
        viewer.request().get("/api/v1/users/" + banned.id()).then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        viewer.request().get("/api/v1/users/" + restricted.id()).then().statusCode(200);

        moderator.request().body(Map.of("reason", "appeal upheld"))
                .post("/api/v1/moderation/users/" + banned.id() + "/lift").then().statusCode(200);
        assertThat(usernames(viewer, "interest", darts))
                .containsExactlyInAnyOrder(banned.username(), restricted.username());
        viewer.request().get("/api/v1/users/" + banned.id()).then().statusCode(200)
                .body("username", equalTo(banned.username()));
    }

    @Test
    void onlineNowListsOnlyOnlinePeopleWhoOptedInAndMayBeSeen() {
        TestUser viewer = TestUsers.register();
        TestUser listed = TestUsers.register();
        TestUser notOptedIn = TestUsers.register();
        TestUser offline = TestUsers.register();
        TestUser blockedByViewer = TestUsers.register();
        TestUser blocksViewer = TestUsers.register();
        TestUser restricted = TestUsers.register();
        TestUser optedOutAgain = TestUsers.register();
        List<TestUser> optedIn = List.of(viewer, listed, offline, blockedByViewer, blocksViewer, restricted,
                optedOutAgain);

        notOptedIn.request().get("/api/v1/me/privacy").then().statusCode(200)
                .body("listedInOnlineNow", equalTo(false)).body("dmsOpenToEveryone", equalTo(false));
        for (TestUser user : optedIn) {
            user.request().body(Map.of("listedInOnlineNow", true)).put("/api/v1/me/privacy").then().statusCode(200)
                    .body("listedInOnlineNow", equalTo(true)).body("dmsOpenToEveryone", equalTo(false));
        }
        // Changing one setting leaves the other as it was.
        optedOutAgain.request().body(Map.of("dmsOpenToEveryone", true)).put("/api/v1/me/privacy").then()
                .body("listedInOnlineNow", equalTo(true)).body("dmsOpenToEveryone", equalTo(true));
        optedOutAgain.request().body(Map.of("listedInOnlineNow", false)).put("/api/v1/me/privacy").then()
                .body("listedInOnlineNow", equalTo(false)).body("dmsOpenToEveryone", equalTo(true));
        optedOutAgain.request().body(Map.of()).put("/api/v1/me/privacy").then().statusCode(400);

        Social.block(viewer, blockedByViewer);
        Social.block(blocksViewer, viewer);
        TestUser moderator = TestUsers.moderator();
        moderator.request().body(Map.of("reason", "spam")).post("/api/v1/moderation/users/" + restricted.id()
                + "/restrict").then().statusCode(200);

        List<WsClient> connections = new ArrayList<>();
        try {
            for (TestUser user : List.of(viewer, listed, notOptedIn, blockedByViewer, blocksViewer, restricted,
                    optedOutAgain)) {
                connections.add(WsClient.connect(RestAssured.port, user.accessToken()));
            }
            // Presence is recorded as each connection opens.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> usernames(viewer, "online", true).contains(listed.username()));
            List<String> online = usernames(viewer, "online", true);
            assertThat(online).contains(listed.username()).doesNotContain(notOptedIn.username(),
                    offline.username(), blockedByViewer.username(), blocksViewer.username(), restricted.username(),
                    optedOutAgain.username());
            // The other filters narrow the online list too.
            assertThat(usernames(viewer, "online", true, "q", listed.username()))
                    .containsExactly(listed.username());
            assertThat(usernames(viewer, "online", true, "q", listed.username(), "language", "ta")).isEmpty();
            // Blocks hide both ways: those the viewer blocked, and those who blocked the viewer, do not see the viewer.
            assertThat(usernames(blockedByViewer, "online", true))
                    .contains(listed.username()).doesNotContain(viewer.username());
            assertThat(usernames(blocksViewer, "online", true))
                    .contains(listed.username()).doesNotContain(viewer.username());
        } finally {
            connections.forEach(WsClient::close);
        }
        // Gone offline: off the list.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !usernames(viewer, "online", true).contains(listed.username()));
    }

    /**
     * Each search runs its filters afresh, the interest filter on no index: one user runs
     * banter.users.discover.searches-per-minute (120) a minute, every page counted. Others search on.
     */
    @Test
    void searchesAreRateLimitedPerUser() {
        TestUser viewer = TestUsers.register();
        for (int i = 0; i < 120; i++) {
            search(viewer).statusCode(200);
        }

        search(viewer).statusCode(429).body("code", equalTo("RATE_LIMITED")).header("Retry-After", notNullValue());
        search(TestUsers.register()).statusCode(200);
    }

    private static ValidatableResponse search(TestUser viewer) {
        return viewer.request().queryParam("interest", "chess").queryParam("limit", 1).get("/api/v1/users").then();
    }

    private static TestUser profile(String language, List<String> interests) {
        TestUser user = TestUsers.register();
        user.request().body(Map.of("language", language, "interests", interests)).patch("/api/v1/me").then()
                .statusCode(200);
        return user;
    }

    /** Every username the search finds, through all its pages (two people a page, so that paging is exercised). */
    private static List<String> usernames(TestUser viewer, Object... parameters) {
        List<String> found = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification search = viewer.request().queryParam("limit", 2);
            for (int i = 0; i < parameters.length; i += 2) {
                if (parameters[i + 1] instanceof Collection<?> values) {
                    search.queryParam((String) parameters[i], values);
                } else {
                    search.queryParam((String) parameters[i], parameters[i + 1]);
                }
            }
            if (cursor != null) {
                search.queryParam("cursor", cursor);
            }
            var page = search.get("/api/v1/users").then().statusCode(200).extract();
            found.addAll(page.path("items.username"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return found;
    }

    /** A three-letter code no other test uses, so that a language filter finds only this test's people. */
    private static String randomLanguage() {
        return "" + (char) ('a' + RANDOM.nextInt(26)) + (char) ('a' + RANDOM.nextInt(26))
                + (char) ('a' + RANDOM.nextInt(26));
    }
}
