-- Rooms now release their cover when they end, and the covers of a deleted account are released (package room,
-- RoomCovers), so that the media cleanup deletes them from the public container. Covers of rooms that ended, or whose
-- uploader was deleted, before that are released here the same way: taken off the room, and unattached.
WITH released AS (
    UPDATE rooms r SET cover_media_key = NULL
    FROM media m JOIN users u ON u.id = m.owner_id
    WHERE r.cover_media_key = 'room-covers/' || m.id AND (r.status = 'ENDED' OR u.status = 'DELETED')
    RETURNING m.id
)
UPDATE media SET attached_at = NULL WHERE id IN (SELECT id FROM released);
