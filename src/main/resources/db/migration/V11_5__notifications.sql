-- What happened to a user that the app tells them about: the in-app list (in_app) and the pushes sent for it.
CREATE TABLE notifications (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category    varchar(16) NOT NULL,
    kind        varchar(32) NOT NULL,
    title       varchar(200) NOT NULL,
    body        varchar(500) NOT NULL,
    -- What the app opens (call id, conversation id, user id ...), as string pairs: FCM data is strings only.
    data        jsonb NOT NULL,
    in_app      boolean NOT NULL,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz
);
CREATE INDEX notifications_list ON notifications (user_id, created_at DESC, id DESC) WHERE in_app;
CREATE INDEX notifications_unread ON notifications (user_id) WHERE in_app AND read_at IS NULL;

-- One row per push still to send to one device, written in the transaction of the event that caused it. The sender
-- claims due rows by moving next_attempt_at one lease ahead, so a row whose sender died is sent again after it. The
-- device's token is read when sending: a token forgotten meanwhile takes its rows with it, and one that moved to
-- another account is not sent the previous owner's notifications.
CREATE TABLE push_outbox (
    id              uuid PRIMARY KEY,
    notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    device_id       uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    priority        varchar(8) NOT NULL,
    collapse_key    varchar(100),
    attempts        int NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    -- After this the push is useless (a ring after the ring timeout) and is dropped unsent.
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX push_outbox_due ON push_outbox (next_attempt_at);
CREATE INDEX push_outbox_device ON push_outbox (device_id);
CREATE INDEX push_outbox_notification ON push_outbox (notification_id);

-- The categories whose pushes a user has muted (one row each); the in-app list keeps everything.
CREATE TABLE notification_mutes (
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category varchar(16) NOT NULL,
    PRIMARY KEY (user_id, category)
);
