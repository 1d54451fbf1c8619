-- pgbench running the two statements Ledger.transfer sends in one round trip (TransferRepository.recordAndMove),
-- the account locks, then the insert and the moves, between two random wallets: what the service would reach
-- if Java, Hibernate, the pool and JTA cost nothing.
\set from random(1, 10000)
\set to 1 + (:from + random(0, 9998)) % 10000
BEGIN;
\startpipeline
SELECT id FROM accounts WHERE id IN (('00000000-0000-4000-8000-' || lpad(to_hex(:from::int), 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(:to::int), 12, '0'))::uuid) AND owner_id IS NOT NULL
ORDER BY id FOR NO KEY UPDATE;
WITH claimed AS (
    INSERT INTO transfers (id, idempotency_key, kind, from_account, to_account, amount, reference, hold_id, created_at)
    VALUES (gen_random_uuid(), gen_random_uuid()::text, 'CALL_CHARGE', ('00000000-0000-4000-8000-' || lpad(to_hex(:from::int), 12, '0'))::uuid,
            ('00000000-0000-4000-8000-' || lpad(to_hex(:to::int), 12, '0'))::uuid, 1, NULL, NULL, now())
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING from_account, to_account, amount
), moved AS (
    UPDATE accounts a SET balance = a.balance + CASE WHEN a.id = c.to_account THEN c.amount ELSE -c.amount END
    FROM claimed c
    WHERE a.id IN (c.from_account, c.to_account) AND a.owner_id IS NOT NULL
      AND (a.id = c.to_account OR a.balance - a.held >= c.amount)
    RETURNING a.id
)
SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM moved);
\endpipeline
END;
