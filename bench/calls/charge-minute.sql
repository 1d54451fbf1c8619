-- pgbench: the statements CallReconciler sends to charge one minute of one call (step -> CallBilling.chargeMinute
-- -> Ledger.extendHold and two captureHold, then Hibernate's update of the call), in one transaction, in the order
-- the service sends them, without Java, Hibernate, Agroal or Narayana. Call i is 00000000-0000-4000-d000-{i in hex}
-- between user 2i and 2i + 1 (see CallReconcilerBenchmark); run with -D calls=N. Keys are random, so it can
-- run any number of times; it keeps the books balanced.
\set i random(0, :calls - 1)
\set caller 2 * :i
\set callee 2 * :i + 1
-- Keys from pgbench's random numbers rather than gen_random_uuid(): a volatile function in the WHERE clause would
-- make PostgreSQL scan hold_extensions instead of using its key index.
\set k random(1, 9000000000000000)
BEGIN;
SELECT hold_id AS h FROM calls WHERE id = ('00000000-0000-4000-d000-' || lpad(to_hex(:i), 12, '0'))::uuid FOR NO KEY UPDATE \gset
SELECT id, idempotency_key, account_id, placed, amount, captured, status, reference, expires_at, created_at, closed_at FROM holds WHERE id = ':h';
SELECT id, idempotency_key, account_id, placed, amount, captured, status, reference, expires_at, created_at, closed_at FROM holds WHERE id = ':h' FOR UPDATE;
SELECT hold_id, amount FROM hold_extensions WHERE idempotency_key = 'pgbench:extension:' || :k::text;
UPDATE accounts SET held = held + 10 WHERE id = ('00000000-0000-4000-b000-' || lpad(to_hex(:caller), 12, '0'))::uuid AND balance - held >= 10;
INSERT INTO hold_extensions (idempotency_key, hold_id, amount, created_at) VALUES ('pgbench:extension:' || :k::text, ':h', 10, now()) ON CONFLICT (idempotency_key) DO NOTHING;
UPDATE holds SET amount = amount + 10, expires_at = greatest(expires_at, now() + interval '3 min') WHERE id = ':h';
SELECT id FROM accounts WHERE owner_id = ('00000000-0000-4000-a000-' || lpad(to_hex(:callee), 12, '0'))::uuid AND type = 'EARNINGS';
SELECT id, idempotency_key, account_id, placed, amount, captured, status, reference, expires_at, created_at, closed_at FROM holds WHERE id = ':h' FOR UPDATE;
INSERT INTO transfers (id, idempotency_key, kind, from_account, to_account, amount, reference, hold_id, created_at) VALUES (gen_random_uuid(), 'pgbench:' || gen_random_uuid(), 'CALL_EARNING', ('00000000-0000-4000-b000-' || lpad(to_hex(:caller), 12, '0'))::uuid, ('00000000-0000-4000-c000-' || lpad(to_hex(:callee), 12, '0'))::uuid, 6, 'pgbench', ':h', now()) ON CONFLICT (idempotency_key) DO NOTHING;
UPDATE accounts SET balance = balance - 6, held = held - 6 WHERE id = ('00000000-0000-4000-b000-' || lpad(to_hex(:caller), 12, '0'))::uuid AND held >= 6;
UPDATE accounts SET balance = balance + 6 WHERE id = ('00000000-0000-4000-c000-' || lpad(to_hex(:callee), 12, '0'))::uuid;
UPDATE holds SET captured = captured + 6, status = CASE WHEN captured + 6 = amount THEN 'CAPTURED' ELSE status END, closed_at = CASE WHEN captured + 6 = amount THEN now() ELSE closed_at END WHERE id = ':h';
SELECT id, idempotency_key, account_id, placed, amount, captured, status, reference, expires_at, created_at, closed_at FROM holds WHERE id = ':h' FOR UPDATE;
INSERT INTO transfers (id, idempotency_key, kind, from_account, to_account, amount, reference, hold_id, created_at) VALUES (gen_random_uuid(), 'pgbench:' || gen_random_uuid(), 'CALL_CHARGE', ('00000000-0000-4000-b000-' || lpad(to_hex(:caller), 12, '0'))::uuid, '00000000-0000-0000-0000-000000000003', 4, 'pgbench', ':h', now()) ON CONFLICT (idempotency_key) DO NOTHING;
UPDATE accounts SET balance = balance + 4 WHERE id = '00000000-0000-0000-0000-000000000003';
UPDATE accounts SET balance = balance - 4, held = held - 4 WHERE id = ('00000000-0000-4000-b000-' || lpad(to_hex(:caller), 12, '0'))::uuid AND held >= 4;
UPDATE holds SET captured = captured + 4, status = CASE WHEN captured + 4 = amount THEN 'CAPTURED' ELSE status END, closed_at = CASE WHEN captured + 4 = amount THEN now() ELSE closed_at END WHERE id = ':h';
UPDATE calls SET updated_at = now(), billed_minutes = billed_minutes, coins_charged = coins_charged, next_check_at = next_check_at WHERE id = ('00000000-0000-4000-d000-' || lpad(to_hex(:i), 12, '0'))::uuid;
END;
