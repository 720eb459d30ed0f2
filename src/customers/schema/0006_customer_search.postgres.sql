-- The merchant's customer list and its search (flows/customer_views.*, docs/customers-api.md): every
-- look-up of the back office is an index range, so that a merchant with a million customers pages and
-- searches without a scan. The list is newest last purchase first; a relationship without a purchase
-- (refunds only) sorts as time 0. A name is searched by the prefix of its lower-case form without
-- blanks, in byte order (COLLATE "C") so that a prefix is one range whatever the locale. Records are
-- searched within one merchant, or among the platform-level (web) ones.
CREATE INDEX customers_relationships_list
    ON customers_relationships (merchant_id, (COALESCE(last_purchase_us, 0)), person_id);
CREATE INDEX customers_relationships_card ON customers_relationships (merchant_id, card_no);
CREATE INDEX customers_records_phone ON customers_records (merchant_id, phone);
CREATE INDEX customers_records_email ON customers_records (merchant_id, email);
CREATE INDEX customers_records_card ON customers_records (merchant_id, card_no);
CREATE INDEX customers_records_name ON customers_records (merchant_id, (lower(replace(name, ' ', ''))) COLLATE "C");
-- A merchant's review queue, and the merges a person was merged away in.
CREATE INDEX customers_reviews_merchant_a ON customers_reviews (merchant_a, state, id);
CREATE INDEX customers_reviews_merchant_b ON customers_reviews (merchant_b, state, id);
CREATE INDEX customers_merges_merged ON customers_merges (merged_person);
