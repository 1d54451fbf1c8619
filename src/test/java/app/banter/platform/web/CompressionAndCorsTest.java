package app.banter.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** gzip for clients that accept it; and, with no origins configured (the default), no CORS at all. */
@QuarkusTest
class CompressionAndCorsTest {

    @TestHTTPResource("/api/v1/users/username-availability?username=gzipcheck")
    URI availability;

    @TestHTTPResource("/api/v1/users/username-availability?username=no")
    URI invalid;

    // HTTP/1.1, as the ingress speaks to the service (the JDK client would otherwise try an h2c upgrade).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void responsesAreGzippedOnlyWhenTheClientAcceptsIt() throws Exception {
        HttpResponse<byte[]> gzipped = get(availability, "gzip");
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).as(gzipped.headers().map().toString())
                .hasValue("gzip");
        assertThat(gunzip(gzipped.body())).contains("\"available\":true");

        HttpResponse<byte[]> plain = get(availability, null);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).contains("\"available\":true");

        // Problem documents (written by the exception mappers) are not compressed by Quarkus REST, whatever
        // compress-media-types says; they are small. Still readable by a client that asked for gzip:
        HttpResponse<byte[]> problem = get(invalid, "gzip");
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(new String(problem.body(), StandardCharsets.UTF_8)).contains("VALIDATION_FAILED");
    }

    @Test
    void withoutConfiguredOriginsNoCorsHeadersAreSent() {
        given().header("Origin", "https://app.banter.example").queryParam("username", "corscheck")
                .get("/api/v1/users/username-availability").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue())
                .body("available", equalTo(true));
        given().header("Origin", "https://app.banter.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/v1/auth/refresh").then()
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
    }

    private HttpResponse<byte[]> get(URI uri, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
