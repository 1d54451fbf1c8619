-- KYC: one row per document a user submitted. The number itself is never stored: a keyed hash (HMAC-SHA256 with
-- banter.kyc.number-hmac-secret over the type and the normalized number) finds the same document on another account,
-- and the last four characters are all that is kept in clear.
CREATE TABLE kyc_submissions (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES users (id),
    document_type      varchar(16) NOT NULL CHECK (document_type IN ('PAN', 'AADHAAR', 'DRIVING_LICENCE')),
    number_hmac        varchar(64) NOT NULL,
    number_last4       varchar(4) NOT NULL,
    -- The adapter that verifies it (sandbox, karza, signzy) and that provider's id of the request.
    provider           varchar(16) NOT NULL,
    provider_reference varchar(100),
    status             varchar(16) NOT NULL CHECK (status IN ('PENDING', 'VERIFIED', 'REJECTED')),
    reason             varchar(200),
    -- The provider's time of the decision applied; a final decision is never replaced.
    decided_at         timestamptz,
    -- A pending submission is asked about at the provider from then on (the poller's lease).
    poll_after         timestamptz NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CHECK ((status = 'PENDING') = (decided_at IS NULL))
);
CREATE INDEX kyc_submissions_user ON kyc_submissions (user_id, created_at DESC);
-- A document is verified on one account only, and an account has at most one verified and one pending document.
CREATE UNIQUE INDEX kyc_submissions_verified_document ON kyc_submissions (document_type, number_hmac)
    WHERE status = 'VERIFIED';
CREATE UNIQUE INDEX kyc_submissions_verified_user ON kyc_submissions (user_id) WHERE status = 'VERIFIED';
CREATE UNIQUE INDEX kyc_submissions_pending_user ON kyc_submissions (user_id) WHERE status = 'PENDING';
CREATE UNIQUE INDEX kyc_submissions_reference ON kyc_submissions (provider, provider_reference);
CREATE INDEX kyc_submissions_to_poll ON kyc_submissions (poll_after) WHERE status = 'PENDING';
