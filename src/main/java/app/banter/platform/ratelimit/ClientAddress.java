package app.banter.platform.ratelimit;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.vertx.core.http.HttpServerRequest;

/**
 * The address of the client making this request. Behind the cluster's ingress it is the forwarded address, which
 * Quarkus only honours when quarkus.http.proxy.proxy-address-forwarding is on (the prod profile trusts the ingress).
 */
@RequestScoped
public class ClientAddress {

    @Inject
    HttpServerRequest request;

    public String ip() {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
