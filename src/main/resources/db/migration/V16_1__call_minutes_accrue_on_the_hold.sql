-- A running call's minutes are counted on its hold and paid in one settlement when the call ends (DESIGN.md section
-- 5), rather than in two transfers each: the billing tick wrote two journal rows per call-minute, and with them
-- locked and rewrote the callee's earnings and platform revenue, about half of its database time.
--
-- accrued: coins of the periods counted so far and not yet settled. They stay reserved on the payer's account
-- (held is still the sum over open holds of amount - captured) and move only at settlement.
-- periods: the number of the last period counted, so that a period is counted once.
ALTER TABLE holds
    ADD COLUMN accrued bigint NOT NULL DEFAULT 0 CHECK (accrued >= 0),
    ADD COLUMN periods integer NOT NULL DEFAULT 0 CHECK (periods >= 0),
    ADD CONSTRAINT holds_accrued_within_amount CHECK (captured + accrued <= amount),
    -- Counted coins leave a hold only through its settlement. This also stops a pod still running the code before
    -- this migration (a rolling update) from releasing or expiring a hold whose minutes were counted: its end of the
    -- call fails and is retried by a pod that settles.
    ADD CONSTRAINT holds_settled_before_closing CHECK (status = 'OPEN' OR accrued = 0);
