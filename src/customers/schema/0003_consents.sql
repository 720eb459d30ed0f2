-- Consents of a person towards a merchant (customers/consent.hpp), append-only: every grant and
-- every withdrawal is a row with the text version the person saw, when, through which channel and
-- who recorded it. The state now is the row with the highest seq per (person, merchant, purpose); nothing is
-- granted without a row that says so.
CREATE TABLE customers_consents (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('marketing_email', 'marketing_sms', 'marketing_push',
                                             'marketing_night', 'third_party')),
    granted BOOLEAN NOT NULL,
    text_version TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'app', 'pos', 'paper', 'import')),
    source TEXT NOT NULL,
    recorded_at_us BIGINT NOT NULL,
    seq BIGINT NOT NULL,  -- 1, 2, ... per person and merchant: the order of the changes
    UNIQUE (person_id, merchant_id, seq)
);
CREATE INDEX customers_consents_state ON customers_consents (person_id, merchant_id, purpose, seq);
CREATE INDEX customers_consents_merchant ON customers_consents (merchant_id, purpose, recorded_at_us);
