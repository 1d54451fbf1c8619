-- A running call's row is rewritten every minute it is billed and every participant check (30 s), and each time its
-- next_check_at moves. With next_check_at indexed (calls_due) and billed_minutes in calls_ended's INCLUDE, every such
-- write was a new row version with an entry in each of the table's five indexes: the largest single cost of the
-- billing tick (docs/PERFORMANCE.md). With neither column indexed, and room left on each page for the new version,
-- PostgreSQL updates the row in place (a HOT update: no index entry at all).
--
-- The reconciler still finds due calls without walking ended ones: calls_active holds the active calls only, and
-- its queries filter them by next_check_at. That reads every active call once per query and tick, which at 100,000
-- running calls costs about 25 ms a query against about 2 s of index writes saved a minute.
DROP INDEX calls_due;
CREATE INDEX calls_active ON calls (id) WHERE status IN ('INITIATED', 'RINGING', 'ANSWERED');

-- The daily KPIs read billed_minutes from the table instead; they run on an operator's request, not every minute.
DROP INDEX calls_ended;
CREATE INDEX calls_ended ON calls (ended_at) WHERE ended_at IS NOT NULL;

-- Pages written from now on keep 15 % free, where a running call's next versions go.
ALTER TABLE calls SET (fillfactor = 85);
