-- Direct messages carry uploaded media: an IMAGE or a VOICE note names its media row; a voice note has a duration.
-- media_url stays for images given as URLs.
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check CHECK (kind IN ('TEXT', 'IMAGE', 'VOICE'));
ALTER TABLE messages ADD COLUMN media_id uuid REFERENCES media (id);
ALTER TABLE messages ADD COLUMN duration_seconds integer CHECK (duration_seconds > 0);
CREATE UNIQUE INDEX messages_media ON messages (media_id) WHERE media_id IS NOT NULL;
