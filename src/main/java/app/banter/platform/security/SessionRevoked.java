package app.banter.platform.security;

import java.util.UUID;

/**
 * Fired when a session is revoked (logout, refresh-token reuse, ban, account deletion), so that what outlives a
 * single request, such as an open websocket, ends with it.
 */
public record SessionRevoked(UUID sessionId) {
}
