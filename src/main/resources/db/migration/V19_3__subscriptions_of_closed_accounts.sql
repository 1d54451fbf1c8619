-- A member whose account is deleted or banned can no longer cancel their premium plan, so it is cancelled at Razorpay
-- for them: when the account closed and why (DELETED or BANNED); a charge made after that gives no premium and is
-- left to a person to refund.
ALTER TABLE subscriptions ADD COLUMN account_closed_at timestamptz;
ALTER TABLE subscriptions ADD COLUMN account_closure varchar(16) CHECK (account_closure IN ('DELETED', 'BANNED'));
-- Set while Razorpay still has to be asked to cancel it at once; it is also the reconciler's lease (no pod asks before
-- then). Null once Razorpay cancelled it or said it cannot be cancelled any more.
ALTER TABLE subscriptions ADD COLUMN cancel_due_at timestamptz;
CREATE INDEX subscriptions_cancel_due ON subscriptions (cancel_due_at) WHERE cancel_due_at IS NOT NULL;

-- Accounts deleted or banned before this kept being charged: their subscriptions are cancelled from the first pass.
UPDATE subscriptions s
SET account_closed_at = coalesce(u.deleted_at, now()), account_closure = 'DELETED', cancel_due_at = now(),
    updated_at = now()
FROM users u
WHERE u.id = s.user_id AND u.status = 'DELETED' AND s.status NOT IN ('cancelled', 'completed', 'expired');
UPDATE subscriptions s
SET account_closed_at = st.since, account_closure = 'BANNED', cancel_due_at = now(), updated_at = now()
FROM user_standings st
WHERE st.user_id = s.user_id AND st.status = 'BANNED' AND s.account_closed_at IS NULL
  AND s.status NOT IN ('cancelled', 'completed', 'expired');
