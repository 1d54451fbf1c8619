-- Coin purchases through Razorpay orders. The purchase id is the order's receipt.
CREATE TABLE purchases (
    id                  uuid PRIMARY KEY,
    user_id             uuid NOT NULL REFERENCES users (id),
    -- The client's Idempotency-Key: a retried "create order" returns this purchase.
    idempotency_key     varchar(100) NOT NULL,
    package_id          varchar(40) NOT NULL,
    coins               bigint NOT NULL CHECK (coins > 0),
    amount_paise        bigint NOT NULL CHECK (amount_paise > 0),
    currency            varchar(3) NOT NULL,
    -- PENDING until Razorpay has an order for it; CREATED while awaiting payment.
    status              varchar(16) NOT NULL
                        CHECK (status IN ('PENDING', 'CREATED', 'PAID', 'FAILED', 'REVIEW', 'REFUNDED')),
    razorpay_order_id   varchar(40) UNIQUE,
    razorpay_payment_id varchar(40) UNIQUE,
    -- Refunded so far, and the coins that refunds claimed back (taken or recorded as a shortfall), so that several
    -- partial refunds never claim more than was bought.
    refunded_paise      bigint NOT NULL DEFAULT 0 CHECK (refunded_paise >= 0),
    refunded_coins      bigint NOT NULL DEFAULT 0 CHECK (refunded_coins >= 0),
    -- The reconciler's lease: no pod asks Razorpay about this purchase again before then.
    reconcile_after     timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    paid_at             timestamptz,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX purchases_user ON purchases (user_id, created_at DESC, id);
CREATE INDEX purchases_unsettled ON purchases (reconcile_after) WHERE status IN ('CREATED', 'FAILED');

-- Webhook deliveries already processed, by Razorpay's x-razorpay-event-id.
CREATE TABLE razorpay_events (
    event_id    varchar(64) PRIMARY KEY,
    event       varchar(64) NOT NULL,
    received_at timestamptz NOT NULL
);

-- Refunds already applied, so that one refund reported twice (under two event ids) is applied once.
CREATE TABLE razorpay_refunds (
    refund_id    varchar(40) PRIMARY KEY,
    purchase_id  uuid NOT NULL REFERENCES purchases (id),
    amount_paise bigint NOT NULL,
    processed_at timestamptz NOT NULL
);

-- What money events did not add up (amount or currency mismatch, a second payment for a paid order, a refund of
-- coins already spent): recorded for a person to review, never acted on automatically.
CREATE TABLE payment_anomalies (
    id            uuid PRIMARY KEY,
    purchase_id   uuid REFERENCES purchases (id),
    payment_id    varchar(40),
    kind          varchar(32) NOT NULL,
    details       varchar(500) NOT NULL,
    created_at    timestamptz NOT NULL
);

-- Premium plans through Razorpay subscriptions.
CREATE TABLE subscriptions (
    id                       uuid PRIMARY KEY,
    user_id                  uuid NOT NULL REFERENCES users (id),
    plan                     varchar(16) NOT NULL,
    razorpay_subscription_id varchar(40) NOT NULL UNIQUE,
    status                   varchar(16) NOT NULL,
    current_end              timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);
CREATE INDEX subscriptions_user ON subscriptions (user_id, created_at DESC);

ALTER TABLE users ADD COLUMN premium_until timestamptz;
