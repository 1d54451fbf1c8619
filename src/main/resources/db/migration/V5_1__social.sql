-- Friend requests. At most one pending request per ordered pair; answered requests stay as history.
CREATE TABLE friend_requests (
    id           uuid PRIMARY KEY,
    sender_id    uuid NOT NULL REFERENCES users (id),
    recipient_id uuid NOT NULL REFERENCES users (id),
    message      varchar(200),
    status       varchar(16) NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED', 'CANCELLED')),
    created_at   timestamptz NOT NULL,
    answered_at  timestamptz,
    CHECK (sender_id <> recipient_id)
);
CREATE UNIQUE INDEX friend_requests_one_pending ON friend_requests (sender_id, recipient_id) WHERE status = 'PENDING';
CREATE INDEX friend_requests_incoming ON friend_requests (recipient_id, created_at DESC, id) WHERE status = 'PENDING';
CREATE INDEX friend_requests_outgoing ON friend_requests (sender_id, created_at DESC, id) WHERE status = 'PENDING';

-- A friendship is stored once per direction, so "my friends" is one index range and either side can list it.
CREATE TABLE friendships (
    user_id    uuid NOT NULL REFERENCES users (id),
    friend_id  uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, friend_id),
    CHECK (user_id <> friend_id)
);

CREATE TABLE blocks (
    blocker_id uuid NOT NULL REFERENCES users (id),
    blocked_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

-- Reports against a user, a message or a room. reported_user_id is the person the report is about (the author of
-- a reported message); auto-restriction counts distinct reporters per reported user.
CREATE TABLE reports (
    id               uuid PRIMARY KEY,
    reporter_id      uuid NOT NULL REFERENCES users (id),
    target_type      varchar(16) NOT NULL CHECK (target_type IN ('USER', 'MESSAGE', 'ROOM')),
    target_id        uuid NOT NULL,
    reported_user_id uuid REFERENCES users (id),
    reason           varchar(16) NOT NULL
                     CHECK (reason IN ('HARASSMENT', 'SPAM', 'INAPPROPRIATE', 'FAKE', 'OTHER')),
    description      varchar(1000),
    status           varchar(16) NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
    resolution       varchar(16) CHECK (resolution IN ('DISMISSED', 'ACTIONED')),
    resolution_note  varchar(1000),
    resolved_by      uuid REFERENCES users (id),
    resolved_at      timestamptz,
    created_at       timestamptz NOT NULL
);
CREATE INDEX reports_open ON reports (created_at, id) WHERE status = 'OPEN';
CREATE INDEX reports_reported_user ON reports (reported_user_id, created_at);

-- The current moderation standing of users who have one; no row means in good standing.
CREATE TABLE user_standings (
    user_id    uuid PRIMARY KEY REFERENCES users (id),
    status     varchar(16) NOT NULL CHECK (status IN ('RESTRICTED', 'BANNED')),
    reason     varchar(1000) NOT NULL,
    -- Null when the reports threshold restricted the user automatically.
    decided_by uuid REFERENCES users (id),
    since      timestamptz NOT NULL
);

-- Every moderation decision, kept for audit; the latest LIFT also bounds which reports count towards
-- auto-restriction, so a lifted user is not restricted again by the reports a moderator already reviewed.
CREATE TABLE moderation_actions (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id),
    action     varchar(16) NOT NULL CHECK (action IN ('RESTRICT', 'BAN', 'LIFT')),
    reason     varchar(1000) NOT NULL,
    decided_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL
);
CREATE INDEX moderation_actions_user ON moderation_actions (user_id, created_at DESC);

-- Per-user social settings, kept out of the users table that the profile feature owns.
CREATE TABLE user_settings (
    user_id    uuid PRIMARY KEY REFERENCES users (id),
    -- Friends may always send direct messages; with this on, anyone may.
    dms_open   boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL
);
