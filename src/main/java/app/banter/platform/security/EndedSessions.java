package app.banter.platform.security;

import java.util.UUID;

/**
 * The durable record of ended sessions, which the auth feature keeps with its refresh tokens. The denylist in Redis
 * asks it only about access tokens issued before Redis last lost its data (see {@link SessionRevocations}).
 */
public interface EndedSessions {

    /** Blocking (a database query): whether the session was ended (logout, reuse, ban, deletion, role change). */
    boolean isEnded(UUID sessionId);
}
