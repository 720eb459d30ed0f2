-- Payments of orders (orders/payment.hpp). One row per order: a checkout with orders of several
-- merchants paid by card is ONE charge at the gateway for the checkout's total, recorded as one row
-- per order with that order's amount and the charge's shared provider_ref; the other methods (bank
-- transfer, pay at pickup, cash on delivery) are settled per order by the merchant's staff
-- (confirmed_by_user). checkout_id and order_id are the orders module's ids, kept as plain BIGINTs.
--
-- state: pending (waiting for the money) → processing (a card charge is in flight: claimed by one
-- ChargeCard call with claim_token and claimed_at_us, or accepted by the gateway as pending until
-- its webhook, then claim_token is NULL and provider_ref is set) → captured or declined (a declined
-- card may be charged again); pending or declined → cancelled. charge_key is the idempotency key the
-- gateway got for the latest charge attempt: a charge whose outcome was never learnt is tried again
-- with the same key, so the gateway answers the first outcome instead of charging twice.
-- refunded_won grows by each refund (reserved before a gateway refund is asked for, given back when
-- the gateway refuses it), never above amount_won.
CREATE TABLE orders_payments (
    id BIGINT PRIMARY KEY,
    checkout_id BIGINT NOT NULL,
    order_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    method TEXT NOT NULL CHECK (method IN ('bank_transfer', 'pay_at_pickup', 'cash_on_delivery', 'card')),
    provider TEXT NULL,
    amount_won BIGINT NOT NULL CHECK (amount_won > 0),
    state TEXT NOT NULL CHECK (state IN ('pending', 'processing', 'captured', 'declined', 'cancelled')),
    provider_ref TEXT NULL,
    decline_code TEXT NULL,
    refunded_won BIGINT NOT NULL DEFAULT 0 CHECK (refunded_won >= 0 AND refunded_won <= amount_won),
    confirmed_by_user BIGINT NULL,
    charge_key TEXT NULL,
    claim_token BIGINT NULL,
    claimed_at_us BIGINT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    captured_at_us BIGINT NULL,
    UNIQUE (merchant_id, order_id)
);
-- By order: the unique key above (every read by order names the merchant). By checkout: the card
-- charge and the customer's view. By provider reference: webhooks.
CREATE INDEX orders_payments_checkout ON orders_payments (checkout_id, method);
CREATE INDEX orders_payments_provider_ref ON orders_payments (provider, provider_ref);

-- Refunds of a payment, full or partial. A bank transfer or cash refund is paid back by the merchant
-- and recorded as succeeded at once; a card refund is pending until the gateway confirms it (its
-- answer, or a refund.succeeded webhook), and failed when the gateway refuses it (the amount then
-- returns to the payment's refundable rest).
CREATE TABLE orders_payment_refunds (
    id BIGINT PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES orders_payments (id),
    order_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    amount_won BIGINT NOT NULL CHECK (amount_won > 0),
    reason TEXT NOT NULL,
    provider_ref TEXT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    failure_code TEXT NULL,
    actor_user BIGINT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
CREATE INDEX orders_payment_refunds_payment ON orders_payment_refunds (payment_id);
CREATE INDEX orders_payment_refunds_order ON orders_payment_refunds (merchant_id, order_id);
CREATE INDEX orders_payment_refunds_provider_ref ON orders_payment_refunds (provider_ref);
CREATE INDEX orders_payment_refunds_pending ON orders_payment_refunds (state, created_at_us);

-- Webhook events already applied, so that a gateway's repeated delivery is acknowledged and does
-- nothing: the event's row is written in the transaction that applies it.
CREATE TABLE orders_payment_events (
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    received_at_us BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- The test card gateway's own ledger (orders/payment_test_card.hpp). It plays an external gateway,
-- so it keeps its charges and refunds here rather than in a server's memory: every `jangteo serve`
-- over one database sees the same gateway. Not merchant data (one charge pays a whole checkout), and
-- read only through the gateway's own calls. A charge or refund is found again by the idempotency key
-- it was asked with, so a repeated request answers the first outcome.
CREATE TABLE orders_test_gateway_charges (
    reference TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    amount_won BIGINT NOT NULL CHECK (amount_won > 0),
    refunded_won BIGINT NOT NULL DEFAULT 0 CHECK (refunded_won >= 0 AND refunded_won <= amount_won),
    state TEXT NOT NULL CHECK (state IN ('captured', 'declined', 'pending', 'failed')),
    decline_code TEXT NULL,
    card_last4 TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
CREATE TABLE orders_test_gateway_refunds (
    reference TEXT PRIMARY KEY,
    charge_reference TEXT NOT NULL REFERENCES orders_test_gateway_charges (reference),
    idempotency_key TEXT NOT NULL UNIQUE,
    amount_won BIGINT NOT NULL CHECK (amount_won > 0),
    created_at_us BIGINT NOT NULL
);
