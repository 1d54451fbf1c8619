-- The chat of rooms that ended longer ago than banter.rooms.chat-retention is deleted (room.RoomChatPruning), oldest
-- messages first, found through this index. Not through the primary key, as notifications are: the ids of messages
-- written before they were time-ordered are random and sort anywhere.
--
-- Built CONCURRENTLY, apart from V21_32 (Flyway runs such a script outside a transaction), so that rooms go on chatting
-- while it builds.
CREATE INDEX CONCURRENTLY IF NOT EXISTS room_messages_created ON room_messages (created_at);
