-- The product of each price row, so that the portal loads prices by ranges of product keys with an
-- index (a join through catalog_variants made PostgreSQL scan the price tables whole for every
-- batch of the load). Written by the product service with every price; filled here for rows that
-- exist.
ALTER TABLE catalog_variant_prices ADD COLUMN product_id BIGINT NOT NULL DEFAULT 0;
UPDATE catalog_variant_prices SET product_id = (SELECT v.product_id FROM catalog_variants v
    WHERE v.id = catalog_variant_prices.variant_id);
CREATE INDEX catalog_variant_prices_product ON catalog_variant_prices (product_id);
ALTER TABLE catalog_sale_prices ADD COLUMN product_id BIGINT NOT NULL DEFAULT 0;
UPDATE catalog_sale_prices SET product_id = (SELECT v.product_id FROM catalog_variants v
    WHERE v.id = catalog_sale_prices.variant_id);
CREATE INDEX catalog_sale_prices_product ON catalog_sale_prices (product_id);
