-- When the member asked to cancel (POST /api/v1/subscriptions/{id}/cancel): Razorpay then stops renewing at the end of
-- the paid period, and its subscription.cancelled webhook moves the status then; until that, the status stays active.
alter table subscriptions add column cancel_requested_at timestamptz;
