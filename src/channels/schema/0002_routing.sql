-- A merchant's routing policy for web orders (docs/routing.md). priorities is a JSON array of the
-- keys of the locations it prefers to fulfil from, first first (inventory locations; a plain number,
-- as this module does not see inventory's tables); allow_split whether an order that no single
-- location can fulfil may be split over several; commission_bp the commission of the goods credited
-- to the shop whose territory holds the buyer's address, in basis points (0..10000). A merchant
-- without a row has the defaults: no priorities (location id order), split allowed, no commission.
-- version grows with every change (compare-and-set in the back office).
CREATE TABLE channels_routing_policies (
    merchant_id BIGINT PRIMARY KEY REFERENCES platform_merchants (id),
    priorities TEXT NOT NULL DEFAULT '[]',
    allow_split BOOLEAN NOT NULL,
    commission_bp BIGINT NOT NULL CHECK (commission_bp >= 0 AND commission_bp <= 10000),
    version BIGINT NOT NULL,
    updated_by BIGINT NULL,
    updated_at_us BIGINT NOT NULL
);

-- The credit ledger: what each shop is owed for the web orders of its territory, appended and never
-- updated or deleted. A 'credit' row (ref_key 0) is written when an order is paid: the goods and the
-- commission at the policy's rate then. A 'reversal' row is written with each refund or return of a
-- credited order (ref_key: the return's key), goods and commission negative, so that a location's sum
-- is what it is owed now. The unique key makes a second credit of an order, or a second reversal of
-- one return, impossible.
CREATE TABLE channels_credits (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    location_key BIGINT NOT NULL,
    order_key BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('credit', 'reversal')),
    ref_key BIGINT NOT NULL,
    goods_won BIGINT NOT NULL,
    commission_won BIGINT NOT NULL,
    rate_bp BIGINT NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 10000),
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('customer', 'staff', 'system', 'provider')),
    actor_id BIGINT NULL,
    at_us BIGINT NOT NULL,
    CHECK ((kind = 'credit' AND ref_key = 0 AND goods_won >= 0 AND commission_won >= 0)
           OR (kind = 'reversal' AND ref_key <> 0 AND goods_won <= 0 AND commission_won <= 0)),
    UNIQUE (order_key, ref_key)
);
-- The ledger newest first (keyset pages), for the merchant and by location (and the report's sums).
CREATE INDEX channels_credits_merchant ON channels_credits (merchant_id, at_us, id);
CREATE INDEX channels_credits_location ON channels_credits (merchant_id, location_key, at_us, id);
