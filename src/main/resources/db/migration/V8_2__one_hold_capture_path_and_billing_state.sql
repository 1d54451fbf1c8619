-- Every capture of a hold goes through the ledger's one charging path, which records what it adds to a hold on the
-- charge's own key; nothing writes hold_extensions any more.
DROP TABLE hold_extensions;

-- What the reconciler's queries compare, written by the service (Call.deriveBillingState) whenever it writes a call,
-- so that when a minute starts and who counts as in the room are decided in Java only: the start of the next
-- unbilled minute (null until connected) and whether both parties are in the room by our record.
ALTER TABLE calls
    ADD COLUMN next_minute_at timestamptz,
    ADD COLUMN both_present boolean NOT NULL DEFAULT false;

-- Calls running while this migrates, once, by the rule as it stands today.
UPDATE calls SET
    next_minute_at = connected_at + make_interval(secs => grace_seconds + 60 * billed_minutes),
    both_present = caller_joined_at IS NOT NULL AND (caller_left_at IS NULL OR caller_left_at < caller_joined_at)
        AND callee_joined_at IS NOT NULL AND (callee_left_at IS NULL OR callee_left_at < callee_joined_at)
WHERE status IN ('INITIATED', 'RINGING', 'ANSWERED');
