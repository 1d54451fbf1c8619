-- Withdrawals of earnings through RazorpayX (payout package). A payout row is written with the hold on the user's
-- EARNINGS account in one transaction; RazorpayX is called after that commits, and what it answers is recorded here.
CREATE TABLE payouts (
    id                  uuid PRIMARY KEY,
    user_id             uuid NOT NULL REFERENCES users (id),
    -- The client's Idempotency-Key, scoped to the user: a retry returns this payout.
    idempotency_key     varchar(100) NOT NULL,
    coins               bigint NOT NULL CHECK (coins > 0),
    -- coins converted at the configured rate when the request was made (integer arithmetic), at least RazorpayX's
    -- minimum of 100 paise.
    amount_paise        bigint NOT NULL CHECK (amount_paise >= 100),
    currency            varchar(3) NOT NULL,
    method              varchar(8) NOT NULL CHECK (method IN ('UPI', 'BANK')),
    -- What responses show: the last 4 characters of the account number or of the VPA's name, the rest masked.
    destination_masked  varchar(120) NOT NULL,
    -- The destination in clear, kept only until RazorpayX holds it as a fund account (then set to null): the
    -- reconciler needs it to finish a request whose provider calls never happened.
    vpa                 varchar(100),
    account_number      varchar(18),
    ifsc                varchar(11),
    holder_name         varchar(120),
    status              varchar(16) NOT NULL CHECK (status IN ('PENDING', 'PROCESSING', 'PROCESSED', 'FAILED',
                                                              'REVERSED')),
    -- The hold on the EARNINGS account, placed in the transaction that inserts the row (just after it, so that a
    -- concurrent retry with the same key waits on the row rather than on the account).
    hold_id             uuid,
    razorpay_contact_id varchar(40),
    razorpay_fund_account_id varchar(40),
    razorpay_payout_id  varchar(40) UNIQUE,
    -- RazorpayX's own status word and the time of the event or fetch that said it.
    provider_status     varchar(16),
    provider_status_at  timestamptz,
    failure_reason      varchar(200),
    -- When the reconciler next looks at a payout in a non-final state; also the lease of whoever is calling RazorpayX
    -- for it.
    reconcile_after     timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT payouts_user_key UNIQUE (user_id, idempotency_key),
    CONSTRAINT payouts_destination_shape CHECK (
        (method = 'UPI' AND account_number IS NULL AND ifsc IS NULL AND holder_name IS NULL)
        OR (method = 'BANK' AND vpa IS NULL))
);
-- History, newest first; the daily and monthly limits sum over the same range.
CREATE INDEX payouts_by_user ON payouts (user_id, created_at DESC, id DESC);
-- The reconciler's queue: only payouts not final yet.
CREATE INDEX payouts_unsettled ON payouts (reconcile_after) WHERE status IN ('PENDING', 'PROCESSING');
