-- Person-level profiles (docs/customers.md): a person, every source record that identifies it, the
-- blocking keys that find a record's candidates in one indexed look-up, each merchant's relationship
-- to the person with the ledger it sums, the merges (with what they moved, so that an unmerge puts
-- back exactly that), the review queue of possible matches, and the resolution model.
-- Times are microseconds since the Unix epoch (UTC). Ids are the random keys of typed ids.

-- status: active | merged (merged_into names the person that took its records) | erased.
CREATE TABLE customers_persons (
    id BIGINT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'erased')),
    merged_into BIGINT REFERENCES customers_persons (id),
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);

-- One record of a person as a source gave it. merchant_id is NULL for platform-level records (a web
-- account). source_ref is the id of what it came from (usr_, pos_, mbr_ ...). Fields are stored in
-- their normalised written form: phone 010-1234-5678, email lower case, birth_date YYYY-MM-DD, postal
-- code 5 or 6 digits; '' when not given or unreadable.
CREATE TABLE customers_records (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES customers_persons (id),
    merchant_id BIGINT REFERENCES platform_merchants (id),
    source TEXT NOT NULL CHECK (source IN ('web', 'pos', 'member', 'import', 'order')),
    source_ref TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    card_no TEXT NOT NULL DEFAULT '',
    phone_verified BOOLEAN NOT NULL DEFAULT FALSE,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    created_at_us BIGINT NOT NULL,
    UNIQUE (source, source_ref)
);
CREATE INDEX customers_records_person ON customers_records (person_id);
CREATE INDEX customers_records_merchant ON customers_records (merchant_id, person_id);

-- The blocking keys of each record (customers::HashKey of each BlockingKeys string).
CREATE TABLE customers_record_keys (
    key_hash BIGINT NOT NULL,
    record_id BIGINT NOT NULL REFERENCES customers_records (id),
    PRIMARY KEY (key_hash, record_id)
);

-- What a merchant knows of a person: sums of customers_relationship_events, plus its card and note.
CREATE TABLE customers_relationships (
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    person_id BIGINT NOT NULL REFERENCES customers_persons (id),
    first_purchase_us BIGINT,
    last_purchase_us BIGINT,
    purchases BIGINT NOT NULL DEFAULT 0,
    total_won BIGINT NOT NULL DEFAULT 0,
    card_no TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, person_id)
);
CREATE INDEX customers_relationships_person ON customers_relationships (person_id);

-- Every purchase (amount > 0) and refund (amount < 0) a relationship sums, so that a merge and an
-- unmerge can recompute relationships exactly.
CREATE TABLE customers_relationship_events (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    person_id BIGINT NOT NULL REFERENCES customers_persons (id),
    amount_won BIGINT NOT NULL,
    at_us BIGINT NOT NULL
);
CREATE INDEX customers_relationship_events_person ON customers_relationship_events (person_id, merchant_id);

-- moved: JSON {"records": [keys], "events": [keys], "kept_relationships": [{merchant, existed, card_no,
-- note}]}: what the merge moved and what the kept person's relationships were before it.
-- evidence: JSON, the review's per-field evidence or {"manual": true}. actor: a usr_ id or 'system'.
CREATE TABLE customers_merges (
    id BIGINT PRIMARY KEY,
    kept_person BIGINT NOT NULL REFERENCES customers_persons (id),
    merged_person BIGINT NOT NULL REFERENCES customers_persons (id),
    moved TEXT NOT NULL,
    evidence TEXT NOT NULL,
    actor TEXT NOT NULL,
    at_us BIGINT NOT NULL,
    undone_at_us BIGINT,
    undone_by TEXT
);
CREATE INDEX customers_merges_kept ON customers_merges (kept_person);

-- A possible match waiting for a person to decide. record_a < record_b (by key); evidence: JSON
-- {"rule", "fields": {field: {"level", "weight"}}}. merchant_a/_b copy the records' merchants so
-- that a merchant's queue is one indexed read.
CREATE TABLE customers_reviews (
    id BIGINT PRIMARY KEY,
    record_a BIGINT NOT NULL REFERENCES customers_records (id),
    record_b BIGINT NOT NULL REFERENCES customers_records (id),
    person_a BIGINT NOT NULL REFERENCES customers_persons (id),
    person_b BIGINT NOT NULL REFERENCES customers_persons (id),
    merchant_a BIGINT,
    merchant_b BIGINT,
    score DOUBLE PRECISION NOT NULL,
    evidence TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'same', 'different')),
    decided_by TEXT,
    decided_at_us BIGINT,
    created_at_us BIGINT NOT NULL,
    UNIQUE (record_a, record_b)
);
CREATE INDEX customers_reviews_state ON customers_reviews (state, id);
CREATE INDEX customers_reviews_persons ON customers_reviews (person_a, person_b);

-- The resolution model (customers::Model::ToJson); the row with id 1 is the current one.
CREATE TABLE customers_models (
    id BIGINT PRIMARY KEY,
    model TEXT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
