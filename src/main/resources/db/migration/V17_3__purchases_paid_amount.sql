-- What the payment captured, in the smallest unit of its currency, set when a purchase settles: the order's amount,
-- except for a purchase held in REVIEW, whose refunds are counted against what was actually paid.
ALTER TABLE purchases ADD COLUMN paid_amount bigint CHECK (paid_amount > 0);
-- Settled purchases: a mismatch anomaly says what a REVIEW payment paid ("paid 4900 INR for an order of ...").
UPDATE purchases p SET paid_amount = coalesce(
        (SELECT substring(a.details FROM '^paid ([0-9]+) ')::bigint FROM payment_anomalies a
         WHERE a.purchase_id = p.id AND a.kind IN ('AMOUNT_MISMATCH', 'CURRENCY_MISMATCH')
         ORDER BY a.created_at LIMIT 1),
        p.amount_paise)
WHERE p.razorpay_payment_id IS NOT NULL;
-- Refunds of purchases in REVIEW were recorded but not counted: count them, and a purchase refunded in full ends
-- REFUNDED with nothing owed back, as an operator's refund leaves it.
UPDATE purchases p SET refunded_paise = least(p.paid_amount, r.total),
                       status = CASE WHEN r.total >= p.paid_amount THEN 'REFUNDED' ELSE p.status END,
                       refunded_coins = CASE WHEN r.total >= p.paid_amount THEN p.coins ELSE p.refunded_coins END
FROM (SELECT purchase_id, sum(amount_paise) AS total FROM razorpay_refunds GROUP BY purchase_id) r
WHERE p.id = r.purchase_id AND p.status = 'REVIEW';
