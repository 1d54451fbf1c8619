-- Removed members are banned from that room for its lifetime.
CREATE TABLE room_bans (
    room_id    uuid NOT NULL REFERENCES rooms (id),
    user_id    uuid NOT NULL REFERENCES users (id),
    banned_by  uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (room_id, user_id)
);

-- Who may see and join an invite-only room besides its members.
CREATE TABLE room_invites (
    room_id    uuid NOT NULL REFERENCES rooms (id),
    user_id    uuid NOT NULL REFERENCES users (id),
    invited_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_invites_user ON room_invites (user_id);
