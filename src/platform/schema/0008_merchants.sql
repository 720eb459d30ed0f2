-- Merchants: the businesses that sell on the portal, from their application through the operator's
-- decision to suspension and closing, with every status change kept (who, when, why); the people of
-- each merchant (owner or staff); the industries the operator keeps as a code list; and the users who
-- administer the whole instance for the operator.

-- The operator's code list of industries. Only active ones are offered to new applications; a
-- merchant keeps its industry when the operator retires it. Lists go by position; the catch-all
-- "other" sits at 10000 so that industries added later come before it.
CREATE TABLE platform_industries (
    code TEXT PRIMARY KEY,
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE
);
INSERT INTO platform_industries (code, name_ko, name_en, position, active) VALUES
    ('restaurant', '음식점', 'Restaurants', 10, TRUE),
    ('cafe_bakery', '카페·베이커리', 'Cafes and bakeries', 20, TRUE),
    ('groceries', '식료품', 'Groceries', 30, TRUE),
    ('seafood', '수산물', 'Seafood', 40, TRUE),
    ('farm_produce', '농산물', 'Farm produce', 50, TRUE),
    ('clothing', '의류', 'Clothing', 60, TRUE),
    ('shoes_bags', '신발·가방', 'Shoes and bags', 70, TRUE),
    ('beauty_cosmetics', '뷰티·화장품', 'Beauty and cosmetics', 80, TRUE),
    ('jewelry_accessories', '주얼리·액세서리', 'Jewelry and accessories', 90, TRUE),
    ('furniture_interior', '가구·인테리어', 'Furniture and interior', 100, TRUE),
    ('household_goods', '생활용품', 'Household goods', 110, TRUE),
    ('electronics', '전자제품', 'Electronics', 120, TRUE),
    ('books_stationery', '도서·문구', 'Books and stationery', 130, TRUE),
    ('flowers_garden', '꽃·원예', 'Flowers and garden', 140, TRUE),
    ('pets', '반려동물', 'Pets', 150, TRUE),
    ('health', '건강·의료용품', 'Health and medical supplies', 160, TRUE),
    ('sports_leisure', '스포츠·레저', 'Sports and leisure', 170, TRUE),
    ('crafts', '공예품', 'Crafts', 180, TRUE),
    ('auto_parts', '자동차 부품', 'Auto parts', 190, TRUE),
    ('machinery_parts', '기계·부품', 'Machinery and parts', 200, TRUE),
    ('hardware_tools', '철물·공구', 'Hardware and tools', 210, TRUE),
    ('lodging', '숙박', 'Lodging', 220, TRUE),
    ('travel', '여행', 'Travel', 230, TRUE),
    ('education', '교육', 'Education', 240, TRUE),
    ('hair_nail', '미용실·네일', 'Hair and nail salons', 250, TRUE),
    ('laundry', '세탁', 'Laundry', 260, TRUE),
    ('printing_advertising', '인쇄·광고', 'Printing and advertising', 270, TRUE),
    ('other', '기타', 'Other', 10000, TRUE);

-- A merchant and its current status. business_number is the 10 digits without hyphens; phone is
-- written with hyphens (051-744-1234); district_code is one of the configured region's districts.
-- status_version counts the status changes (1 at the application): a change is a compare-and-set on
-- it, and it numbers the history rows. search_text is the names and the business number lower-cased
-- (ASCII only) by the service, so that a text search is the same LIKE on both backends.
CREATE TABLE platform_merchants (
    id BIGINT PRIMARY KEY,
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    business_number TEXT NOT NULL,
    representative TEXT NOT NULL,
    industry_code TEXT NOT NULL REFERENCES platform_industries (code),
    district_code TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied', 'approved', 'rejected', 'suspended', 'closed')),
    status_version INTEGER NOT NULL,
    applied_by_user_id BIGINT NOT NULL REFERENCES platform_users (id),
    search_text TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
-- One business has at most one live merchant; after a rejection or closing it may apply again.
CREATE UNIQUE INDEX platform_merchants_live_business_number ON platform_merchants (business_number)
    WHERE status IN ('applied', 'approved', 'suspended');
-- The operator's lists, newest first: all merchants, or those of one status (the applications).
CREATE INDEX platform_merchants_created ON platform_merchants (created_at_us, id);
CREATE INDEX platform_merchants_status ON platform_merchants (status, created_at_us, id);
-- A user's pending applications, counted at each new one.
CREATE INDEX platform_merchants_applicant ON platform_merchants (applied_by_user_id, status);

-- Every status change of a merchant, the application (from_status NULL) included, numbered by seq
-- in the order they happened.
CREATE TABLE platform_merchant_status_changes (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    seq INTEGER NOT NULL,
    from_status TEXT NULL,
    to_status TEXT NOT NULL,
    actor_user_id BIGINT NOT NULL REFERENCES platform_users (id),
    reason TEXT NOT NULL DEFAULT '',
    changed_at_us BIGINT NOT NULL,
    UNIQUE (merchant_id, seq)
);

-- The people of a merchant. A user may belong to several merchants; the second index finds them.
CREATE TABLE platform_memberships (
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    user_id BIGINT NOT NULL REFERENCES platform_users (id),
    role TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    created_at_us BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, user_id)
);
CREATE INDEX platform_memberships_user ON platform_memberships (user_id);

-- Users who administer the instance for the operator. granted_by_user_id is NULL for the first
-- admin, made from the command line.
CREATE TABLE platform_operator_admins (
    user_id BIGINT PRIMARY KEY REFERENCES platform_users (id),
    granted_by_user_id BIGINT NULL REFERENCES platform_users (id),
    granted_at_us BIGINT NOT NULL
);
