-- One-to-one calls. Times of LiveKit events are the events' own times, so that late or out-of-order deliveries
-- are judged by when things happened.
CREATE TABLE calls (
    id                   uuid PRIMARY KEY,
    caller_id            uuid NOT NULL REFERENCES users (id),
    callee_id            uuid NOT NULL REFERENCES users (id),
    type                 varchar(8) NOT NULL CHECK (type IN ('AUDIO', 'VIDEO')),
    status               varchar(16) NOT NULL
                         CHECK (status IN ('INITIATED', 'RINGING', 'ANSWERED', 'ENDED', 'MISSED', 'REJECTED',
                                           'CANCELLED', 'FAILED')),
    room_name            varchar(64) NOT NULL UNIQUE,
    -- The price and share when the call started; configuration changes never reprice a running call.
    rate_per_minute      bigint NOT NULL CHECK (rate_per_minute > 0),
    callee_share_percent int NOT NULL CHECK (callee_share_percent BETWEEN 0 AND 100),
    grace_seconds        int NOT NULL CHECK (grace_seconds >= 0),
    hold_id              uuid,
    ring_expires_at      timestamptz NOT NULL,
    answered_at          timestamptz,
    caller_joined_at     timestamptz,
    caller_left_at       timestamptz,
    callee_joined_at     timestamptz,
    callee_left_at       timestamptz,
    -- Both parties in the room after the answer: billing runs from here.
    connected_at         timestamptz,
    billed_minutes       int NOT NULL DEFAULT 0,
    coins_charged        bigint NOT NULL DEFAULT 0,
    participants_checked_at timestamptz,
    -- When the reconciler next looks at this call; also its lease while one reconciler works on it.
    next_check_at        timestamptz NOT NULL,
    ended_at             timestamptz,
    end_reason           varchar(32),
    duration_seconds     int,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX calls_due ON calls (next_check_at) WHERE status IN ('INITIATED', 'RINGING', 'ANSWERED');
CREATE INDEX calls_caller ON calls (caller_id, created_at DESC, id);
CREATE INDEX calls_callee ON calls (callee_id, created_at DESC, id);

-- Who is in a call right now: one row per party, so a user is in at most one call, as caller or callee.
CREATE TABLE call_parties (
    user_id uuid PRIMARY KEY REFERENCES users (id),
    call_id uuid NOT NULL REFERENCES calls (id)
);

-- LiveKit webhook deliveries already applied, by event id.
CREATE TABLE livekit_events (
    event_id    varchar(64) PRIMARY KEY,
    received_at timestamptz NOT NULL
);
