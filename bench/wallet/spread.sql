-- pgbench ceiling for transfers spread over 10,000 wallets: a random wallet's debit as one conditional UPDATE plus
-- one ledger INSERT, in one transaction. Wallet n is account 00000000-0000-4000-8000-{n in hex}.
\set from random(1, 10000)
-- Never the same wallet twice: transfers need two accounts.
\set to 1 + (:from + random(0, 9998)) % 10000
BEGIN;
UPDATE accounts SET balance = balance - 1
    WHERE id = ('00000000-0000-4000-8000-' || lpad(to_hex(:from::int), 12, '0'))::uuid AND balance >= 1;
INSERT INTO transfers (id, idempotency_key, kind, from_account, to_account, amount, created_at)
    VALUES (gen_random_uuid(), gen_random_uuid()::text, 'CALL_CHARGE',
            ('00000000-0000-4000-8000-' || lpad(to_hex(:from::int), 12, '0'))::uuid,
            ('00000000-0000-4000-8000-' || lpad(to_hex(:to::int), 12, '0'))::uuid, 1, now());
END;
