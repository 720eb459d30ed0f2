-- Points the buyer spent on an order at checkout (issue 7: 1 point = 1 won off the goods, redeemed in
-- the checkout's transaction). total_won is after them: what is paid in money.
ALTER TABLE orders_orders ADD COLUMN points_used BIGINT NOT NULL DEFAULT 0 CHECK (points_used >= 0);
