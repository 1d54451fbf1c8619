package app.banter.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes the HTTP layer's authentication-failure handler off each request once authentication is set up, before
 * Quarkus REST's own filter would swap it for its failing one. That filter, when Micrometer is present, first works
 * out the request's route template for the metrics, by building a matcher of every resource class on every request,
 * whether or not anything fails: 8.5 % of the CPU samples of GET /api/v1/me and 4 % of a direct message's in profiles
 * (bench/rest, bench/realtime).
 * <p>
 * Nothing else changes. Authentication is lazy here ({@code quarkus.http.auth.proactive=false}): the token is checked
 * when a resource or the gateway first asks for the identity, and Quarkus REST takes the handler off when it begins
 * processing a request in any case, so that a refused token reaches its exception mappers (the 401 problem). The
 * gateway answers a refused upgrade itself. The metrics still name the route: Quarkus REST sets it from the matched
 * resource method.
 */
@ApplicationScoped
class AuthFailureHandlerReset {

    // Quarkus's authentication filter is at priority 200 (route order -200), Quarkus REST's at 199. Routes added here
    // come before the filters' routes of the same order, so -199 runs between the two.
    private static final int AFTER_AUTHENTICATION = -199;

    void install(@Observes Router router) {
        router.route().order(AFTER_AUTHENTICATION).handler(AuthFailureHandlerReset::reset);
    }

    private static void reset(RoutingContext ctx) {
        ctx.remove(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        ctx.next();
    }
}
