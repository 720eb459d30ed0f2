-- Merchants' API keys. Only the SHA-256 (hex) of the secret is kept; prefix is its first characters,
-- shown in lists so that a person can tell keys apart. scopes is a space-separated, sorted list.
-- A revoked key stays (revoked_at_us) so that the audit trail and the list still show it.
CREATE TABLE platform_api_keys (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_by BIGINT NULL REFERENCES platform_users (id),
    created_at_us BIGINT NOT NULL,
    last_used_at_us BIGINT NULL,
    revoked_at_us BIGINT NULL,
    revoked_by BIGINT NULL REFERENCES platform_users (id)
);
CREATE INDEX platform_api_keys_merchant ON platform_api_keys (merchant_id, created_at_us);
