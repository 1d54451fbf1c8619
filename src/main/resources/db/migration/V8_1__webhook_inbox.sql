-- One inbox for every provider's webhooks: an event is applied once per (provider, event id), recorded in the same
-- transaction as its effect. Replaces razorpay_events and livekit_events, whose rows move here so that a
-- redelivery of an event applied before this migration is still recognised. (A pod of the previous version that
-- still writes to the old tables fails that delivery; the provider retries it, and a new pod applies it.)
CREATE TABLE webhook_inbox (
    provider    varchar(32) NOT NULL,
    event_id    varchar(128) NOT NULL,
    -- Null only for LiveKit events recorded before this table existed (their type was not kept).
    event_type  varchar(64),
    received_at timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);

INSERT INTO webhook_inbox (provider, event_id, event_type, received_at)
SELECT 'razorpay', event_id, event, received_at FROM razorpay_events;
INSERT INTO webhook_inbox (provider, event_id, event_type, received_at)
SELECT 'livekit', event_id, NULL, received_at FROM livekit_events;

DROP TABLE razorpay_events;
DROP TABLE livekit_events;

-- Razorpay does not deliver subscription events in order: the provider time of the event that set the status, so
-- that an older event (a charge reported after the cancellation) cannot set it back.
ALTER TABLE subscriptions ADD COLUMN status_at timestamptz;
