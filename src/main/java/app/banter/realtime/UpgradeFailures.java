package app.banter.realtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * A refused websocket upgrade is answered with the authentication challenge (401) before the failure travels on to
 * the REST failure handler, which would try to write a second response and log an error for every refused client.
 * Once the refusal is written there is nothing left to do.
 */
@ApplicationScoped
public class UpgradeFailures {

    void install(@Observes Router router) {
        router.route(WsTicketAuthentication.PATH).order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.response().headWritten()) {
                if (!ctx.response().ended()) {
                    ctx.response().end();
                }
                return;
            }
            ctx.next();
        });
    }
}
