-- Referral codes, referrals and the keys that allow one reward per phone and per device.

-- Every user's own code: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, nor U), stored upper-case;
-- codes are compared upper-case, so they are case-insensitive. owner_phone_hash is the keyed hash (HMAC-SHA256) of the
-- phone the owner registered with, so that a code is "own" also to a later account of the same phone; codes given to
-- existing users by this migration have none (the secret lives in config, not in SQL).
CREATE TABLE referral_codes (
    user_id          uuid PRIMARY KEY REFERENCES users (id),
    code             varchar(8) NOT NULL UNIQUE CHECK (code ~ '^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$'),
    owner_phone_hash varchar(64),
    created_at       timestamptz NOT NULL
);

-- Existing users get their code here; a collision draws again.
DO $$
DECLARE
    alphabet constant text := '23456789ABCDEFGHJKMNPQRSTVWXYZ';
    owner uuid;
    candidate text;
BEGIN
    FOR owner IN SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM referral_codes) LOOP
        LOOP
            candidate := '';
            FOR i IN 1..8 LOOP
                candidate := candidate || substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1);
            END LOOP;
            INSERT INTO referral_codes (user_id, code, created_at) VALUES (owner, candidate, now())
            ON CONFLICT (code) DO NOTHING;
            EXIT WHEN FOUND;
        END LOOP;
    END LOOP;
END $$;

-- A referee was referred at most once (at registration). PENDING until the referee's first coin purchase settles,
-- then COMPLETED (both rewarded) or REJECTED (an abuse rule said no: rejection_reason); a refund of the rewarding
-- purchase makes it CLAWED_BACK (clawed_back = what could be taken back from the referee).
CREATE TABLE referrals (
    id                 uuid PRIMARY KEY,
    referrer_id        uuid NOT NULL REFERENCES users (id),
    referee_id         uuid NOT NULL UNIQUE REFERENCES users (id),
    code               varchar(8) NOT NULL,
    status             varchar(16) NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'REJECTED', 'CLAWED_BACK')),
    rejection_reason   varchar(32),
    -- Keyed hash (HMAC-SHA256, secret from config) of the referee's phone; never the phone itself.
    referee_phone_hash varchar(64),
    purchase_id        uuid,
    referrer_reward    bigint NOT NULL DEFAULT 0 CHECK (referrer_reward >= 0),
    referee_reward     bigint NOT NULL DEFAULT 0 CHECK (referee_reward >= 0),
    clawed_back        bigint NOT NULL DEFAULT 0 CHECK (clawed_back >= 0 AND clawed_back <= referee_reward),
    created_at         timestamptz NOT NULL,
    rewarded_at        timestamptz,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX referrals_referrer ON referrals (referrer_id, created_at DESC, id DESC);
CREATE INDEX referrals_referrer_rewarded ON referrals (referrer_id, rewarded_at) WHERE rewarded_at IS NOT NULL;

-- One reward per phone and per device: a rewarded referral claims its referee's keys; the primary key refuses a
-- second claim, also between transactions racing for it.
CREATE TABLE referral_rewarded_phones (
    phone_hash  varchar(64) PRIMARY KEY,
    referral_id uuid NOT NULL REFERENCES referrals (id)
);
CREATE TABLE referral_rewarded_devices (
    -- SHA-256 (hex) of "id:<stable device id>" or "fcm:<FCM token>".
    device_key  varchar(64) PRIMARY KEY,
    referral_id uuid NOT NULL REFERENCES referrals (id)
);
CREATE INDEX referral_rewarded_devices_referral ON referral_rewarded_devices (referral_id);
