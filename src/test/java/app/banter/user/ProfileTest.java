package app.banter.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ProfileTest {

    @Test
    void editOwnProfile() {
        TestUser me = TestUsers.register();
        String newName = TestUsers.randomUsername();
        me.request().body(Map.of("fullName", "  Asha Rao ", "username", newName.toUpperCase(), "bio", "Chai and chess",
                "interests", List.of("chess", "chess", "travel")))
                .patch("/api/v1/me").then().statusCode(200)
                .body("fullName", equalTo("Asha Rao"))
                .body("username", equalTo(newName))
                .body("interests", equalTo(List.of("chess", "travel")))
                .body("phone", equalTo(me.phone()));
        // Absent fields stay as they were.
        me.request().body(Map.of("language", "ta")).patch("/api/v1/me").then().statusCode(200)
                .body("language", equalTo("ta")).body("bio", equalTo("Chai and chess"));
    }

    @Test
    void protectedFieldsCannotBeChanged() {
        TestUser me = TestUsers.register();
        for (String field : List.of("roles", "phone", "coins", "kycStatus", "verified", "id", "status", "dateOfBirth")) {
            me.request().body(Map.of(field, field.equals("roles") ? List.of("admin") : "x"))
                    .patch("/api/v1/me").then().statusCode(400).body("code", equalTo("UNKNOWN_PROPERTY"));
        }
        me.request().get("/api/v1/me").then().statusCode(200).body("roles", hasSize(0))
                .body("phone", equalTo(me.phone()));
    }

    @Test
    void invalidEditsAreRefusedAndChangeNothing() {
        TestUser me = TestUsers.register();
        me.request().body(Map.of("username", "no")).patch("/api/v1/me").then().statusCode(400)
                .body("violations[0].field", equalTo("username"));
        me.request().body(Map.of("avatarUrl", "javascript:alert(1)")).patch("/api/v1/me").then().statusCode(400);
        me.request().body(Map.of("interests", List.of("a".repeat(31)))).patch("/api/v1/me").then().statusCode(400);
        me.request().body(Map.of("gender", "ROBOT")).patch("/api/v1/me").then().statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
        me.request().get("/api/v1/me").then().body("username", equalTo(me.username()));
    }

    @Test
    void takenUsernameIsAConflict() {
        TestUser me = TestUsers.register();
        TestUser other = TestUsers.register();
        me.request().body(Map.of("username", other.username())).patch("/api/v1/me").then().statusCode(409)
                .body("code", equalTo("USERNAME_TAKEN"));
    }

    @Test
    void theNameADeletionGivesCannotBeTakenSoNobodyCanBlockAnotherUsersDeletion() {
        TestUser me = TestUsers.register();
        TestUser squatter = TestUsers.register();
        String deletedName = "deleted_" + me.id().toString().replace("-", "").substring(0, 12);
        squatter.request().body(Map.of("username", deletedName.toUpperCase())).patch("/api/v1/me").then()
                .statusCode(409).body("code", equalTo("USERNAME_TAKEN"));
        given().queryParam("username", deletedName).get("/api/v1/users/username-availability").then()
                .statusCode(200).body("available", equalTo(false));

        me.request().delete("/api/v1/me").then().statusCode(204);
        squatter.request().get("/api/v1/me").then().body("username", equalTo(squatter.username()));
    }

    @Test
    void publicProfileHidesPrivateFields() {
        TestUser me = TestUsers.register();
        TestUser other = TestUsers.register();
        me.request().get("/api/v1/users/" + other.id()).then().statusCode(200)
                .body("username", equalTo(other.username()))
                .body("$", not(hasKey("phone")))
                .body("$", not(hasKey("dateOfBirth")))
                .body("$", not(hasKey("roles")))
                .body("age", org.hamcrest.Matchers.greaterThanOrEqualTo(18));
        me.request().get("/api/v1/users/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        given().get("/api/v1/users/" + other.id()).then().statusCode(401);
    }

    @Test
    void searchByPrefixPagesThroughEveryMatch() {
        String prefix = "srch" + Long.toString(System.nanoTime(), 36).substring(0, 5);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            names.add(prefix + "_" + i);
        }
        TestUser searcher = null;
        for (String name : names) {
            searcher = TestUsers.register(TestUsers.randomPhone(), name);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = searcher.request().queryParam("q", prefix.toUpperCase()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/users").then().statusCode(200).extract();
            seen.addAll(page.path("items.username"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(names);
        assertThat(pages).isEqualTo(3);

        searcher.request().queryParam("q", "").get("/api/v1/users").then().statusCode(400);
        searcher.request().queryParam("q", "x").queryParam("limit", 0).get("/api/v1/users").then().statusCode(400);
        searcher.request().queryParam("q", "x").queryParam("cursor", "%%%").get("/api/v1/users").then()
                .statusCode(400);
        // LIKE wildcards are searched for literally.
        searcher.request().queryParam("q", "%").get("/api/v1/users").then().statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void usernameAvailabilityNeedsNoSignIn() {
        TestUser taken = TestUsers.register();
        given().queryParam("username", taken.username().toUpperCase()).get("/api/v1/users/username-availability")
                .then().statusCode(200).body("available", equalTo(false))
                .body("username", equalTo(taken.username()));
        given().queryParam("username", TestUsers.randomUsername()).get("/api/v1/users/username-availability")
                .then().statusCode(200).body("available", equalTo(true));
        given().queryParam("username", "bad name").get("/api/v1/users/username-availability").then().statusCode(400);
    }

    @Test
    void devicesAreRegisteredListedAndOnlyTheOwnerRemovesThem() {
        TestUser me = TestUsers.register();
        TestUser other = TestUsers.register();
        String token = "fcm:" + System.nanoTime();
        String deviceId = me.request().body(Map.of("fcmToken", token, "platform", "ANDROID"))
                .post("/api/v1/me/devices").then().statusCode(201).extract().path("id");
        // Registering the same token again is an upsert, not a second device.
        me.request().body(Map.of("fcmToken", token, "platform", "ANDROID")).post("/api/v1/me/devices").then()
                .statusCode(201).body("id", equalTo(deviceId));
        me.request().get("/api/v1/me/devices").then().statusCode(200).body("$", hasSize(1))
                .body("[0]", not(hasKey("fcmToken")));
        me.request().body(Map.of("fcmToken", "bad token with spaces", "platform", "ANDROID"))
                .post("/api/v1/me/devices").then().statusCode(400);
        me.request().body(Map.of("fcmToken", "t", "platform", "WINDOWS")).post("/api/v1/me/devices").then()
                .statusCode(400);

        other.request().delete("/api/v1/me/devices/" + deviceId).then().statusCode(404);
        me.request().get("/api/v1/me/devices").then().body("$", hasSize(1));
        me.request().delete("/api/v1/me/devices/" + deviceId).then().statusCode(204);
        me.request().get("/api/v1/me/devices").then().body("$", hasSize(0));
    }

    @Test
    void deletingTheAccountErasesItAndEndsEverySession() {
        TestUser me = TestUsers.register();
        TestUser other = TestUsers.register();
        String secondSession = TestUsers.signIn(FirebaseTestClient.phoneIdToken(me.phone())).statusCode(200)
                .extract().path("accessToken");
        me.request().body(Map.of("fcmToken", "fcm:" + System.nanoTime(), "platform", "IOS"))
                .post("/api/v1/me/devices").then().statusCode(201);

        me.request().delete("/api/v1/me").then().statusCode(204);

        me.request().get("/api/v1/me").then().statusCode(401);
        given().auth().oauth2(secondSession).get("/api/v1/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", me.refreshToken()))
                .post("/api/v1/auth/refresh").then().statusCode(401);
        other.request().get("/api/v1/users/" + me.id()).then().statusCode(404);
        other.request().queryParam("q", me.username()).get("/api/v1/users").then().body("items", hasSize(0));
        // The username and the phone number are free again; the phone registers as a new person.
        given().queryParam("username", me.username()).get("/api/v1/users/username-availability").then()
                .body("available", equalTo(true));
        TestUsers.signIn(FirebaseTestClient.phoneIdToken(me.phone())).statusCode(200)
                .body("status", equalTo("REGISTRATION_REQUIRED")).body("accessToken", nullValue());
    }
}
