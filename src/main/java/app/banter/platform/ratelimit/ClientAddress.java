package app.banter.platform.ratelimit;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address of the client making this request, as the per-IP rate limits see it.
 * <p>
 * Quarkus honours X-Forwarded-For only from the peers in quarkus.http.proxy.trusted-proxies (docs/DEPLOYMENT.md), but
 * then takes its left-most entry, which is whatever the client itself put in the header. A proxy appends the address
 * it saw, so the right-most entry is the only one a trusted proxy vouches for: that is the one used here. From any
 * other peer the header is ignored and the peer's own address counts.
 */
@RequestScoped
public class ClientAddress {

    @Inject
    HttpServerRequest request;

    public String ip() {
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        SocketAddress forwarded = request.remoteAddress();
        if (peer == null) {
            return forwarded == null ? "unknown" : forwarded.hostAddress();
        }
        // Quarkus replaced the peer with a forwarded address: the peer is a trusted proxy.
        if (forwarded != null && !forwarded.hostAddress().equals(peer.hostAddress())) {
            String appended = appendedByProxy(request.headers().getAll("X-Forwarded-For"));
            if (appended != null) {
                return appended;
            }
        }
        return peer.hostAddress();
    }

    private static String appendedByProxy(List<String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        String last = headers.get(headers.size() - 1);
        String entry = last.substring(last.lastIndexOf(',') + 1).trim();
        if (entry.startsWith("[") && entry.indexOf(']') > 0) {
            return entry.substring(1, entry.indexOf(']'));
        }
        // Some load balancers append ip:port; the port differs per connection and would give each its own bucket.
        int colon = entry.indexOf(':');
        if (colon > 0 && colon == entry.lastIndexOf(':')) {
            entry = entry.substring(0, colon);
        }
        return entry.isEmpty() ? null : entry;
    }
}
