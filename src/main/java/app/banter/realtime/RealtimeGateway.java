package app.banter.realtime;

import java.io.IOException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;

import app.banter.platform.error.ApiException;
import app.banter.platform.error.DependencyOutage;
import app.banter.platform.lifecycle.WebSocketDrain;
import app.banter.platform.security.AccessTokens;
import app.banter.platform.security.SessionRevocations;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The one realtime endpoint, {@code GET /ws}. The upgrade is authenticated like any API call (Authorization: Bearer
 * access token) or with a single-use ticket ({@code /ws?ticket=}); a refused upgrade gets 401 and no socket. A frame
 * that cannot be understood or is refused gets an error event on that connection alone, which stays open, unless it
 * keeps sending over its frame budget (closed with 1008) or sends a frame over the size limit (closed with 1009). A
 * connection that does not read what it is sent is closed with 1013 ({@link Connections#closeSlowConsumer}); one whose
 * session was revoked is closed normally (1000), by the fan-out at once or at its next heartbeat if that was missed. A
 * socket that cannot open because Redis or the database is briefly out of reach is closed with 1013 too (the client
 * comes back with its backoff), one that cannot open for any other reason with 1011.
 *
 * <p>
 * Written on Vert.x's own websocket rather than an endpoint framework: a pod holds tens of thousands of idle sockets,
 * and what each one keeps is only its {@link Connection}. The upgrade's routing context, request, headers, parsed
 * token and security identity are all dropped once the socket is open (bench/realtime measures what is left).
 * Blocking work (presence in Redis, frames that reach the database) runs on worker threads, one task at a time per
 * connection and in the order the frames came; the frame budget is kept on the socket's event loop, so that a flood is
 * refused there without reaching a worker.
 */
@ApplicationScoped
public class RealtimeGateway {

    private static final Logger LOG = Logger.getLogger(RealtimeGateway.class);
    /** RFC 6455 close codes. */
    private static final int POLICY_VIOLATION = 1008;
    private static final int MESSAGE_TOO_BIG = 1009;
    private static final int INTERNAL_ERROR = 1011;
    private static final int TRY_AGAIN_LATER = 1013;
    /** Ours (RFC 6455 leaves 4000-4999 to applications): a newer socket of the same user took this one's place. */
    private static final int REPLACED = 4001;

    private final Connections connections;
    private final Presence presence;
    private final RealtimeEvents events;
    private final RealtimeConfig config;
    private final ObjectMapper json;
    private final Event<ClientFrame> frames;
    private final WebSocketDrain drain;
    private final SessionRevocations revocations;

    RealtimeGateway(Connections connections, Presence presence, RealtimeEvents events, RealtimeConfig config,
            ObjectMapper json, Event<ClientFrame> frames, WebSocketDrain drain, SessionRevocations revocations) {
        this.connections = connections;
        this.presence = presence;
        this.events = events;
        this.config = config;
        this.json = json;
        this.frames = frames;
        this.drain = drain;
        this.revocations = revocations;
    }

    /** After the drain's and the connection limit's checks and after Quarkus's authentication handler. */
    void install(@Observes Router router) {
        router.route(HttpMethod.GET, WsTicketAuthentication.PATH).handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        if (!ctx.request().headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
            ctx.next();
            return;
        }
        QuarkusHttpUser.getSecurityIdentity(ctx, null).subscribe().with(identity -> {
            if (identity == null || identity.isAnonymous()) {
                refuse(ctx);
                return;
            }
            UUID userId = userId(identity);
            UUID sessionId = sessionId(identity);
            long issuedAt = issuedAt(identity);
            // The websocket does not expose its TCP channel; the connection does, through Vert.x's internal type (every
            // HTTP/1.1 connection is one, and websockets are upgraded only from HTTP/1.1).
            Channel channel = ((ConnectionBase) ctx.request().connection()).channel();
            ctx.request().toWebSocket().onSuccess(socket -> opened(socket, channel, userId, sessionId, issuedAt))
                    .onFailure(failure -> LOG.debugf("Websocket upgrade of %s failed: %s", userId,
                            failure.getMessage()));
        }, failure -> {
            // Quarkus's authentication failure handler has answered with the challenge already, unless it could not.
            if (!ctx.response().headWritten()) {
                refuse(ctx);
            }
        });
    }

    private static void refuse(RoutingContext ctx) {
        ctx.response().setStatusCode(401).putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer").end();
    }

    /** On the socket's event loop, right after the 101. */
    private void opened(ServerWebSocket socket, Channel channel, UUID userId, UUID sessionId, long issuedAt) {
        if (socket.isClosed()) {
            return; // The peer went away with the 101 on its way: nothing to register or clean up.
        }
        // The socket keeps the upgrade's headers for its lifetime (the access token among them, a kilobyte and more);
        // nothing reads them once it is open.
        socket.headers().clear();
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        Connection connection = new Connection(socket, channel, userId, sessionId, issuedAt, context.unwrap(),
                connections.nextOpening());
        socket.textMessageHandler(frame -> receive(connection, frame));
        socket.binaryMessageHandler(frame -> receiveBinary(connection));
        socket.frameHandler(frame -> receiveFrame(connection, frame));
        socket.exceptionHandler(failure -> failed(connection, failure));
        // Queued behind open, so that a socket that closes at once is still registered before it is removed.
        socket.closeHandler(closed -> connection.runInOrder(() -> close(connection)).onFailure(failure -> LOG.warnf(
                "Presence of websocket %s not cleared (it lapses with its TTL): %s", connection.id(),
                failure.getMessage())));
        connection.runInOrder(() -> open(connection)).onFailure(failure -> {
            if (DependencyOutage.isCauseOf(failure)) {
                // One line, no stack trace: during an outage every socket that opens fails the same way.
                LOG.warnf("Websocket %s of %s could not open, a dependency is unavailable: %s", connection.id(), userId,
                        failure);
                connection.close(TRY_AGAIN_LATER, "Try again later");
            } else {
                LOG.errorf(failure, "Websocket %s of %s could not open", connection.id(), userId);
                connection.close(INTERNAL_ERROR, "Internal error");
            }
        });
    }

    private Void open(Connection connection) {
        for (Connection oldest : connections.add(connection, config.maxConnectionsPerUser())) {
            LOG.debugf("Websocket %s of %s replaced by %s (per-user limit)", oldest.id(), connection.userId(),
                    connection.id());
            oldest.close(REPLACED, "Replaced by a newer connection");
        }
        // Registered first, then asked: a drain that began meanwhile either closed this socket or is seen here.
        if (drain.isDraining()) {
            connection.close(WebSocketDrain.RECONNECT_CODE, WebSocketDrain.RECONNECT_REASON);
            return null;
        }
        // The same for a revocation: its fan-out frame closes the sockets registered when it arrives, and one
        // registered just after (authenticated just before the revocation) finds it here.
        if (isRevoked(connection)) {
            connection.endSession();
            return null;
        }
        presence.touch(connection);
        connection.socket().writeTextMessage(
                events.serialize(new Ready(connection.userId(), Math.max(1, config.presenceTtl().toSeconds() / 3))));
        return null;
    }

    private Void close(Connection connection) {
        connections.remove(connection);
        // Once the pod drains, a closing socket is not its user leaving: the app reconnects to a pod that stays within
        // seconds. Leaving here would show every user of the pod offline and back to their friends, drop them from the
        // matching pool and write their last seen, all at once; their entry lapses with its TTL instead, by which time
        // the reconnect has added its own.
        if (!drain.isDraining()) {
            presence.leave(connection.userId(), connection.id());
        }
        return null;
    }

    /** On the socket's event loop: the budget first, then the frame's work on a worker. */
    private void receive(Connection connection, String frame) {
        FrameBudget.Verdict verdict = spend(connection);
        if (verdict != FrameBudget.Verdict.ACCEPT) {
            refusal(verdict, connection);
            return;
        }
        connection.runInOrder(() -> handle(connection, frame)).onSuccess(answer -> {
            if (answer != null) {
                connection.socket().writeTextMessage(answer);
            }
        });
    }

    /** Returns the error event to answer with, or null. */
    private String handle(Connection connection, String frame) {
        try {
            JsonNode tree = json.readTree(frame);
            if (tree == null || !tree.isObject()) {
                return error("MALFORMED_FRAME", "A frame is one JSON object with a type");
            }
            ClientEvent event = json.treeToValue(tree, ClientEvent.class);
            if (event instanceof ClientEvent.Heartbeat) {
                // A revocation whose fan-out frame this pod missed (a Redis failover, a failed publish) would leave
                // the socket open for ever: each heartbeat asks what every API call asks, with its short cache.
                if (isRevoked(connection)) {
                    connection.endSession();
                    return null;
                }
                presence.touch(connection);
            } else {
                frames.fire(new ClientFrame(connection.userId(), event));
            }
            return null;
        } catch (InvalidTypeIdException e) {
            return error("UNKNOWN_EVENT", "Unknown or missing event type; send heartbeat, typing or read");
        } catch (JsonProcessingException e) {
            return error("MALFORMED_FRAME", "A frame is one JSON object with a type");
        } catch (ApiException e) {
            return error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Frame from %s failed", connection.userId());
            return error("INTERNAL_ERROR", "Something went wrong on our side");
        }
    }

    /**
     * The protocol is JSON text frames only. A binary frame is a client bug, answered like any other frame the gateway
     * cannot read: an error event on a connection that stays open, counted against the frame budget (so a binary flood
     * is closed with 1008 as a text one is). Not a 1003 close: clients reconnect after any close, so one stray frame
     * would cost a reconnect (upgrade, authentication, presence) and the client would learn less than the error event
     * tells it.
     */
    private void receiveBinary(Connection connection) {
        FrameBudget.Verdict verdict = spend(connection);
        if (verdict == FrameBudget.Verdict.ACCEPT) {
            connection.socket().writeTextMessage(
                    error("UNSUPPORTED_FRAME", "Frames are JSON text; binary frames are not accepted"));
        } else {
            refusal(verdict, connection);
        }
    }

    /**
     * On the socket's event loop, for every frame, after the message handlers. Every frame costs one unit of the
     * budget: whole text and binary messages in their handlers, and here the frames they do not see on their own:
     * pings, pongs and the continuation frames of a fragmented message. Vert.x answers each ping with a pong before
     * this runs, so a client pinging in a loop without reading would grow the pod's buffers; it is closed (1008) as
     * any flood is, and one pinging within budget is closed once its pongs fill the write queue. A frame of these over
     * budget gets no error event: that would be one more write to a peer that may not be reading.
     */
    private void receiveFrame(Connection connection, WebSocketFrame frame) {
        switch (frame.type()) {
            case PING, PONG, CONTINUATION -> {
                if (spend(connection) == FrameBudget.Verdict.CLOSE) {
                    closeFlood(connection);
                } else if (frame.isPing() && connection.isWriteQueueFull()) {
                    connections.closeSlowConsumer(connection);
                }
            }
            default -> {
                // counted by receive and receiveBinary; a close frame ends the socket anyway
            }
        }
    }

    private FrameBudget.Verdict spend(Connection connection) {
        return connection.budget().take(config.framesPerSecond(), config.refusedFramesBeforeClose(),
                System.currentTimeMillis());
    }

    /** What a frame over the budget gets: an error event, nothing, or (CLOSE) the connection closed here. */
    private void refusal(FrameBudget.Verdict verdict, Connection connection) {
        if (verdict == FrameBudget.Verdict.REFUSE) {
            connection.socket().writeTextMessage(
                    error("RATE_LIMITED", "Too many frames; at most " + config.framesPerSecond() + " per second"));
        } else if (verdict == FrameBudget.Verdict.CLOSE) {
            closeFlood(connection);
        }
    }

    private void closeFlood(Connection connection) {
        LOG.warnf("Closing the websocket of %s: it kept sending over its frame budget", connection.userId());
        connection.close(POLICY_VIOLATION, "Too many frames");
    }

    /** Blocking (a Redis round trip unless "not revoked" is cached): on a worker only. */
    private boolean isRevoked(Connection connection) {
        return revocations.isRevoked(connection.sessionId().toString(), connection.issuedAt()).await().indefinitely();
    }

    /**
     * Failures of the connection itself rather than of a frame. A phone that loses its network resets the TCP
     * connection, which is routine; a frame over banter.realtime.max-message-size closes with 1009 as RFC 6455 says.
     * Neither is our fault, so neither logs more than a line.
     */
    private void failed(Connection connection, Throwable failure) {
        if (GatewayFailures.isOverMessageSize(failure)) {
            LOG.debugf("Websocket %s sent a frame over the size limit", connection.id());
            connection.close(MESSAGE_TOO_BIG, "Frame too large");
        } else if (isLostPeer(failure) || connection.isClosed()) {
            LOG.debugf("Websocket %s lost its peer: %s", connection.id(), failure.getMessage());
        } else {
            LOG.errorf(failure, "Websocket %s failed", connection.id());
            connection.close(INTERNAL_ERROR, "Internal error");
        }
    }

    /** The pod is stopping: every socket gets the reconnect hint (see {@link WebSocketDrain}). */
    void drain(@Observes WebSocketDrain.Started started) {
        int count = connections.closeAll(WebSocketDrain.RECONNECT_CODE, WebSocketDrain.RECONNECT_REASON);
        LOG.infof("Shutting down: closed %d websocket(s) with a reconnect hint", count);
    }

    /** The peer went away (a reset, a closed channel), whether or not the failure arrives wrapped. */
    private static boolean isLostPeer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private String error(String code, String detail) {
        return events.serialize(new GatewayError(code, detail));
    }

    private static UUID sessionId(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return UUID.fromString(jwt.getClaim(AccessTokens.SESSION_CLAIM));
        }
        return UUID.fromString(identity.getAttribute(AccessTokens.SESSION_CLAIM));
    }

    /** A bearer token's iat, or when a ticket was redeemed (see {@link WsTicketAuthentication}). */
    private static long issuedAt(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return jwt.getIssuedAtTime();
        }
        return identity.<Long>getAttribute(Claims.iat.name());
    }

    /** A bearer token's subject, or the user a ticket was issued to. */
    private static UUID userId(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return UUID.fromString(jwt.getSubject());
        }
        return UUID.fromString(identity.getPrincipal().getName());
    }
}
