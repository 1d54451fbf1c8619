-- When each user was last connected; written when presence turns offline (live presence is in Redis).
CREATE TABLE last_seen (
    user_id uuid PRIMARY KEY REFERENCES users (id),
    seen_at timestamptz NOT NULL
);
