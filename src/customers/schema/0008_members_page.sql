-- The membership import's second phase walks a merchant's members by key, 1,000 at a time
-- (MemberStore::PageInTx). Without this index each page read every member of the merchant through
-- the phone index and sorted them, so that walking 100,000 members read ten million rows.
CREATE INDEX customers_members_page ON customers_members (merchant_id, id);
