-- A payout remembers when its creation was first asked of RazorpayX and from which of our accounts. A request whose
-- answer was lost may have made the payout there: a later refusal of the repeat (another body under the same
-- X-Payout-Idempotency, credentials rotated in between) then no longer fails it and gives the coins back while the
-- money may be on its way; RazorpayX is asked for the payout by its reference_id first. The account is sent again
-- on every repeat (and asked under), so that a change of BANTER_RAZORPAYX_ACCOUNT_NUMBER does not change the body.
ALTER TABLE payouts ADD COLUMN create_attempted_at timestamptz;
ALTER TABLE payouts ADD COLUMN source_account_number varchar(40);

-- Payouts that reached a fund account may have asked before this was recorded: assume they did. Their account is
-- taken from configuration at their next repeat, as before.
UPDATE payouts SET create_attempted_at = updated_at WHERE razorpay_fund_account_id IS NOT NULL;
