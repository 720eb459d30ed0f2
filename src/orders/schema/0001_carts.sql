-- Carts across merchants. A cart belongs to a signed-in user (user_id) or to a guest, known by the
-- token in the guest's cookie of which only the SHA-256 (hex) is kept, so a leaked table names no
-- usable cookie; exactly one of the two is set, and each has at most one cart. Guest carts are made
-- on the first line added and purged when idle; a guest's cart moves to the user at sign-in.
CREATE TABLE orders_carts (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NULL UNIQUE REFERENCES platform_users (id),
    guest_token_hash TEXT NULL UNIQUE,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    CHECK ((user_id IS NULL) <> (guest_token_hash IS NULL))
);
-- The idle guest carts the purge deletes.
CREATE INDEX orders_carts_guest_idle ON orders_carts (updated_at_us) WHERE user_id IS NULL;
-- One line per variant. The keys are those of catalog variants and products, held as plain numbers
-- (the orders module does not see the catalog's tables). price_seen_won is the unit price the
-- customer was shown when the line was added, so that the checkout can say what changed since;
-- position keeps the lines in the order they were added.
CREATE TABLE orders_cart_lines (
    cart_id BIGINT NOT NULL REFERENCES orders_carts (id),
    variant_key BIGINT NOT NULL,
    product_key BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    price_seen_won BIGINT NOT NULL CHECK (price_seen_won >= 0),
    position BIGINT NOT NULL,
    added_at_us BIGINT NOT NULL,
    PRIMARY KEY (cart_id, variant_key)
);
