-- Opt-in to the "online now" list of Discover people (GET /api/v1/users?online=true): off unless the user turns it on.
alter table user_settings add column listed_online boolean not null default false;
