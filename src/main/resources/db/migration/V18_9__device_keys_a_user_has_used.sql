-- The phones a user has ever registered, by the SHA-256 of their device key ("id:" + the stable device id, "fcm:" +
-- the push token), as referral claims keep them. A device row lives only as long as the session that registered it;
-- this outlives sign-out, so that a referrer who signs out of their phone before a second SIM on it registers with
-- their code is still recognised (referral rejection SAME_DEVICE_AS_REFERRER). Deleted with the account.
CREATE TABLE device_key_history (
    user_id      uuid NOT NULL REFERENCES users (id),
    key_hash     varchar(64) NOT NULL,
    first_seen_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, key_hash)
);

INSERT INTO device_key_history (user_id, key_hash, first_seen_at)
SELECT user_id, encode(sha256(convert_to('fcm:' || fcm_token, 'UTF8')), 'hex'), created_at FROM devices
UNION
SELECT user_id, encode(sha256(convert_to('id:' || device_id, 'UTF8')), 'hex'), created_at FROM devices
WHERE device_id IS NOT NULL
ON CONFLICT DO NOTHING;
