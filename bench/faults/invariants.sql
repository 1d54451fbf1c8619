-- The invariants every fault script checks at its end, on the service's database, after the service has caught up.
-- Run by bench/faults/lib.sh (fault_check_invariants) as
--   psql "$pg_url" -v ON_ERROR_STOP=1 -v lag_seconds=60 -f bench/faults/invariants.sql
-- Each check lists what violates it (nothing when it holds) and the last statement fails, so that psql exits 3, when
-- any check found something. lag_seconds: how far billing of a call still in progress may trail the clock (a tick
-- every few seconds, plus a service that was just restarted).
--
-- Acknowledgements: a script that records what the service acknowledged (a purchase answered as paid, a transfer
-- answered 2xx) puts it in fault_acks (kind, ref) first; every one must be in the books.

\set QUIET on
\pset footer off
create temporary table violation (invariant text, detail text);
create table if not exists fault_acks (kind text not null, ref text not null);

-- The books balance: the sum of all balances is zero.
insert into violation
select 'sum of balances is zero', 'sum = ' || sum(balance) from accounts having sum(balance) <> 0;

-- Every balance is the net of its transfers.
insert into violation
select 'balance = net of transfers', a.type || ' ' || a.id || ': balance ' || a.balance || ', transfers '
       || coalesce(t.net, 0)
from accounts a
left join (select account, sum(amount) as net
           from (select to_account as account, amount from transfers
                 union all select from_account, -amount from transfers) moves
           group by account) t on t.account = a.id
where a.balance <> coalesce(t.net, 0);

-- Transfers name accounts that exist (the foreign keys were dropped for speed, V7_1; the ledger guarantees it).
insert into violation
select 'transfers name existing accounts', 'transfer ' || t.id
from transfers t
where not exists (select 1 from accounts a where a.id = t.from_account)
   or not exists (select 1 from accounts a where a.id = t.to_account);

-- Held coins are exactly what the open holds still reserve.
insert into violation
select 'held = open holds', a.type || ' ' || a.id || ': held ' || a.held || ', open holds ' || coalesce(h.open, 0)
from accounts a
left join (select account_id, sum(amount - captured) as open from holds where status = 'OPEN' group by account_id) h
       on h.account_id = a.id
where a.held <> coalesce(h.open, 0);

-- No user balance below zero, and holds never reserve more than the balance.
insert into violation
select 'no negative user balance', a.type || ' ' || a.id || ': balance ' || a.balance || ', held ' || a.held
from accounts a
where a.owner_id is not null and (a.balance < 0 or a.held > a.balance);

-- Every acknowledged transfer is present (once: the key is unique).
insert into violation
select 'acknowledged transfer present', k.ref
from fault_acks k
where k.kind = 'transfer' and not exists (select 1 from transfers t where t.idempotency_key = k.ref);

-- Every purchase acknowledged as paid is settled, and credited if PAID (what the credit was is checked below; a
-- purchase in REVIEW waits for a person, a REFUNDED one may have been refunded before it was ever credited).
insert into violation
select 'acknowledged purchase settled', k.ref
from fault_acks k
left join purchases p on p.id::text = k.ref
where k.kind = 'purchase'
  and (p.id is null or p.status not in ('PAID', 'REFUNDED', 'REVIEW')
       or (p.status = 'PAID'
           and not exists (select 1 from transfers t where t.idempotency_key = 'coin-purchase:' || p.id)));

-- No purchase credited twice, and none credited that is not paid, whatever mix of checkout verifications, webhooks
-- (duplicated, reordered, late), reconciler passes and operator resolutions settled it: at most one COIN_PURCHASE
-- transfer per purchase, to its buyer (next check).
--   PAID: one credit, of its coins less those of what Razorpay refunded before the credit (a purchase credited after
--         review, or whose payment was partly refunded before its capture reached us); refunded_coins counts those
--         and the refunds since, so the credit lies between coins - refunded_coins and coins;
--   REFUNDED: the same when it was credited; when not (refunded while in review, or in full before its capture came),
--         nothing is owed back: refunded_coins = coins;
--   REVIEW, PENDING, CREATED, FAILED: no credit.
insert into violation
select 'purchase credited once', 'purchase ' || p.id || ' (' || p.status || '): ' || count(t.id) || ' credits of '
       || coalesce(sum(t.amount), 0) || ' coins for ' || p.coins || ', ' || p.refunded_coins || ' refunded'
