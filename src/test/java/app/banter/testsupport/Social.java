package app.banter.testsupport;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import app.banter.testsupport.TestUsers.TestUser;
import io.restassured.path.json.JsonPath;

/** Shortcuts through the API for tests that need people to be friends first. */
public final class Social {

    private Social() {
    }

    public static void befriend(TestUser a, TestUser b) {
        String requestId = a.request().body(Map.of("recipientId", b.id())).post("/api/v1/friend-requests")
                .then().statusCode(201).extract().path("id");
        b.request().post("/api/v1/friend-requests/" + requestId + "/accept").then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
    }

    public static void block(TestUser blocker, TestUser blocked) {
        blocker.request().put("/api/v1/blocks/" + blocked.id()).then().statusCode(204);
    }

    /** Sends a text message and returns its JSON. */
    public static JsonPath message(TestUser from, TestUser to, String text) {
        return from.request().body(Map.of("recipientId", to.id(), "text", text)).post("/api/v1/messages")
                .then().statusCode(201).extract().jsonPath();
    }
}
