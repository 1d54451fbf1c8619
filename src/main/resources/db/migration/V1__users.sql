-- People who signed in with a verified phone number and completed registration.
CREATE TABLE users (
    id               uuid PRIMARY KEY,
    -- E.164, verified by Firebase. Null once the account is deleted, so the number can register again.
    phone            varchar(16) UNIQUE,
    firebase_uid     varchar(128) UNIQUE,
    -- Stored lower-case, so uniqueness is case-insensitive.
    username         varchar(20) NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_]{3,20}$'),
    full_name        varchar(60) NOT NULL,
    date_of_birth    date,
    gender           varchar(16),
    language         varchar(8),
    interests        text[] NOT NULL DEFAULT '{}',
    bio              varchar(300),
    avatar_url       varchar(512),
    -- The referral code entered at registration; the referral feature acts on it.
    referred_by_code varchar(16),
    roles            text[] NOT NULL DEFAULT '{}',
    status           varchar(16) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DELETED')),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    deleted_at       timestamptz
);

-- Prefix search by username and by name (left-anchored LIKE on lower-case text).
CREATE INDEX users_username_prefix ON users (username text_pattern_ops) WHERE status = 'ACTIVE';
CREATE INDEX users_full_name_prefix ON users (lower(full_name) text_pattern_ops, id) WHERE status = 'ACTIVE';

-- Phones that receive push notifications. A token belongs to one device, and so to whoever last registered it.
CREATE TABLE devices (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id),
    fcm_token     varchar(512) NOT NULL UNIQUE,
    platform      varchar(16) NOT NULL CHECK (platform IN ('ANDROID', 'IOS')),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX devices_user ON devices (user_id);
