-- Gifts: one row per send, in the transaction of its ledger transfers (gift:{id}:earning, gift:{id}:platform), so a
-- gift exists exactly when its coins moved. The sender's Idempotency-Key is unique per sender: a retry finds the row.
CREATE TABLE gifts (
    id               uuid PRIMARY KEY,
    sender_id        uuid NOT NULL REFERENCES users (id),
    receiver_id      uuid NOT NULL REFERENCES users (id),
    idempotency_key  varchar(100) NOT NULL,
    -- The catalogue entry (banter.gifts.catalogue) and its price when given: the catalogue may change later.
    gift_id          varchar(40) NOT NULL,
    quantity         int NOT NULL CHECK (quantity > 0),
    unit_price       bigint NOT NULL CHECK (unit_price > 0),
    coins            bigint NOT NULL CHECK (coins = unit_price * quantity),
    receiver_coins   bigint NOT NULL CHECK (receiver_coins >= 0 AND receiver_coins <= coins),
    -- Where it was given: a voice room or a call.
    room_id          uuid REFERENCES rooms (id),
    call_id          uuid REFERENCES calls (id),
    created_at       timestamptz NOT NULL,
    UNIQUE (sender_id, idempotency_key),
    CHECK ((room_id IS NULL) <> (call_id IS NULL)),
    CHECK (sender_id <> receiver_id)
);
CREATE INDEX gifts_sent ON gifts (sender_id, created_at DESC, id DESC);
CREATE INDEX gifts_received ON gifts (receiver_id, created_at DESC, id DESC);
-- A room's top gifters: summed per sender over the room's gifts.
CREATE INDEX gifts_room ON gifts (room_id, sender_id) INCLUDE (coins) WHERE room_id IS NOT NULL;
