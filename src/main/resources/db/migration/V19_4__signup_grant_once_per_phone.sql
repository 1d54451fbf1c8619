-- The signup grant is given once per phone, not once per account: otherwise deleting the account and registering the
-- same phone again is a way to print coins. A registration claims its phone's keyed hash (PhoneHashes) in the
-- transaction that gives the grant; the primary key refuses a second claim, also between transactions racing for it.
--
-- No backfill: SQL cannot compute the keyed hash. Accounts registered before this table claim their phone when they
-- are deleted (the hash is in hand then), provided they received the grant, so every phone with an account today is
-- covered; only a phone whose account was deleted before this migration can receive the grant once more.
CREATE TABLE signup_granted_phones (
    phone_hash varchar(64) PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id)
);
