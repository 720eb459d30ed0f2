-- The catalog's change feed: one row per change of a product, written in the transaction of the
-- change, numbered in commit order. Every server follows it to keep its search index and caches up
-- to date (catalog/feed.hpp); old rows are purged by housekeeping.
CREATE TABLE catalog_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL,
    changed_at_us BIGINT NOT NULL
);
