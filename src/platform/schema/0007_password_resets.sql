-- Password resets by email link. The link carries a 256-bit random token; only its SHA-256 (hex) is
-- kept, so that a copy of the database resets nobody's password. A token works once (used_at_us,
-- set by a compare-and-set) until expires_at_us, and is revoked (revoked_at_us) when another reset
-- of the same user succeeds. A user's recent requests are counted through the first index; the
-- purge finds old rows through the second.
CREATE TABLE platform_password_resets (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES platform_users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL,
    used_at_us BIGINT NULL,
    revoked_at_us BIGINT NULL
);
CREATE INDEX platform_password_resets_user ON platform_password_resets (user_id, created_at_us);
CREATE INDEX platform_password_resets_expiry ON platform_password_resets (expires_at_us);
