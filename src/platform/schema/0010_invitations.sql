-- Invitations of people to a merchant (owner → staff). Only the SHA-256 (hex) of the link's token is
-- kept. An invitation is pending until it is accepted, revoked (also when the same address is
-- invited again) or past expires_at_us; the status is derived from those columns.
CREATE TABLE platform_invitations (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT NOT NULL REFERENCES platform_users (id),
    created_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL,
    accepted_at_us BIGINT NULL,
    accepted_by BIGINT NULL REFERENCES platform_users (id),
    revoked_at_us BIGINT NULL
);
CREATE INDEX platform_invitations_merchant ON platform_invitations (merchant_id, created_at_us);
