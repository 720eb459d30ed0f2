-- The association that runs this Jangteo instance. Exactly one row: `singleton` is always 1 and unique.
CREATE TABLE platform_operator (
    id BIGINT PRIMARY KEY,
    singleton INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL,
    region_ko TEXT NOT NULL,
    region_en TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
