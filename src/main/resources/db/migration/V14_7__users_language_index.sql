-- Discover people filtered by language, in username order (the order every Discover page is read in).
CREATE INDEX users_language_username ON users (language, username) WHERE status = 'ACTIVE';
