-- A deleted account's room chat messages are erased with it (room.RoomChatService.eraseMessagesOf), found through this
-- index rather than by reading every room's chat at each deletion.
--
-- Built CONCURRENTLY (Flyway runs such a script outside a transaction): room messages are written while rooms are
-- live, which a plain CREATE INDEX would stop for its whole build. IF NOT EXISTS lets an operator build it by hand
-- before a rollout onto a large table (docs/DEPLOYMENT.md).
CREATE INDEX CONCURRENTLY IF NOT EXISTS room_messages_sender ON room_messages (sender_id) WHERE deleted_at IS NULL;
