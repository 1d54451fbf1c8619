-- Who may ring a user's own phone through the phone network (POST /api/v1/calls with carrier PHONE): EVERYONE,
-- FRIENDS or NOBODY. Friends unless the user chooses otherwise, as for direct messages; a user without a row has the
-- default too. A constant default adds the column without rewriting the table.
ALTER TABLE user_settings ADD COLUMN phone_calls_from varchar(16) NOT NULL DEFAULT 'FRIENDS'
    CHECK (phone_calls_from IN ('EVERYONE', 'FRIENDS', 'NOBODY'));
