-- What deleting an account must not wash away, kept under the keyed hash of its phone (PhoneHashes) until the phone
-- registers again, when it moves to the new account: the account's moderation measure, and the blocks others had
-- placed on it. Without this a restricted user sheds the restriction, and a blocked one the blocks, by deleting the
-- account and registering the same phone again.
CREATE TABLE phone_standings (
    phone_hash varchar(64) PRIMARY KEY,
    status     varchar(16) NOT NULL CHECK (status IN ('RESTRICTED', 'BANNED')),
    reason     varchar(1000) NOT NULL,
    decided_by uuid REFERENCES users (id),
    since      timestamptz NOT NULL
);

CREATE TABLE phone_blocks (
    phone_hash varchar(64) NOT NULL,
    blocker_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (phone_hash, blocker_id)
);
CREATE INDEX phone_blocks_blocker ON phone_blocks (blocker_id);
