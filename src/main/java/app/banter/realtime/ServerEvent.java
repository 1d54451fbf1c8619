package app.banter.realtime;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything the server pushes to a client over {@code /ws}, written as {@code {"type": "...", ...}}: the type is the
 * {@code @JsonTypeName} of the event record. The categories are closed, so the gateway (and anything that later
 * routes events, such as push fallbacks) can switch over them exhaustively; each category stays open to the feature
 * that owns it, which declares its records in its own package ({@code call.incoming} in call, {@code room.*} in room).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface ServerEvent {

    /** presence */
    non-sealed interface PresenceEvent extends ServerEvent {
    }

    /** friend.request, friend.accepted */
    non-sealed interface SocialEvent extends ServerEvent {
    }

    /** message.new, message.edited, message.deleted, message.read, typing */
    non-sealed interface ChatEvent extends ServerEvent {
    }

    /** call.incoming, call.accepted, call.rejected, call.ended */
    non-sealed interface CallEvent extends ServerEvent {
    }

    /** room.* */
    non-sealed interface RoomEvent extends ServerEvent {
    }

    /** notification.new: an entry of the in-app notification list, as it is added. */
    non-sealed interface NotificationEvent extends ServerEvent {
    }

    /** wallet.balance */
    non-sealed interface WalletEvent extends ServerEvent {
    }

    /** match.found: random matching paired the user with someone (matching, issue 15). */
    non-sealed interface MatchEvent extends ServerEvent {
    }

    /** error: the gateway's answer to a frame it could not act on. */
    non-sealed interface GatewayEvent extends ServerEvent {
    }
}
