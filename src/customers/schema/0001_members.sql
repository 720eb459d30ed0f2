-- A merchant's members as its own records know them: the membership list a shop kept before the
-- platform (imported) and the customers its counter and web identify. One row per member number
-- (card_no) of the merchant. phone is stored as 010-1234-5678, email in lower case, birth_date as
-- YYYY-MM-DD. source: where the row came from ('import' for a legacy list). Issue 7 links these
-- relationships to person-level profiles.
CREATE TABLE customers_members (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    card_no TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    points BIGINT NOT NULL DEFAULT 0 CHECK (points >= 0),
    joined_on TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    UNIQUE (merchant_id, card_no)
);
CREATE INDEX customers_members_phone ON customers_members (merchant_id, phone);
