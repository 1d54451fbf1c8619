-- The LiveKit session (participant sid) of each party's last recorded join and leave; null when not known (the
-- participant check learns who is in the room without it). A leave counts against the join of its own session only:
-- a party who reconnects under the same identity gets a new session, and the old one's leave, arriving after the new
-- one's join, is not a departure.
ALTER TABLE calls
    ADD COLUMN caller_joined_sid text,
    ADD COLUMN caller_left_sid text,
    ADD COLUMN callee_joined_sid text,
    ADD COLUMN callee_left_sid text;
