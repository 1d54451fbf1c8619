-- Operations (issue 16): the business gauges count purchases left in PENDING or REVIEW on every pod every refresh;
-- they are few, and this keeps the count from walking the whole purchases table.
CREATE INDEX purchases_stuck ON purchases (created_at) WHERE status IN ('PENDING', 'REVIEW');