from purchases p
left join transfers t on t.kind = 'COIN_PURCHASE' and t.reference = 'purchase:' || p.id
group by p.id, p.status, p.coins, p.refunded_coins
having count(t.id) > 1
    or (p.status in ('PAID', 'REFUNDED') and count(t.id) = 1
        and sum(t.amount) not between p.coins - p.refunded_coins and p.coins)
    or (p.status = 'PAID' and count(t.id) = 0)
    or (p.status = 'REFUNDED' and count(t.id) = 0 and p.refunded_coins <> p.coins)
    or (p.status in ('REVIEW', 'PENDING', 'CREATED', 'FAILED') and count(t.id) <> 0);
insert into violation
select 'purchase credited to its buyer', 'purchase ' || p.id
from purchases p
join transfers t on t.kind = 'COIN_PURCHASE' and t.reference = 'purchase:' || p.id
join accounts a on a.id = t.to_account
where a.owner_id <> p.user_id or a.type <> 'COINS';
insert into violation
select 'one purchase per payment', 'payment ' || razorpay_payment_id
from purchases where razorpay_payment_id is not null group by razorpay_payment_id having count(*) > 1;

-- No webhook applied twice: one inbox row per (provider, event id) is the primary key's job; what is checked here is
-- that every effect keyed by a provider's id happened once.
insert into violation
select 'refund applied once', 'refund ' || refund_id
from razorpay_refunds group by refund_id having count(*) > 1;

-- No call minute billed twice or lost. A call's minutes are counted on its hold while it runs (holds.accrued) and paid
-- when it ends in one settlement of two transfers (call:{id}:settle:callee|platform); minutes billed before that
-- design (V16_1) were paid in two transfers each (call:{id}:minute:{n}:...). Per call: the minutes paid or counted
-- (net of minutes given back) are the call's billed minutes, the coins charged are rate x minutes, and
--   an ended call: billed = minutes started by its end (fewer only if the caller ran out of coins);
--   a call in progress: billed <= minutes started by now, and >= minutes started by now - lag_seconds;
--   a call that never connected: nothing billed; an ended call has no open hold and nothing counted unpaid.
create temporary table call_money as
select c.id, c.status, c.connected_at, c.ended_at, c.grace_seconds, c.billed_minutes, c.coins_charged,
       c.rate_per_minute, c.end_reason,
       coalesce(m.minutes, 0) as minutes, coalesce(m.coins, 0) as minute_coins, coalesce(m.rows, 0) as minute_rows,
       coalesce(s.coins, 0) as settled_coins, coalesce(s.rows, 0) as settle_rows,
       coalesce(h.accrued, 0) as accrued_coins,
       coalesce(r.minutes, 0) as refunded, coalesce(r.coins, 0) as refund_coins,
       coalesce(h.open, 0) as open_holds,
       (select a.balance - a.held from accounts a where a.owner_id = c.caller_id and a.type = 'COINS') as caller_left
from calls c
left join (select split_part(idempotency_key, ':', 2) as call_id,
                  count(distinct split_part(idempotency_key, ':', 4)) as minutes, sum(amount) as coins,
                  count(*) as rows
           from transfers where idempotency_key like 'call:%:minute:%' and kind in ('CALL_CHARGE', 'CALL_EARNING')
           group by 1) m on m.call_id = c.id::text
left join (select split_part(idempotency_key, ':', 2) as call_id, sum(amount) as coins, count(*) as rows
           from transfers where idempotency_key like 'call:%:settle:%' and kind in ('CALL_CHARGE', 'CALL_EARNING')
           group by 1) s on s.call_id = c.id::text
left join (select reference, sum(accrued) as accrued, count(*) filter (where status = 'OPEN') as open
           from holds where reference like 'call:%' group by 1) h on h.reference = 'call:' || c.id
