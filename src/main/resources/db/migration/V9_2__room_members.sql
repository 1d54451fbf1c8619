-- Everyone who ever joined a room, present or not. presence_changed_at is the time of the last join or leave applied
-- (ours, or the LiveKit event's own time), so that a late "left" never undoes a newer join.
CREATE TABLE room_members (
    id                  uuid PRIMARY KEY,
    room_id             uuid NOT NULL REFERENCES rooms (id),
    user_id             uuid NOT NULL REFERENCES users (id),
    role                varchar(16) NOT NULL CHECK (role IN ('HOST', 'MODERATOR', 'SPEAKER', 'LISTENER')),
    present             boolean NOT NULL,
    presence_changed_at timestamptz NOT NULL,
    -- Start of the current stay; the longest-present speaker takes over from a host who left.
    present_since       timestamptz,
    first_joined_at     timestamptz NOT NULL,
    hand_raised_at      timestamptz,
    speak_invited_at    timestamptz,
    -- The member's published microphone track, from LiveKit's track webhooks or ListParticipants.
    mic_track_sid       varchar(64),
    mic_muted           boolean NOT NULL,
    UNIQUE (room_id, user_id)
);
-- Present members of a room by role and arrival: fan-out reads every present id with one index range.
CREATE INDEX room_members_present ON room_members (room_id, role, present_since, user_id) WHERE present;
CREATE INDEX room_members_user ON room_members (user_id);
