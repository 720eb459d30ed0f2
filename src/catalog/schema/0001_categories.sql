-- The shared category tree the operator keeps: every merchant files its products under it, and the
-- portal browses it. code is stable (links and CSV files name categories by it); names are Korean
-- and English. A category may declare attributes that its products (and those of every category
-- below it) carry: their type, whether they are required, a unit, and for a choice its options
-- (a JSON array of {"code", "ko", "en"}).
CREATE TABLE catalog_categories (
    id BIGINT PRIMARY KEY,
    parent_id BIGINT NULL REFERENCES catalog_categories (id),
    code TEXT NOT NULL UNIQUE,
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
CREATE INDEX catalog_categories_parent ON catalog_categories (parent_id, position);
CREATE TABLE catalog_category_attributes (
    category_id BIGINT NOT NULL REFERENCES catalog_categories (id),
    code TEXT NOT NULL,
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text', 'integer', 'decimal', 'boolean', 'choice', 'date')),
    required BOOLEAN NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    choices TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL,
    PRIMARY KEY (category_id, code)
);
-- One row whose version grows with every change of the tree (categories or their attributes).
-- Writers bump it first, which also makes changes of the tree run one after the other (no two
-- moves can make a cycle together); readers compare it with the version of the tree they hold.
CREATE TABLE catalog_tree_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_tree_state (singleton, version) VALUES (1, 0);
