-- How the checkout routed each order (the offline channel, docs/routing.md): routing_reason says why
-- routed_location_key fulfils it ('pickup' the shop the buyer chose, 'territory' the shop whose
-- territory holds the address, 'priority' the first location of the merchant's priorities with
-- everything, 'split' several locations: routed_location_key NULL); credit_reason says why
-- credit_location_key is credited with it once paid ('pickup', 'territory', or 'no_territory': no
-- shop's territory holds the address, so nobody is). '' for orders placed before routing existed.
ALTER TABLE orders_orders ADD COLUMN routing_reason TEXT NOT NULL DEFAULT ''
    CHECK (routing_reason IN ('', 'pickup', 'territory', 'priority', 'split'));
ALTER TABLE orders_orders ADD COLUMN routed_location_key BIGINT NULL;
ALTER TABLE orders_orders ADD COLUMN credit_reason TEXT NOT NULL DEFAULT ''
    CHECK (credit_reason IN ('', 'pickup', 'territory', 'no_territory'));
ALTER TABLE orders_orders ADD COLUMN credit_location_key BIGINT NULL;
