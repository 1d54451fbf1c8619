package app.banter.platform.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * REST clients for the providers' HTTP APIs (Razorpay, RazorpayX, Karza, Signzy, Exotel), built one way: one timeout
 * for connecting and one for each answer, Basic credentials where the provider asks for them, and idle connections
 * closed by us before the provider's side would close them.
 */
public final class ProviderApis {

    /**
     * How long a kept-alive connection may sit unused before it is closed. Servers close idle connections after 30 s or
     * more (Jetty's default is 30 s, nginx's 75 s), and a client keeping them longer may send a request on one at the
     * instant the server closes it: that request fails although the provider was fine, and a POST cannot safely be
     * sent again. The client's default is 60 s.
     */
    static final int IDLE_SECONDS = 20;

    private ProviderApis() {
    }

    public static <T> T client(Class<T> api, String baseUrl, Duration timeout) {
        return builder(baseUrl, timeout, IDLE_SECONDS).build(api);
    }

    /** A client sending HTTP Basic credentials with every request. */
    public static <T> T client(Class<T> api, String baseUrl, Duration timeout, String user, String password) {
        return withBasicAuth(builder(baseUrl, timeout, IDLE_SECONDS), user, password).build(api);
    }

    /**
     * Why a provider could not be reached, for a log line: the root cause's kind (a connection refused, closed or timed
     * out, an answer that could not be read), never its message, which may quote the provider's answer.
     */
    public static String whyUnreachable(RuntimeException failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    static QuarkusRestClientBuilder builder(String baseUrl, Duration timeout, int idleSeconds) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_TTL, idleSeconds);
    }

    private static QuarkusRestClientBuilder withBasicAuth(QuarkusRestClientBuilder builder, String user,
            String password) {
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return builder.register((ClientRequestFilter) request -> request.getHeaders()
                .putSingle(HttpHeaders.AUTHORIZATION, basic));
    }
}
