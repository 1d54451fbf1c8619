-- Uploads to Azure Blob Storage (package media). A row is created when the service issues a write-only SAS URL for
-- one new blob; the blob's name is the row's id, in the container of its purpose. Completion checks the blob and makes
-- the row READY; a feature then attaches it (once). Rows never attached are deleted with their blob after a day.
CREATE TABLE media (
    id            uuid PRIMARY KEY,
    owner_id      uuid NOT NULL REFERENCES users (id),
    purpose       varchar(16) NOT NULL
                  CHECK (purpose IN ('AVATAR', 'CHAT_IMAGE', 'VOICE_MESSAGE', 'ROOM_COVER', 'KYC_DOCUMENT')),
    content_type  varchar(64) NOT NULL,
    declared_size bigint NOT NULL CHECK (declared_size > 0),
    -- PENDING: issued, not yet verified; READY: verified, usable; REJECTED: failed verification, blob deleted.
    status        varchar(16) NOT NULL CHECK (status IN ('PENDING', 'READY', 'REJECTED')),
    created_at    timestamptz NOT NULL,
    completed_at  timestamptz,
    -- Set when a feature uses it (single use); cleared when that use ends, which lets the cleanup job take it.
    attached_at   timestamptz,
    CHECK (attached_at IS NULL OR status = 'READY')
);
-- The cleanup job's scan: unattached rows, oldest first.
CREATE INDEX media_unattached ON media (created_at) WHERE attached_at IS NULL;
CREATE INDEX media_owner ON media (owner_id);
