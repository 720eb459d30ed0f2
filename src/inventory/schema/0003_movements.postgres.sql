-- The stock ledger: every change of on_hand, appended in the transaction of the change and never
-- updated or deleted. reason: receipt, online_sale, shop_sale, return, adjustment, count,
-- transfer_out, transfer_in. actor: who did it (a person, a merchant's API key, the system).
-- ref: what it belongs to (an order, a transfer, a count).
CREATE TABLE inventory_movements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id BIGINT NOT NULL,
    location_id BIGINT NOT NULL,
    variant_id BIGINT NOT NULL,
    delta BIGINT NOT NULL,
    on_hand_after BIGINT NOT NULL,
    reason TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id BIGINT NULL,
    ref_kind TEXT NOT NULL DEFAULT '',
    ref_key BIGINT NULL,
    note TEXT NOT NULL DEFAULT '',
    at_us BIGINT NOT NULL
);
CREATE INDEX inventory_movements_merchant ON inventory_movements (merchant_id, id);
CREATE INDEX inventory_movements_stock ON inventory_movements (location_id, variant_id, id);
