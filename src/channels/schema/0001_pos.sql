-- Sales at the counter (POS), their lines and payments. A sale has already happened when it reaches
-- the platform: it is recorded whatever the stock says. client_sale_id is the id the device made; a
-- second upload of the same sale finds it (same fingerprint: the first answer; another body: refused).
-- kind: sale, return (of part of an earlier sale, original_id) or void (of a whole earlier sale).
-- source: device (a location's key), web_pos (a signed-in person in the back office), import (legacy
-- records: they do not move stock). Amounts are whole won; a return's and a void's amounts are positive
-- and count against the day.
CREATE TABLE channels_pos_sales (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    location_id BIGINT NOT NULL REFERENCES inventory_locations (id),
    client_sale_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('sale', 'return', 'void')),
    original_id BIGINT NULL REFERENCES channels_pos_sales (id),
    source TEXT NOT NULL CHECK (source IN ('device', 'web_pos', 'import')),
    api_key_id BIGINT NULL,
    user_id BIGINT NULL,
    cashier TEXT NOT NULL DEFAULT '',
    receipt_no TEXT NOT NULL DEFAULT '',
    customer_phone TEXT NOT NULL DEFAULT '',
    customer_card TEXT NOT NULL DEFAULT '',
    subtotal_won BIGINT NOT NULL,
    discount_won BIGINT NOT NULL,
    total_won BIGINT NOT NULL CHECK (total_won >= 0),
    restock BOOLEAN NOT NULL,
    sold_at_us BIGINT NOT NULL,
    received_at_us BIGINT NOT NULL,
    voided_by BIGINT NULL,
    exception_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (merchant_id, client_sale_id)
);
CREATE INDEX channels_pos_sales_day ON channels_pos_sales (merchant_id, location_id, sold_at_us, id);
CREATE INDEX channels_pos_sales_recent ON channels_pos_sales (merchant_id, sold_at_us, id);
CREATE INDEX channels_pos_sales_original ON channels_pos_sales (original_id);

-- code is what the counter typed or scanned (a SKU or a barcode); variant_id the merchant's variant it
-- names, or NULL when none does (an exception). list_price_won is the shop price at the time of sale.
-- returned_quantity: on a sale's line, how much later returns took back.
CREATE TABLE channels_pos_sale_lines (
    sale_id BIGINT NOT NULL REFERENCES channels_pos_sales (id),
    line_no INTEGER NOT NULL,
    merchant_id BIGINT NOT NULL,
    code TEXT NOT NULL,
    variant_id BIGINT NULL,
    sku TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    unit_price_won BIGINT NOT NULL CHECK (unit_price_won >= 0),
    list_price_won BIGINT NULL,
    discount_won BIGINT NOT NULL CHECK (discount_won >= 0),
    amount_won BIGINT NOT NULL CHECK (amount_won >= 0),
    returned_quantity BIGINT NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0 AND returned_quantity <= quantity),
    PRIMARY KEY (sale_id, line_no)
);
CREATE INDEX channels_pos_sale_lines_variant ON channels_pos_sale_lines (merchant_id, variant_id);

CREATE TABLE channels_pos_payments (
    sale_id BIGINT NOT NULL REFERENCES channels_pos_sales (id),
    position INTEGER NOT NULL,
    merchant_id BIGINT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'transfer', 'points')),
    amount_won BIGINT NOT NULL CHECK (amount_won > 0),
    PRIMARY KEY (sale_id, position)
);

-- What the back office must look at: a line whose code names no variant of the merchant
-- (unknown_item), or a unit price that differs from the shop price list (price_mismatch). Never
-- dropped: resolved by a person with a note.
CREATE TABLE channels_pos_exceptions (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    location_id BIGINT NOT NULL,
    sale_id BIGINT NOT NULL REFERENCES channels_pos_sales (id),
    line_no INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('unknown_item', 'price_mismatch')),
    code TEXT NOT NULL,
    variant_id BIGINT NULL,
    quantity BIGINT NOT NULL,
    expected_won BIGINT NULL,
    charged_won BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
    raised_at_us BIGINT NOT NULL,
    resolved_at_us BIGINT NULL,
    resolved_by BIGINT NULL,
    resolution_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX channels_pos_exceptions_state ON channels_pos_exceptions (merchant_id, state, raised_at_us, id);
