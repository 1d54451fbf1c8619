-- A profile's avatar as an uploaded media row; avatar_url then holds its CDN URL.
ALTER TABLE users ADD COLUMN avatar_media_id uuid REFERENCES media (id);
CREATE UNIQUE INDEX users_avatar_media ON users (avatar_media_id) WHERE avatar_media_id IS NOT NULL;
