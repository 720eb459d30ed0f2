-- A person's history at a merchant is paged by (time, entry id), so that entries of the same instant
-- are neither skipped nor repeated at a page boundary (docs/customers-api.md). The index of 0005 ends
-- at the time; this one carries the id too, so that a page is one index range in its order, with no
-- sort of the entries that share a time. Its prefix serves everything the old index served.
DROP INDEX customers_relationship_events_history;
CREATE INDEX customers_relationship_events_history
    ON customers_relationship_events (merchant_id, person_id, at_us, id);
