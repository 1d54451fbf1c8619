-- Text chat of voice rooms. A message is written by a member present at the time; seq orders a room's messages (and
-- its cursors) without relying on clock ties. A deleted message keeps its row, without its text.
CREATE TABLE room_messages (
    id         uuid PRIMARY KEY,
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    room_id    uuid NOT NULL REFERENCES rooms (id),
    sender_id  uuid NOT NULL REFERENCES users (id),
    body       varchar(2000),
    created_at timestamptz NOT NULL,
    deleted_at timestamptz,
    -- The author, or the host or a moderator of the room.
    deleted_by uuid REFERENCES users (id),
    CHECK ((body IS NULL) = (deleted_at IS NOT NULL))
);
CREATE INDEX room_messages_room ON room_messages (room_id, seq DESC) WHERE deleted_at IS NULL;

-- The one message a room's host pinned, if any.
CREATE TABLE room_pins (
    room_id    uuid PRIMARY KEY REFERENCES rooms (id),
    message_id uuid NOT NULL REFERENCES room_messages (id),
    pinned_by  uuid NOT NULL REFERENCES users (id),
    pinned_at  timestamptz NOT NULL
);
