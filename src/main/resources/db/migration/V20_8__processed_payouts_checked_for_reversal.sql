-- A bank may return a payout RazorpayX had processed, and RazorpayX then says payout.reversed. When that webhook is
-- lost (our endpoint down past RazorpayX's retries, the webhook disabled), the coins stayed in payout clearing for
-- good while the money was back in our account. So a processed payout is also asked about at RazorpayX, at a slow
-- pace, for a while after processing (banter.payouts.reconciler.reversal-window and -check-every).
--
-- reversal_check_at: when a PROCESSED payout is next asked about; the reconciler's claim moves it on by a day (its
-- lease as well: no two pods ask about one payout at once), and sets it to null once the next question would fall
-- after reversal_checks_until, the end of the window. Null for payouts in any other state.
ALTER TABLE payouts ADD COLUMN reversal_check_at timestamptz;
ALTER TABLE payouts ADD COLUMN reversal_checks_until timestamptz;

-- Payouts processed before this ran get the default window from when they became processed (a processed payout's
-- row is not updated after that), and are asked about once soon.
UPDATE payouts SET reversal_checks_until = updated_at + interval '30 days', reversal_check_at = now()
WHERE status = 'PROCESSED' AND updated_at > now() - interval '30 days';
