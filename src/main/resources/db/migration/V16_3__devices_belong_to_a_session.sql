-- A device receives pushes while the session that registered it lives: signing out of a phone stops its
-- notifications. Devices registered before this have no session and stay until removed or moved to another user.
ALTER TABLE devices ADD COLUMN session_id uuid;
CREATE INDEX devices_session ON devices (session_id) WHERE session_id IS NOT NULL;
