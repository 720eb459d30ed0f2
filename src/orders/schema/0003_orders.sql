-- Checkouts and orders. One checkout is what a customer pays at once; it holds one order per merchant,
-- and each merchant sees and fulfils only its own. An order keeps a copy of the customer's contact,
-- the delivery address (or the pickup location) and, in its lines, what was sold (SKU, titles,
-- options, VAT mode, unit price), so that later changes of the catalog or of the account never
-- rewrite it. Keys of other modules' objects (variants, products, locations) are plain numbers: the
-- orders module does not see their tables. Amounts are whole won; total_won = subtotal_won +
-- shipping_fee_won, and vat_won is the VAT included in the taxable lines and the shipping fee.
CREATE TABLE orders_checkouts (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    payment_method TEXT NOT NULL
        CHECK (payment_method IN ('bank_transfer', 'card', 'pay_at_pickup', 'cash_on_delivery')),
    total_won BIGINT NOT NULL CHECK (total_won >= 0),
    created_at_us BIGINT NOT NULL
);
CREATE INDEX orders_checkouts_user ON orders_checkouts (user_id, created_at_us);

-- status and payment_status follow the state machine of orders/order.hpp; version grows with every
-- change (compare-and-set for the back office). payment_due_at_us is when an unpaid prepaid order is
-- cancelled by the sweeper (NULL for methods paid at the end).
CREATE TABLE orders_orders (
    id BIGINT PRIMARY KEY,
    checkout_id BIGINT NOT NULL REFERENCES orders_checkouts (id),
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    customer_user_id BIGINT NULL,
    customer_email TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    customer_phone TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending_payment', 'paid', 'preparing', 'shipped', 'ready_for_pickup',
                                           'delivered', 'picked_up', 'completed', 'cancelled')),
    fulfilment TEXT NOT NULL CHECK (fulfilment IN ('delivery', 'pickup')),
    recipient TEXT NOT NULL DEFAULT '',
    recipient_phone TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    road_address TEXT NOT NULL DEFAULT '',
    address_detail TEXT NOT NULL DEFAULT '',
    delivery_note TEXT NOT NULL DEFAULT '',
    pickup_location_key BIGINT NULL,
    subtotal_won BIGINT NOT NULL CHECK (subtotal_won >= 0),
    shipping_fee_won BIGINT NOT NULL CHECK (shipping_fee_won >= 0),
    total_won BIGINT NOT NULL CHECK (total_won >= 0),
    vat_won BIGINT NOT NULL CHECK (vat_won >= 0),
    payment_method TEXT NOT NULL
        CHECK (payment_method IN ('bank_transfer', 'card', 'pay_at_pickup', 'cash_on_delivery')),
    payment_status TEXT NOT NULL CHECK (payment_status IN ('unpaid', 'paid', 'partially_refunded', 'refunded')),
    payment_due_at_us BIGINT NULL,
    carrier TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    refunded_won BIGINT NOT NULL DEFAULT 0 CHECK (refunded_won >= 0 AND refunded_won <= total_won),
    version BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    CHECK ((fulfilment = 'pickup') = (pickup_location_key IS NOT NULL))
);
-- A merchant's list, newest first (keyset pages), and by status.
CREATE INDEX orders_orders_merchant ON orders_orders (merchant_id, created_at_us, id);
CREATE INDEX orders_orders_merchant_status ON orders_orders (merchant_id, status, created_at_us, id);
-- A customer's list, newest first.
CREATE INDEX orders_orders_customer ON orders_orders (customer_user_id, created_at_us, id);
CREATE INDEX orders_orders_checkout ON orders_orders (checkout_id);
-- The sweeper: unpaid orders whose payment time has passed.
CREATE INDEX orders_orders_due ON orders_orders (status, payment_due_at_us);

-- What an order sold, numbered from 1. location_key is the inventory location where the line's stock
-- is reserved; returned_quantity grows with returns and never passes quantity.
CREATE TABLE orders_order_lines (
    order_id BIGINT NOT NULL REFERENCES orders_orders (id),
    line_no INTEGER NOT NULL,
    merchant_id BIGINT NOT NULL,
    variant_key BIGINT NOT NULL,
    product_key BIGINT NOT NULL,
    sku TEXT NOT NULL,
    title_ko TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    options TEXT NOT NULL DEFAULT '{}',
    vat_mode TEXT NOT NULL CHECK (vat_mode IN ('taxable', 'exempt')),
    unit_price_won BIGINT NOT NULL CHECK (unit_price_won >= 0),
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    line_total_won BIGINT NOT NULL CHECK (line_total_won >= 0),
    location_key BIGINT NOT NULL,
    returned_quantity BIGINT NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0 AND returned_quantity <= quantity),
    PRIMARY KEY (order_id, line_no)
);

-- Every status change of an order, with who made it (a customer, the merchant's staff, the system's
-- sweeper, a payment provider's event) and when; seq counts from 1 per order.
CREATE TABLE orders_order_events (
    order_id BIGINT NOT NULL REFERENCES orders_orders (id),
    seq INTEGER NOT NULL,
    merchant_id BIGINT NOT NULL,
    from_status TEXT NULL,
    to_status TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('customer', 'staff', 'system', 'provider')),
    actor_id BIGINT NULL,
    note TEXT NOT NULL DEFAULT '',
    at_us BIGINT NOT NULL,
    PRIMARY KEY (order_id, seq)
);

-- Returns and refunds: lines is a JSON array of {"line_no", "quantity"} (empty for a refund without
-- goods coming back); restock says whether the goods go back into stock (the flow does that).
CREATE TABLE orders_order_returns (
    id BIGINT PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders_orders (id),
    merchant_id BIGINT NOT NULL,
    lines TEXT NOT NULL,
    refund_won BIGINT NOT NULL CHECK (refund_won >= 0),
    restock BOOLEAN NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('customer', 'staff', 'system', 'provider')),
    actor_id BIGINT NULL,
    created_at_us BIGINT NOT NULL
);
CREATE INDEX orders_order_returns_order ON orders_order_returns (order_id, created_at_us);
