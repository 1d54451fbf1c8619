-- Public voice rooms. A room is one LiveKit room (livekit_room = 'room-' || id); member_count is the number of
-- present members, kept in the same transaction as every presence change, so that capacity is a row check.
CREATE TABLE rooms (
    id                      uuid PRIMARY KEY,
    host_id                 uuid NOT NULL REFERENCES users (id),
    title                   varchar(100) NOT NULL,
    description             varchar(500),
    category                varchar(32) NOT NULL,
    language                varchar(16) NOT NULL,
    capacity                int NOT NULL CHECK (capacity > 0),
    visibility              varchar(16) NOT NULL CHECK (visibility IN ('PUBLIC', 'INVITE_ONLY')),
    -- Stored as given, for when media exists.
    cover_media_key         varchar(512),
    livekit_room            varchar(64) NOT NULL UNIQUE,
    status                  varchar(8) NOT NULL CHECK (status IN ('LIVE', 'ENDED')),
    member_count            int NOT NULL CHECK (member_count >= 0 AND member_count <= capacity),
    -- Since when nobody has been present / the host has been away, for the reconciler.
    empty_since             timestamptz,
    host_absent_since       timestamptz,
    participants_checked_at timestamptz,
    -- When the reconciler next looks at this room; also its lease while one reconciler works on it.
    next_check_at           timestamptz NOT NULL,
    end_reason              varchar(32),
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    ended_at                timestamptz
);
CREATE INDEX rooms_discovery ON rooms (member_count DESC, created_at DESC, id DESC)
    WHERE status = 'LIVE' AND visibility = 'PUBLIC';
CREATE INDEX rooms_live_host ON rooms (host_id) WHERE status = 'LIVE';
CREATE INDEX rooms_due ON rooms (next_check_at) WHERE status = 'LIVE';
