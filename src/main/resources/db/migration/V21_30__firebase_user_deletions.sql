-- The Firebase Auth users of deleted accounts, still to delete at Firebase (auth.FirebaseUserDeletions): a row is
-- written in the deleting transaction and goes once Firebase has forgotten the user. Only the uid is kept, not the
-- account it was.
CREATE TABLE firebase_user_deletions (
    firebase_uid    varchar(128) PRIMARY KEY,
    attempts        int NOT NULL,
    -- When a pod next tries it; also its lease while one pod does.
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX firebase_user_deletions_due ON firebase_user_deletions (next_attempt_at);
