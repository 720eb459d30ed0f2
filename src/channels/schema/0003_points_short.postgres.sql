-- A counter sale may pay with points the customer does not have (the sale has happened; the
-- customers flow takes nothing and raises points_short for the back office).
ALTER TABLE channels_pos_exceptions DROP CONSTRAINT channels_pos_exceptions_kind_check;
ALTER TABLE channels_pos_exceptions ADD CONSTRAINT channels_pos_exceptions_kind_check
    CHECK (kind IN ('unknown_item', 'price_mismatch', 'points_short'));
