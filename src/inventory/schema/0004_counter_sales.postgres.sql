-- A sale at the counter has already happened: it moves on_hand even below zero (the record was wrong,
-- not the sale), and the stock row is flagged for a count (inventory_count_flags) until one is made.
ALTER TABLE inventory_stock DROP CONSTRAINT inventory_stock_on_hand_check;

-- Stock rows whose on_hand a counter sale drove below zero: the location must count them. A count of
-- the variant there removes the flag (the ledger keeps what happened).
CREATE TABLE inventory_count_flags (
    location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
    variant_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    on_hand_at_flag BIGINT NOT NULL,
    ref_kind TEXT NOT NULL DEFAULT '',
    ref_key BIGINT NULL,
    flagged_at_us BIGINT NOT NULL,
    PRIMARY KEY (location_id, variant_id)
);
CREATE INDEX inventory_count_flags_merchant ON inventory_count_flags (merchant_id, location_id, flagged_at_us);
