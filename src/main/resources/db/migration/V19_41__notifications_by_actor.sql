-- The notifications in other people's lists that name a deleted account are forgotten with it (their
-- title or body carries its name; data.userId is the user they are about), found through this index rather than by
-- reading every notification at each deletion.
--
-- Built CONCURRENTLY (Flyway runs such a script outside a transaction): notifications are written in the transactions
-- of rings, messages, friend requests and purchases, which a plain CREATE INDEX would hold for its whole build (about
-- 2.5 s per million notifications). IF NOT EXISTS lets an operator build it by hand before a rollout onto a large table
-- (docs/DEPLOYMENT.md).
CREATE INDEX CONCURRENTLY IF NOT EXISTS notifications_actor ON notifications ((data ->> 'userId'));
