-- A counter sale may pay with points the customer does not have (the sale has happened; the
-- customers flow takes nothing and raises points_short for the back office). SQLite cannot change a
-- CHECK constraint in place, so the table is made again with the wider one and its rows copied.
CREATE TABLE channels_pos_exceptions_next (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    location_id BIGINT NOT NULL,
    sale_id BIGINT NOT NULL REFERENCES channels_pos_sales (id),
    line_no INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('unknown_item', 'price_mismatch', 'points_short')),
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
INSERT INTO channels_pos_exceptions_next SELECT id, merchant_id, location_id, sale_id, line_no, kind, code, variant_id,
    quantity, expected_won, charged_won, state, raised_at_us, resolved_at_us, resolved_by, resolution_note
    FROM channels_pos_exceptions;
DROP TABLE channels_pos_exceptions;
ALTER TABLE channels_pos_exceptions_next RENAME TO channels_pos_exceptions;
CREATE INDEX channels_pos_exceptions_state ON channels_pos_exceptions (merchant_id, state, raised_at_us, id);
