-- Stock of a variant at a location. on_hand is what is physically there; reserved is what open web
-- orders hold (the sum of their held reservations); safety_stock is kept back from online sale for the
-- counter. Available online = on_hand - reserved - safety_stock. on_hand always equals the sum of the
-- location's movements of the variant (inventory_movements), which are only ever appended.
CREATE TABLE inventory_stock (
    location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
    variant_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    on_hand BIGINT NOT NULL CHECK (on_hand >= 0),
    reserved BIGINT NOT NULL CHECK (reserved >= 0),
    safety_stock BIGINT NOT NULL CHECK (safety_stock >= 0),
    updated_at_us BIGINT NOT NULL,
    PRIMARY KEY (location_id, variant_id)
);
CREATE INDEX inventory_stock_variant ON inventory_stock (variant_id, location_id);
CREATE INDEX inventory_stock_merchant ON inventory_stock (merchant_id, location_id, variant_id);

-- What a web order holds: per order, location and variant, held until the order is fulfilled (sold)
-- or cancelled or unpaid in time (released).
CREATE TABLE inventory_reservations (
    order_key BIGINT NOT NULL,
    location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
    variant_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    state TEXT NOT NULL CHECK (state IN ('held', 'released', 'sold')),
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    PRIMARY KEY (order_key, location_id, variant_id)
);

-- Transfers between two locations of one merchant: sent (the stock leaves the source at once, as
-- transfer_out), then received at the destination (transfer_in) or cancelled (back in at the source).
CREATE TABLE inventory_transfers (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    from_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
    to_location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
    state TEXT NOT NULL CHECK (state IN ('in_transit', 'received', 'cancelled')),
    note TEXT NOT NULL DEFAULT '',
    lines TEXT NOT NULL,
    created_by BIGINT NULL,
    created_at_us BIGINT NOT NULL,
    closed_by BIGINT NULL,
    closed_at_us BIGINT NULL
);
CREATE INDEX inventory_transfers_merchant ON inventory_transfers (merchant_id, created_at_us, id);
