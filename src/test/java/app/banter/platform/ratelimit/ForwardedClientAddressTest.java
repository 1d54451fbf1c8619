package app.banter.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The per-IP sign-in limit behind a proxy: only a trusted proxy's X-Forwarded-For counts, and only the entry that
 * proxy appended. 127.0.0.1 plays the ingress; 127.0.0.2 is a client connecting directly.
 */
@QuarkusTest
@TestProfile(ForwardedClientAddressTest.BehindIngress.class)
class ForwardedClientAddressTest {

    public static class BehindIngress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                    "banter.auth.rate-limit.per-ip.requests", "3",
                    "banter.auth.rate-limit.per-ip.window", "1H");
        }
    }

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void freshWindow() {
        redis.key().keys("ratelimit:sign-in-ip:*").forEach(key -> redis.key().del(key));
    }

    @Test
    void aClientCannotEscapeTheLimitBehindTheIngressByForgingTheHeader() throws IOException {
        // The client forges a new left-most address every time; the ingress appends the one it saw.
        for (int i = 0; i < 3; i++) {
            assertThat(signIn("127.0.0.1", "10.1.1." + i + ", 203.0.113.7")).isEqualTo(401);
        }
        assertThat(signIn("127.0.0.1", "10.1.1.99, 203.0.113.7")).isEqualTo(429);
        // Another client behind the same ingress has its own allowance.
        assertThat(signIn("127.0.0.1", "203.0.113.8")).isEqualTo(401);
    }

    @Test
    void theHeaderFromAnUntrustedPeerIsIgnored() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertThat(signIn("127.0.0.2", "198.51.100." + i)).isEqualTo(401);
        }
        assertThat(signIn("127.0.0.2", "198.51.100.99")).isEqualTo(429);
    }

    /** A sign-in with a token that fails verification, sent from {@code from}: 401 until the address is limited. */
    private static int signIn(String from, String forwardedFor) throws IOException {
        String body = "{\"idToken\":\"x\"}";
        String request = "POST /api/v1/auth/firebase HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-Forwarded-For: " + forwardedFor + "\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), RestAssured.port,
                InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return Integer.parseInt(response.substring(9, 12));
        }
    }
}
