-- The notifications in other people's lists that name a deleted account are forgotten with it (their
-- title or body carries its name; data.userId is the user they are about), found through this index rather than by
-- reading every notification at each deletion.
CREATE INDEX notifications_actor ON notifications ((data ->> 'userId'));
