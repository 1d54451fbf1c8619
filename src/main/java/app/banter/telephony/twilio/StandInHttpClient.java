package app.banter.telephony.twilio;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * The SDK's own HTTP client, with Twilio's host replaced by {@code banter.telephony.twilio.base-url}: the SDK builds
 * every URL from Twilio's domains (https://api.twilio.com/2010-04-01/...), with no setting for another host, so this
 * copies each request onto the same path, parameters, headers and credentials at the configured host. Used only
 * when that setting is present (tests, a local Twilio stand-in); production talks to Twilio through
 * {@link SingleAttemptHttpClient}, which this extends.
 */
final class StandInHttpClient extends SingleAttemptHttpClient {

    private final String baseUrl;

    StandInHttpClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public Response makeRequest(Request request) {
        URI original = URI.create(request.getUrl());
        Request redirected = new Request(request.getMethod(), baseUrl + original.getRawPath());
        copy(request.getQueryParams(), redirected::addQueryParam);
        copy(request.getPostParams(), redirected::addPostParam);
        copy(request.getHeaderParams(), redirected::addHeaderParam);
        if (request.getUsername() != null) {
            redirected.setAuth(request.getUsername(), request.getPassword());
        }
        return super.makeRequest(redirected);
    }

    private static void copy(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
        from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
    }
}
