-- A sale at the counter has already happened: it moves on_hand even below zero (the record was wrong,
-- not the sale), and the stock row is flagged for a count (inventory_count_flags) until one is made.
-- SQLite cannot drop a CHECK, so the table is rebuilt without the one on on_hand.
CREATE TABLE inventory_stock_new (
    location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
    variant_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    on_hand BIGINT NOT NULL,
    reserved BIGINT NOT NULL CHECK (reserved >= 0),
    safety_stock BIGINT NOT NULL CHECK (safety_stock >= 0),
    updated_at_us BIGINT NOT NULL,
    PRIMARY KEY (location_id, variant_id)
);
INSERT INTO inventory_stock_new (location_id, variant_id, merchant_id, on_hand, reserved, safety_stock, updated_at_us)
    SELECT location_id, variant_id, merchant_id, on_hand, reserved, safety_stock, updated_at_us FROM inventory_stock;
DROP TABLE inventory_stock;
ALTER TABLE inventory_stock_new RENAME TO inventory_stock;
CREATE INDEX inventory_stock_variant ON inventory_stock (variant_id, location_id);
CREATE INDEX inventory_stock_merchant ON inventory_stock (merchant_id, location_id, variant_id);

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
