-- A final payout never calls RazorpayX again: the destination in clear goes, as it does from now on when a payout
-- becomes final (refused payouts kept it, since only creating a fund account forgot it). The masked form stays.
UPDATE payouts SET vpa = NULL, account_number = NULL, holder_name = NULL
WHERE status IN ('PROCESSED', 'FAILED', 'REVERSED')
  AND (vpa IS NOT NULL OR account_number IS NOT NULL OR holder_name IS NOT NULL);
