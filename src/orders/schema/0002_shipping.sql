-- Each merchant's delivery fee rules: a flat fee, free delivery from an order subtotal on (NULL: never
-- free), and what Jeju and the other islands (도서산간) cost on top. A merchant without a row gets the
-- defaults of orders/shipping.hpp. version grows with every change (compare-and-set in the back office).
CREATE TABLE orders_merchant_shipping (
    merchant_id BIGINT PRIMARY KEY REFERENCES platform_merchants (id),
    flat_fee_won BIGINT NOT NULL CHECK (flat_fee_won >= 0),
    free_over_won BIGINT NULL CHECK (free_over_won IS NULL OR free_over_won >= 0),
    jeju_surcharge_won BIGINT NOT NULL CHECK (jeju_surcharge_won >= 0),
    islands_surcharge_won BIGINT NOT NULL CHECK (islands_surcharge_won >= 0),
    version BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
