-- Operator actions (role changes, lookups, purchase and anomaly resolutions), one row per action, written in the
-- transaction of the action itself. details never holds a secret or a phone number.
CREATE TABLE operator_audit (
    id          uuid PRIMARY KEY,
    actor_id    uuid NOT NULL REFERENCES users (id),
    action      varchar(32) NOT NULL,
    target_type varchar(16) NOT NULL,
    target_id   varchar(64) NOT NULL,
    reason      varchar(300),
    details     jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL
);
-- The audit log, newest first (keyset by created_at, id).
CREATE INDEX operator_audit_newest ON operator_audit (created_at DESC, id DESC);

-- An anomaly stays open until an operator resolves it (dismissed, or resolved with its purchase).
ALTER TABLE payment_anomalies ADD COLUMN resolved_at timestamptz;
ALTER TABLE payment_anomalies ADD COLUMN resolved_by uuid;
ALTER TABLE payment_anomalies ADD COLUMN resolution varchar(16);
CREATE INDEX payment_anomalies_open ON payment_anomalies (created_at DESC, id DESC) WHERE resolved_at IS NULL;
CREATE INDEX payment_anomalies_purchase ON payment_anomalies (purchase_id) WHERE resolved_at IS NULL;

-- Purchases waiting for a person, newest first.
CREATE INDEX purchases_in_review ON purchases (created_at DESC, id DESC) WHERE status = 'REVIEW';

-- Daily KPIs: each is one range scan over one of these per requested range of days.
CREATE INDEX users_created ON users (created_at);
CREATE INDEX refresh_tokens_created ON refresh_tokens (created_at) INCLUDE (user_id);
CREATE INDEX calls_ended ON calls (ended_at) INCLUDE (billed_minutes) WHERE ended_at IS NOT NULL;
CREATE INDEX purchases_paid ON purchases (paid_at) INCLUDE (coins, amount_paise) WHERE paid_at IS NOT NULL;
