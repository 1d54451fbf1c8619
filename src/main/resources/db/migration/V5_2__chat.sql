-- One conversation per pair of users, stored with the smaller id first so that the pair is unique.
CREATE TABLE conversations (
    id              uuid PRIMARY KEY,
    user_low        uuid NOT NULL REFERENCES users (id),
    user_high       uuid NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    last_message_at timestamptz NOT NULL,
    -- The seq of the newest message each side has read (0: none).
    low_read_seq    bigint NOT NULL DEFAULT 0,
    high_read_seq   bigint NOT NULL DEFAULT 0,
    UNIQUE (user_low, user_high),
    CHECK (user_low < user_high)
);
CREATE INDEX conversations_low ON conversations (user_low, last_message_at DESC, id);
CREATE INDEX conversations_high ON conversations (user_high, last_message_at DESC, id);

-- seq orders messages (and drives cursors and read marks) without relying on clock ties.
CREATE TABLE messages (
    id              uuid PRIMARY KEY,
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    conversation_id uuid NOT NULL REFERENCES conversations (id),
    sender_id       uuid NOT NULL REFERENCES users (id),
    kind            varchar(8) NOT NULL CHECK (kind IN ('TEXT', 'IMAGE')),
    body            varchar(2000),
    media_url       varchar(512),
    reply_to_id     uuid REFERENCES messages (id),
    created_at      timestamptz NOT NULL,
    edited_at       timestamptz,
    -- Soft delete: the row keeps its place in the conversation, its content is erased.
    deleted_at      timestamptz
);
CREATE INDEX messages_conversation ON messages (conversation_id, seq DESC);
