-- The media cleanup takes rows one by one: a row whose blob Blob Storage refuses to delete (a lease on it, say) is
-- left with cleanup_retry_at set, so that the other rows go on being deleted and that one is tried again only once
-- that time has passed, not first in every batch.
ALTER TABLE media ADD COLUMN cleanup_retry_at timestamptz;
