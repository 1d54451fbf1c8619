-- The reconciler's second queue: only payouts with a question to come. Built CONCURRENTLY, apart from V20_8 (Flyway
-- runs such a script outside a transaction), so that payouts go on being written while it builds.
CREATE INDEX CONCURRENTLY IF NOT EXISTS payouts_reversal_checks ON payouts (reversal_check_at)
    WHERE reversal_check_at IS NOT NULL;
