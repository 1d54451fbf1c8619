-- A payout's hold has no expiry (expires_at null): RazorpayX may take longer than any expiry (a payout queued for low
-- balance), and coins given back while the money is on its way could be spent and then never captured. Only the
-- payout's final status captures or releases its hold.
ALTER TABLE holds ALTER COLUMN expires_at DROP NOT NULL;
UPDATE holds SET expires_at = NULL WHERE status = 'OPEN' AND reference LIKE 'payout:%';
