-- A phone call that our side ends while its provider cannot hang it up (Exotel's Voice v1 API has none) goes on
-- bridged: end_requested_at records that the end was asked, and the call stays open, billed as any connected call,
-- until the provider reports its end with the real duration. time_limit_seconds is the TimeLimit the provider was
-- given at connect: once the ring window and that time have passed, the network has cut the call, and the reconciler
-- ends a call whose provider never reported.
ALTER TABLE calls
    ADD COLUMN end_requested_at timestamptz,
    ADD COLUMN time_limit_seconds integer;
