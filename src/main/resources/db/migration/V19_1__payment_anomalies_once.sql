-- An anomaly is recorded once per payment, kind and finding: Razorpay tells of one payment in several events
-- (payment.captured and order.paid, refund.processed and payment.refunded), and each used to add a row for a person to
-- review again. Earlier twins are dropped, keeping a resolved row over an open one, then the oldest.
DELETE FROM payment_anomalies a
USING (SELECT id, row_number() OVER (PARTITION BY payment_id, kind, details
                                     ORDER BY resolved_at IS NULL, created_at, id) AS n
       FROM payment_anomalies WHERE payment_id IS NOT NULL) twins
WHERE a.id = twins.id AND twins.n > 1;

-- Also the index the lookup of a second payment's purchase (by payment id) had lacked.
CREATE UNIQUE INDEX payment_anomalies_once ON payment_anomalies (payment_id, kind, md5(details));
