-- Random matching ("talk to someone now", issue 15). Who waits is held in Redis; what must outlast a pod is here.

-- Every match the matcher made, the call it became, and when: the recent-partner rule reads it, a skip checks it,
-- and billing asks it which calls are matched (their free daily minutes are paid by promotions).
CREATE TABLE matches (
    id         uuid PRIMARY KEY,
    caller_id  uuid NOT NULL REFERENCES users (id),
    callee_id  uuid NOT NULL REFERENCES users (id),
    call_id    uuid NOT NULL UNIQUE REFERENCES calls (id),
    matched_at timestamptz NOT NULL
);
CREATE INDEX matches_caller ON matches (caller_id, matched_at DESC);
CREATE INDEX matches_callee ON matches (callee_id, matched_at DESC);

-- The free minutes of matched calls: one row per minute promotions paid back to the caller, so a minute is free once
-- (the primary key) and a retry of billing finds the answer it got the first time.
CREATE TABLE match_free_minutes (
    call_id uuid NOT NULL REFERENCES calls (id),
    minute  int NOT NULL CHECK (minute > 0),
    user_id uuid NOT NULL REFERENCES users (id),
    day     date NOT NULL,
    PRIMARY KEY (call_id, minute)
);

-- How many free minutes each payer used on each day (India Standard Time): claimed by a conditional update, so
-- concurrent calls of one user never take more than the allowance.
CREATE TABLE match_free_days (
    user_id uuid NOT NULL REFERENCES users (id),
    day     date NOT NULL,
    minutes int NOT NULL CHECK (minutes >= 0),
    PRIMARY KEY (user_id, day)
);
