-- pgbench ceiling for the hot wallet: the debit of wallet 0 as one conditional UPDATE plus one ledger INSERT,
-- in one transaction. Wallet n is account 00000000-0000-4000-8000-{n in hex} (see LedgerBenchmark).
\set to random(1, 10000)
BEGIN;
UPDATE accounts SET balance = balance - 1
    WHERE id = '00000000-0000-4000-8000-000000000000' AND balance >= 1;
INSERT INTO transfers (id, idempotency_key, kind, from_account, to_account, amount, created_at)
    VALUES (gen_random_uuid(), gen_random_uuid()::text, 'CALL_CHARGE', '00000000-0000-4000-8000-000000000000',
            ('00000000-0000-4000-8000-' || lpad(to_hex(:to::int), 12, '0'))::uuid, 1, now());
END;
