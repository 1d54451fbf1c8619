-- pgbench floor: one row of calls updated and committed, i.e. one round trip plus one WAL flush. Run with -D calls=N.
\set i random(0, :calls - 1)
UPDATE calls SET updated_at = now() WHERE id = ('00000000-0000-4000-d000-' || lpad(to_hex(:i), 12, '0'))::uuid;
