-- Products of merchants and their variants. A product is filed under one category and carries the
-- attribute values that category's path declares (JSON, validated by the service). description is
-- Markdown source: the web app renders it without letting any HTML through. version grows with
-- every change (optimistic concurrency for the back office). A variant is what is sold and stocked:
-- its SKU is unique within the merchant, its barcode (GTIN) is checked by its check digit.
CREATE TABLE catalog_products (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    category_id BIGINT NOT NULL REFERENCES catalog_categories (id),
    title_ko TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    brand TEXT NOT NULL DEFAULT '',
    attributes TEXT NOT NULL DEFAULT '{}',
    vat TEXT NOT NULL CHECK (vat IN ('taxable', 'exempt')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
    version BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
CREATE INDEX catalog_products_merchant ON catalog_products (merchant_id, updated_at_us, id);
CREATE INDEX catalog_products_category ON catalog_products (category_id, status);
CREATE TABLE catalog_variants (
    id BIGINT PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES catalog_products (id),
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    sku TEXT NOT NULL,
    barcode TEXT NULL,
    options TEXT NOT NULL DEFAULT '{}',
    weight_g BIGINT NULL CHECK (weight_g IS NULL OR weight_g >= 0),
    base_price_won BIGINT NOT NULL CHECK (base_price_won >= 0),
    position INTEGER NOT NULL,
    UNIQUE (merchant_id, sku)
);
CREATE INDEX catalog_variants_product ON catalog_variants (product_id, position);
CREATE INDEX catalog_variants_barcode ON catalog_variants (barcode);
-- Channel list prices (min_quantity 1) and business volume tiers (channel 'business', from
-- min_quantity on), and sale prices in a time window, for one channel or all (channel NULL).
CREATE TABLE catalog_variant_prices (
    variant_id BIGINT NOT NULL REFERENCES catalog_variants (id),
    channel TEXT NOT NULL CHECK (channel IN ('online', 'shop', 'business')),
    min_quantity BIGINT NOT NULL CHECK (min_quantity >= 1),
    unit_price_won BIGINT NOT NULL CHECK (unit_price_won >= 0),
    PRIMARY KEY (variant_id, channel, min_quantity)
);
CREATE TABLE catalog_sale_prices (
    variant_id BIGINT NOT NULL REFERENCES catalog_variants (id),
    position INTEGER NOT NULL,
    channel TEXT NULL CHECK (channel IS NULL OR channel IN ('online', 'shop', 'business')),
    unit_price_won BIGINT NOT NULL CHECK (unit_price_won >= 0),
    starts_at_us BIGINT NOT NULL,
    ends_at_us BIGINT NOT NULL CHECK (ends_at_us > starts_at_us),
    PRIMARY KEY (variant_id, position)
);
