-- The coin ledger (DESIGN.md section 5). Every movement is one row in transfers between two accounts, and both
-- accounts' balances change in the same transaction, so the sum of all balances stays zero.

-- A user has a COINS and an EARNINGS account. System accounts have no owner and may go negative: ISSUANCE is where
-- every coin comes from, so its balance is minus the coins in circulation.
CREATE TABLE accounts (
    id          uuid PRIMARY KEY,
    owner_id    uuid REFERENCES users (id),
    type        varchar(24) NOT NULL CHECK (type IN ('COINS', 'EARNINGS', 'ISSUANCE', 'PROMOTIONS',
                                                     'PLATFORM_REVENUE', 'PAYOUT_CLEARING')),
    balance     bigint NOT NULL DEFAULT 0,
    -- Reserved by open holds: available = balance - held.
    held        bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_owner_matches_type
        CHECK ((owner_id IS NOT NULL) = (type IN ('COINS', 'EARNINGS'))),
    -- The last line of defence behind the ledger's conditional updates: a user's coins never go below zero and
    -- holds never reserve more than the balance.
    CONSTRAINT accounts_user_balance_covers_holds
        CHECK (owner_id IS NULL OR (balance >= 0 AND held <= balance)),
    CONSTRAINT accounts_owner_type UNIQUE NULLS NOT DISTINCT (owner_id, type)
);

-- Well-known ids, also in SystemAccounts.java.
INSERT INTO accounts (id, owner_id, type) VALUES
    ('00000000-0000-0000-0000-000000000001', NULL, 'ISSUANCE'),
    ('00000000-0000-0000-0000-000000000002', NULL, 'PROMOTIONS'),
    ('00000000-0000-0000-0000-000000000003', NULL, 'PLATFORM_REVENUE'),
    ('00000000-0000-0000-0000-000000000004', NULL, 'PAYOUT_CLEARING');

-- Coins reserved on an account (a call's next minute, a withdrawal in flight) until they are captured, released,
-- or the hold expires. amount is placed plus extensions; captured counts what has been taken so far; amount - captured
-- is still reserved while OPEN.
CREATE TABLE holds (
    id               uuid PRIMARY KEY,
    idempotency_key  varchar(200) NOT NULL UNIQUE,
    account_id       uuid NOT NULL REFERENCES accounts (id),
    -- What placeHold asked for, kept to compare a retry with the same key.
    placed           bigint NOT NULL CHECK (placed > 0),
    amount           bigint NOT NULL CHECK (amount >= placed),
    captured         bigint NOT NULL DEFAULT 0 CHECK (captured >= 0 AND captured <= amount),
    status           varchar(16) NOT NULL CHECK (status IN ('OPEN', 'CAPTURED', 'RELEASED', 'EXPIRED')),
    reference        varchar(200),
    expires_at       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    closed_at        timestamptz,
    CHECK (status <> 'CAPTURED' OR captured = amount),
    CHECK ((status = 'OPEN') = (closed_at IS NULL))
);
CREATE INDEX holds_open_by_expiry ON holds (expires_at) WHERE status = 'OPEN';

-- Each addition to an open hold, keyed so that a retried extension reserves nothing twice.
CREATE TABLE hold_extensions (
    idempotency_key  varchar(200) PRIMARY KEY,
    hold_id          uuid NOT NULL REFERENCES holds (id),
    amount           bigint NOT NULL CHECK (amount > 0),
    created_at       timestamptz NOT NULL
);

-- Append-only. The columns are the request itself, so a retry with the same key is compared against them: equal
-- means "return this transfer", different means the key was reused for something else.
CREATE TABLE transfers (
    id               uuid PRIMARY KEY,
    idempotency_key  varchar(200) NOT NULL UNIQUE,
    kind             varchar(32) NOT NULL CHECK (kind ~ '^[A-Z][A-Z_]*$'),
    from_account     uuid NOT NULL REFERENCES accounts (id),
    to_account       uuid NOT NULL REFERENCES accounts (id),
    amount           bigint NOT NULL CHECK (amount > 0),
    reference        varchar(200),
    -- Set when the transfer captured (part of) a hold.
    hold_id          uuid REFERENCES holds (id),
    created_at       timestamptz NOT NULL,
    CHECK (from_account <> to_account)
);
-- A wallet's history, newest first, one index range per account and direction.
CREATE INDEX transfers_from_history ON transfers (from_account, created_at DESC, id DESC);
CREATE INDEX transfers_to_history ON transfers (to_account, created_at DESC, id DESC);

CREATE FUNCTION transfers_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'transfers are append-only; record a reversing transfer instead';
END
$$;
CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON transfers
    FOR EACH STATEMENT EXECUTE FUNCTION transfers_refuse_change();
