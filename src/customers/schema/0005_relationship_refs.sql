-- What each purchase or refund of a relationship was: a reference to the sale, order or return that
-- caused it ("pos_sale:psl_…", "order:ord_…", "return:ret_…", "import:…"). A unique key per merchant
-- makes recording the same purchase twice impossible (a retried sale, a replayed webhook), and the
-- customer view reads a person's history from it. Rows written before this migration have no ref.
ALTER TABLE customers_relationship_events ADD COLUMN ref TEXT;
CREATE UNIQUE INDEX customers_relationship_events_ref ON customers_relationship_events (merchant_id, ref);
CREATE INDEX customers_relationship_events_history
    ON customers_relationship_events (merchant_id, person_id, at_us);
-- A merchant's customers, most recent buyers first.
CREATE INDEX customers_relationships_recent ON customers_relationships (merchant_id, last_purchase_us);
