package app.banter.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.LogCapture;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** JSON is taken as written, and requests the server cannot take are problem documents, not bare statuses. */
@QuarkusTest
class StrictInputTest {

    @Test
    void stringFieldsTakeStringsOnly() {
        TestUser me = TestUsers.register();
        me.request().body("{\"bio\": 42}").patch("/api/v1/me").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_VALUE"))
                .body("violations[0].field", equalTo("bio"))
                .body("violations[0].message", equalTo("must be a JSON string"));
        me.request().body("{\"bio\": true}").patch("/api/v1/me").then().statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
        me.request().body("{\"bio\": [\"x\"]}").patch("/api/v1/me").then().statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
        me.request().get("/api/v1/me").then().body("bio", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void booleansAreTrueOrFalseOnly() {
        TestUser me = TestUsers.register();
        for (String value : new String[] { "1", "0", "\"true\"" }) {
            me.request().body("{\"dmsOpenToEveryone\": " + value + "}").put("/api/v1/me/privacy").then()
                    .statusCode(400)
                    .body("code", equalTo("INVALID_VALUE"))
                    .body("violations[0].field", equalTo("dmsOpenToEveryone"));
        }
        me.request().body("{\"dmsOpenToEveryone\": true}").put("/api/v1/me/privacy").then().statusCode(200);
    }

    @Test
    void enumsTakeTheirNamesAndABadOneNamesTheAllowedValues() {
        TestUser me = TestUsers.register();
        me.request().body("{\"gender\": 0}").patch("/api/v1/me").then().statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
        me.request().body("{\"gender\": \"ALIEN\"}").patch("/api/v1/me").then().statusCode(400)
                .body("code", equalTo("INVALID_VALUE"))
                .body("detail", equalTo(
                        "Invalid value for 'gender'; it must be one of MALE, FEMALE, NON_BINARY, UNDISCLOSED, OTHER"))
                .body("violations[0].field", equalTo("gender"))
                .body("violations[0].allowedValues", contains("MALE", "FEMALE", "NON_BINARY", "UNDISCLOSED", "OTHER"));
        me.request().get("/api/v1/me").then().body("gender", org.hamcrest.Matchers.not(equalTo("MALE")));
    }

    @Test
    void overlongUtf8IsRefused() {
        TestUser me = TestUsers.register();
        byte[] body = concat("{\"bio\":\"a".getBytes(StandardCharsets.US_ASCII), new byte[] { (byte) 0xc0, (byte) 0xaf },
                "b\"}".getBytes(StandardCharsets.US_ASCII));
        me.request().body(body).patch("/api/v1/me").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_UTF8"));
        me.request().get("/api/v1/me").then().body("bio", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aBodyWithoutContentTypeIsRefused() throws IOException {
        TestUser me = TestUsers.register();
        String response = raw("PATCH /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + me.accessToken() + "\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"bio\":\"x\"}");
        assertThat(response).startsWith("HTTP/1.1 415").contains("application/problem+json")
                .contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");
        me.request().get("/api/v1/me").then().body("bio", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aChunkedBodyOverTheLimitIsOneProblemAndNoStackTrace() throws IOException {
        String chunk = "x".repeat(8192);
        StringBuilder request = new StringBuilder("POST /api/v1/auth/firebase HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (int i = 0; i < 10; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");
        try (LogCapture log = LogCapture.start()) {
            String response = raw(request.toString());
            assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
            assertThat(log.warnings()).allSatisfy(line -> assertThat(line.thrown()).isNull());
            assertThat(log.warnings()).allSatisfy(line -> assertThat(line.level().getName()).isNotEqualTo("ERROR"));
            assertThat(log.warnings()).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void anOverlongUriIsAProblem() {
        given().queryParam("q", "x".repeat(5000)).get("/api/v1/users").then().statusCode(414)
                .contentType("application/problem+json")
                .body("code", equalTo("URI_TOO_LONG"))
                .body("title", equalTo("URI Too Long"));
    }

    @Test
    void overlargeHeadersAreAProblem() {
        given().header("X-Padding", "x".repeat(17_000)).get("/api/v1/me").then().statusCode(431)
                .contentType("application/problem+json")
                .body("code", equalTo("HEADERS_TOO_LARGE"))
                .body("detail", containsString("16384"));
    }

    @Test
    void theCheckedValuesStillPass() {
        TestUser me = TestUsers.register();
        me.request().contentType(ContentType.JSON).body(Map.of("bio", "ok / fine", "gender", "FEMALE"))
                .patch("/api/v1/me").then().statusCode(200).body("bio", equalTo("ok / fine"));
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try {
                in.transferTo(response);
            } catch (java.net.SocketException | java.net.SocketTimeoutException resetAfterAnswer) {
                // The server may close before reading the rest of an over-limit body; the answer came first.
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
