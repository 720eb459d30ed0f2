-- Price parity (catalog/price_policy.hpp, docs/price-parity.md): a merchant's policy per compared
-- price list against its shop price list. A list's rule is NULL when it has no policy; a tolerance
-- is whole basis points (1 bp = 0.01%), 0 for 'equal' and 1..5000 (±50%) for 'within'. One row per
-- merchant, so that one version guards the whole set (compare-and-set, as the back office saves it).
CREATE TABLE catalog_price_policies (
    merchant_id BIGINT PRIMARY KEY REFERENCES platform_merchants (id),
    online_rule TEXT NULL CHECK (online_rule IS NULL OR online_rule IN ('equal', 'within')),
    online_tolerance_bp BIGINT NOT NULL DEFAULT 0 CHECK (online_tolerance_bp BETWEEN 0 AND 5000),
    online_enforcement TEXT NOT NULL DEFAULT 'warn' CHECK (online_enforcement IN ('warn', 'refuse')),
    business_rule TEXT NULL CHECK (business_rule IS NULL OR business_rule IN ('equal', 'within')),
    business_tolerance_bp BIGINT NOT NULL DEFAULT 0 CHECK (business_tolerance_bp BETWEEN 0 AND 5000),
    business_enforcement TEXT NOT NULL DEFAULT 'warn' CHECK (business_enforcement IN ('warn', 'refuse')),
    version BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
-- The parity report reads a merchant's variants in (product, position) order, a page at a time.
CREATE INDEX catalog_variants_merchant_product ON catalog_variants (merchant_id, product_id, position);
-- What an import warns about without refusing it (JSON [{line, field, code, message}], the first
-- 1000), beside its errors: prices that break a 'warn' parity policy.
ALTER TABLE catalog_imports ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
