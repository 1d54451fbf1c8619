package app.banter.telephony.twilio;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;

import com.twilio.http.HttpMethod;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * The SDK's own HTTP client (its pool, timeouts and headers), except that a POST is sent once. The SDK repeats a
 * request answered with a 5xx, three attempts 100 ms apart, and Apache's client repeats a 503 once more. Repeated, a
 * create whose first attempt placed a call (its answer lost to a failing gateway) places a second one; we would know
 * only the last, and the first would ring on, billed by nobody, its callbacks refused as another call's. A create's
 * 5xx instead leaves the call unconfirmed (TelephonyUnavailable), and the callbacks of the call Twilio placed name it.
 * Hang-ups are POSTs too, and the reconciler repeats those.
 */
class SingleAttemptHttpClient extends NetworkHttpClient {

    SingleAttemptHttpClient() {
        super(builder());
    }

    private static HttpClientBuilder builder() {
        // As NetworkHttpClient builds its own, without Apache's automatic retries.
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager();
        connections.setDefaultSocketConfig(DEFAULT_SOCKET_CONFIG);
        connections.setDefaultMaxPerRoute(20);
        connections.setMaxTotal(100);
        return HttpClientBuilder.create().useSystemProperties().setConnectionManager(connections)
                .setDefaultRequestConfig(DEFAULT_REQUEST_CONFIG).disableAutomaticRetries();
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return super.reliableRequest(request, retryCodes, request.getMethod() == HttpMethod.POST ? 1 : retries,
                delayMillis);
    }
}
