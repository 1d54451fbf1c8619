package app.banter.realtime;

import java.io.IOException;
import java.util.UUID;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;

import app.banter.platform.error.ApiException;
import app.banter.platform.security.AccessTokens;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;

/**
 * The one realtime endpoint. The upgrade is authenticated like any API call (Authorization: Bearer access token) or
 * with a single-use ticket ({@code /ws?ticket=}); a refused upgrade gets 401 and no socket. A frame that cannot be
 * understood or is refused gets an error event on that connection alone, which stays open, unless it keeps sending
 * over its frame budget (closed with 1008) or sends a frame over the size limit (closed with 1009).
 */
@WebSocket(path = WsTicketAuthentication.PATH)
@Authenticated
public class RealtimeGateway {

    private static final Logger LOG = Logger.getLogger(RealtimeGateway.class);
    /** RFC 6455 close codes that CloseReason has no constants for. */
    private static final int POLICY_VIOLATION = 1008;
    private static final int MESSAGE_TOO_BIG = 1009;
    /** Ours (RFC 6455 leaves 4000-4999 to applications): a newer socket of the same user took this one's place. */
    private static final int REPLACED = 4001;
    private static final UserData.TypedKey<FrameBudget> BUDGET = new UserData.TypedKey<>("banter.frame-budget");

    @Inject
    SecurityIdentity identity;
    @Inject
    Connections connections;
    @Inject
    Presence presence;
    @Inject
    RealtimeEvents events;
    @Inject
    RealtimeConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Event<ClientFrame> frames;

    @OnOpen
    void open(WebSocketConnection connection) {
        UUID userId = userId(identity);
        for (WebSocketConnection oldest : connections.add(userId, sessionId(identity), connection,
                config.maxConnectionsPerUser())) {
            LOG.debugf("Websocket %s of %s replaced by %s (per-user limit)", oldest.id(), userId, connection.id());
            oldest.close(new CloseReason(REPLACED, "Replaced by a newer connection")).subscribe().with(closed -> {
            }, notClosed -> LOG.debugf("Close of %s failed: %s", oldest.id(), notClosed.getMessage()));
        }
        connection.userData().put(BUDGET, new FrameBudget());
        presence.touch(userId, connection);
        String ready = events.serialize(new Ready(userId, Math.max(1, config.presenceTtl().toSeconds() / 3)));
        try {
            connection.sendTextAndAwait(ready);
        } catch (RuntimeException e) {
            // A phone whose network drops while it connects: routine, and its close callback cleans up.
            if (!connection.isClosed() && !isLostPeer(e)) {
                throw e;
            }
            LOG.debugf("Websocket %s lost its peer before the ready event: %s", connection.id(), e.getMessage());
        }
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

    @OnTextMessage
    String receive(String frame, WebSocketConnection connection) {
        UUID userId = connection.userData().get(Connections.USER);
        FrameBudget.Verdict verdict = spend(connection);
        if (verdict != FrameBudget.Verdict.ACCEPT) {
            return refusal(verdict, userId, connection);
        }
        try {
            JsonNode tree = json.readTree(frame);
            if (tree == null || !tree.isObject()) {
                return error("MALFORMED_FRAME", "A frame is one JSON object with a type");
            }
            ClientEvent event = json.treeToValue(tree, ClientEvent.class);
            if (event instanceof ClientEvent.Heartbeat) {
                presence.touch(userId, connection);
            } else {
                frames.fire(new ClientFrame(userId, event));
            }
            return null;
        } catch (InvalidTypeIdException e) {
            return error("UNKNOWN_EVENT", "Unknown or missing event type; send heartbeat, typing or read");
        } catch (JsonProcessingException e) {
            return error("MALFORMED_FRAME", "A frame is one JSON object with a type");
        } catch (ApiException e) {
            return error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Frame from %s failed", userId);
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
    @OnBinaryMessage
    void receiveBinary(Buffer frame, WebSocketConnection connection) {
        // Blocking like receive (same execution model, so the frames of one connection still take the budget in turn);
        // the answer goes out as a text frame, which a returned value of a binary handler would not.
        FrameBudget.Verdict verdict = spend(connection);
        String answer = verdict == FrameBudget.Verdict.ACCEPT
                ? error("UNSUPPORTED_FRAME", "Frames are JSON text; binary frames are not accepted")
                : refusal(verdict, connection.userData().get(Connections.USER), connection);
        if (answer != null) {
            connection.sendTextAndAwait(answer);
        }
    }

    private FrameBudget.Verdict spend(WebSocketConnection connection) {
        return connection.userData().get(BUDGET).take(config.framesPerSecond(), config.refusedFramesBeforeClose(),
                System.currentTimeMillis());
    }

    /** What a frame over the budget gets: an error event, nothing, or (CLOSE) the connection closed here. */
    private String refusal(FrameBudget.Verdict verdict, UUID userId, WebSocketConnection connection) {
        if (verdict == FrameBudget.Verdict.REFUSE) {
            return error("RATE_LIMITED", "Too many frames; at most " + config.framesPerSecond() + " per second");
        }
        if (verdict == FrameBudget.Verdict.CLOSE) {
            LOG.warnf("Closing the websocket of %s: it kept sending over its frame budget", userId);
            connection.closeAndAwait(new CloseReason(POLICY_VIOLATION, "Too many frames"));
        }
        return null;
    }

    /**
     * Failures of the connection itself rather than of a frame. A phone that loses its network resets the TCP
     * connection, which is routine; a frame over quarkus.websockets-next.server.max-message-size closes with 1009 as
     * RFC 6455 says. Neither is our fault, so neither logs more than a line.
     */
    @OnError
    void failed(Throwable failure, WebSocketConnection connection) {
        if (GatewayFailures.isOverMessageSize(failure)) {
            LOG.debugf("Websocket %s sent a frame over the size limit", connection.id());
            connection.close(new CloseReason(MESSAGE_TOO_BIG, "Frame too large")).subscribe().with(
                    closed -> {
                    }, notClosed -> LOG.debugf("Close of %s failed: %s", connection.id(), notClosed.getMessage()));
        } else if (isLostPeer(failure) || connection.isClosed()) {
            LOG.debugf("Websocket %s lost its peer: %s", connection.id(), failure.getMessage());
        } else {
            LOG.errorf(failure, "Websocket %s failed", connection.id());
            connection.close(CloseReason.INTERNAL_SERVER_ERROR).subscribe().with(closed -> {
            }, notClosed -> LOG.debugf("Close of %s failed: %s", connection.id(), notClosed.getMessage()));
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        UUID userId = connection.userData().get(Connections.USER);
        if (userId != null) {
            connections.remove(userId, connection);
            presence.leave(userId, connection.id());
        }
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

    /** A bearer token's subject, or the user a ticket was issued to. */
    private static UUID userId(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return UUID.fromString(jwt.getSubject());
        }
        return UUID.fromString(identity.getPrincipal().getName());
    }
}
