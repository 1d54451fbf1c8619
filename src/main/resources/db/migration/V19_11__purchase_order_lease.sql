-- The request asking Razorpay for a purchase's order leases the row instead of holding its lock (and a pooled
-- connection) for as long as Razorpay takes to answer.
ALTER TABLE purchases ADD COLUMN order_lease_until timestamptz;
