-- The catalog's change feed: one row per change of a product, written in the transaction of the
-- change. Every server follows it to keep its search index and caches up to date
-- (catalog/feed.hpp); old rows are purged by housekeeping. A sequence number can become visible
-- after a larger one (transactions commit out of order): the follower watches such gaps for a while.
CREATE TABLE catalog_changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL,
    changed_at_us BIGINT NOT NULL
);
