-- Sign-in sessions. The browser holds a 256-bit random token and a CSRF token; only their SHA-256
-- (hex) is kept here, so that a copy of the database signs nobody in. expires_at_us is the absolute
-- end (created + absolute lifetime); idle expiry is judged from last_seen_at_us, which is written
-- at most once per touch interval. Revoked and expired rows stay until the purge, so that a user's
-- "signed out" and "expired" answers stay distinct for a while.
CREATE TABLE platform_sessions (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES platform_users (id),
    token_hash TEXT NOT NULL UNIQUE,
    csrf_hash TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    last_seen_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL,
    revoked_at_us BIGINT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    client_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX platform_sessions_user_id ON platform_sessions (user_id);
