-- A refund names the payment it refunded. Razorpay may report a refund before the capture of its payment reached the
-- purchase (a late authorisation it refunded without capturing, a payment refunded in full whose capture webhook was
-- lost): the refund is then kept against its payment, so that a capture of that payment learnt later credits only what
-- is still paid, while another payment of the same order is not charged for it. Every refund recorded so far was of
-- the payment its purchase holds.
ALTER TABLE razorpay_refunds ADD COLUMN payment_id varchar(40);
UPDATE razorpay_refunds r SET payment_id = p.razorpay_payment_id FROM purchases p WHERE p.id = r.purchase_id;
ALTER TABLE razorpay_refunds ALTER COLUMN payment_id SET NOT NULL;
-- Every settlement asks for the refunds its payment had before it.
-- lock-ok: one row per refund, a few in a thousand purchases; built in a moment, as the rows are filled above.
CREATE INDEX razorpay_refunds_purchase ON razorpay_refunds (purchase_id, payment_id);
