-- Points per merchant (customers/points.hpp). A merchant's policy: the share of a paid amount earned
-- as points (basis points), how long earned points last, and the fewest points a redemption takes.
CREATE TABLE customers_point_policies (
    merchant_id BIGINT PRIMARY KEY REFERENCES platform_merchants (id),
    earn_bp INTEGER NOT NULL CHECK (earn_bp BETWEEN 0 AND 10000),
    expiry_days INTEGER NOT NULL CHECK (expiry_days BETWEEN 0 AND 3650),
    min_redeem BIGINT NOT NULL CHECK (min_redeem >= 0),
    updated_at_us BIGINT NOT NULL
);
-- The ledger: every change of a person's points at a merchant, never updated except for remaining,
-- which counts what of a credit (earn, reversal of a redemption, positive adjustment) is not yet used
-- or expired. The balance is the sum of delta, and always equals the sum of remaining. One entry per
-- (merchant, kind, ref): the same purchase never earns twice, the same redemption never takes twice.
CREATE TABLE customers_point_entries (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    person_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'expire', 'reverse_earn', 'reverse_redeem', 'adjust')),
    ref TEXT NOT NULL,
    delta BIGINT NOT NULL,
    remaining BIGINT NOT NULL DEFAULT 0 CHECK (remaining >= 0),
    expires_at_us BIGINT NULL,
    created_at_us BIGINT NOT NULL,
    UNIQUE (merchant_id, kind, ref)
);
CREATE INDEX customers_point_entries_person ON customers_point_entries (merchant_id, person_id, created_at_us);
CREATE INDEX customers_point_entries_open ON customers_point_entries (merchant_id, person_id, remaining);
