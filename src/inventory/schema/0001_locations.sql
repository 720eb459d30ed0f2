-- A merchant's places that hold stock: shops (which sell over the counter and may offer pickup of web
-- orders) and warehouses. district_code is one of the region's districts; opening_hours is a JSON
-- array of seven days (Monday first), each null (closed) or {"open": "09:00", "close": "21:00"};
-- territory is JSON {"districts": [...], "postal_ranges": [["48000", "48099"], ...]}: the area a shop
-- serves, which the offline channel uses to route and credit web orders. An inactive location keeps its
-- history but holds no new stock and is not offered for pickup.
CREATE TABLE inventory_locations (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    kind TEXT NOT NULL CHECK (kind IN ('shop', 'warehouse')),
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    district_code TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    road_address TEXT NOT NULL,
    address_detail TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT '[null,null,null,null,null,null,null]',
    pickup BOOLEAN NOT NULL,
    territory TEXT NOT NULL DEFAULT '{"districts":[],"postal_ranges":[]}',
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
CREATE INDEX inventory_locations_merchant ON inventory_locations (merchant_id, created_at_us, id);
