-- After a matched call each side may rate it once (1-5); a rating that carries a report points at the report it filed
-- (social's reports, where moderators see it).
CREATE TABLE match_ratings (
    match_id  uuid NOT NULL REFERENCES matches (id),
    rater_id  uuid NOT NULL REFERENCES users (id),
    stars     smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
    report_id uuid REFERENCES reports (id),
    rated_at  timestamptz NOT NULL,
    PRIMARY KEY (match_id, rater_id)
);