left join (select split_part(idempotency_key, ':', 2) as call_id,
                  count(distinct split_part(idempotency_key, ':', 4)) as minutes, sum(amount) as coins
           from transfers where idempotency_key like 'call:%:refund:%' group by 1) r on r.call_id = c.id::text;

insert into violation
select 'call minutes match their transfers and hold', 'call ' || id || ': billed ' || billed_minutes || ' minutes / '
       || coins_charged || ' coins; transfers and hold: '
       || (minutes + (settled_coins + accrued_coins) / rate_per_minute - refunded) || ' minutes / '
       || (minute_coins + settled_coins + accrued_coins - refund_coins) || ' coins'
from call_money
where billed_minutes <> minutes + (settled_coins + accrued_coins) / rate_per_minute - refunded
   or (settled_coins + accrued_coins) % rate_per_minute <> 0
   or coins_charged <> billed_minutes * rate_per_minute
   or minute_coins + settled_coins + accrued_coins - refund_coins <> coins_charged;

insert into violation
select 'each minute charged once, in its shares', 'call ' || id || ': ' || minute_rows || ' transfers for ' || minutes
       || ' minutes, ' || settle_rows || ' settlement transfers'
from call_money
where minute_rows > 2 * minutes or settle_rows > 2;

insert into violation
select 'ended call billed the minutes started by its end', 'call ' || id || ' (' || coalesce(end_reason, '') || '): billed '
       || billed_minutes || ', started ' || started
from (select *, case when extract(epoch from ended_at - connected_at) < grace_seconds then 0
                     else floor((extract(epoch from ended_at - connected_at) - grace_seconds) / 60) + 1 end as started
      from call_money where connected_at is not null and ended_at is not null) ended
where billed_minutes > started
   or (billed_minutes < started and coalesce(end_reason, '') <> 'INSUFFICIENT_BALANCE' and caller_left >= rate_per_minute);

insert into violation
select 'call in progress billed up to now', 'call ' || id || ': billed ' || billed_minutes || ', started by now '
       || started_now || ', by now - lag ' || started_lag
from (select *,
             greatest(0, floor((extract(epoch from now() - connected_at) - grace_seconds) / 60) + 1) as started_now,
             greatest(0, floor((extract(epoch from now() - connected_at) - grace_seconds - :lag_seconds) / 60) + 1)
               as started_lag
      from call_money where status = 'ANSWERED' and connected_at is not null) live
where billed_minutes > started_now or (billed_minutes < started_lag and caller_left >= rate_per_minute);

insert into violation
select 'unconnected call billed nothing', 'call ' || id || ': billed ' || billed_minutes
from call_money
where connected_at is null and (billed_minutes <> 0 or minutes <> 0 or settled_coins <> 0 or accrued_coins <> 0);

insert into violation
select 'ended call holds nothing', 'call ' || id || ' (' || status || '): ' || open_holds || ' open holds, '
       || accrued_coins || ' coins counted unpaid'
from call_money where status not in ('INITIATED', 'RINGING', 'ANSWERED') and (open_holds <> 0 or accrued_coins <> 0);

insert into violation
select 'nobody left in an ended call', 'user ' || p.user_id || ' in call ' || p.call_id
from call_parties p join calls c on c.id = p.call_id
where c.status not in ('INITIATED', 'RINGING', 'ANSWERED');

\pset footer on
\echo 'invariants checked:'
select (select count(*) from accounts) as accounts, (select count(*) from transfers) as transfers,
       (select count(*) from holds) as holds, (select count(*) from purchases where status = 'PAID') as paid_purchases,
       (select count(*) from calls) as calls, (select coalesce(sum(billed_minutes), 0) from calls) as billed_minutes,
       (select count(*) from webhook_inbox) as webhooks, (select count(*) from fault_acks) as acknowledged,
       (select count(*) from violation) as violations;
select invariant, count(*) as violations, min(detail) as example from violation group by invariant order by 1;
\set QUIET off
-- Fails (psql exits 3 under ON_ERROR_STOP) when anything was found.
do $$ begin
  if exists (select 1 from violation) then
    raise exception 'invariants violated: %', (select count(*) from violation);
  end if;
end $$;
