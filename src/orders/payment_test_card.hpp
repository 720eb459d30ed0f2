// The test card gateway: a PaymentProvider ("test_card") that stands in for a real card gateway in
// tests and in the demo. It behaves like an external gateway: it keeps its own ledger of charges and
// refunds (tables orders_test_gateway_*), so that it works across several server processes over one
// database, it answers a repeated idempotency key with the first outcome, and it settles pending
// charges by a signed webhook. Its answers follow the card number (docs/payments.md):
//
//   4242 4242 4242 4242  captured            4000 0000 0000 0002  declined "card_declined"
//   4000 0000 0000 9995  declined            4000 0000 0000 0077  pending, settled by SettlePending's
//                        "insufficient_funds"                          webhook
//   any other number that passes the Luhn check: captured
//
// and every card must pass the Luhn check ("invalid_number"), carry an expiry MM/YY that is not past
// in Korea ("expired_card") and a CVC of 3 digits ("invalid_cvc"). A token "tok_<card number>"
// stands for that card with a valid expiry and CVC (what a payment window would hand back).
//
//   orders::TestCardProvider gateway(db, clock, random, {.webhook_secret = secret});
//   auto webhook = gateway.SettlePending(reference);       // the signed request the gateway would POST
//   payments.HandleWebhook("test_card", webhook->headers, webhook->body);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "orders/payment_provider.hpp"
#include "store/db.hpp"

namespace jangteo::orders {

inline constexpr std::string_view kTestCardCode = "test_card";

// Whether `digits` (digits only) pass the Luhn check that every card number carries.
bool LuhnValid(std::string_view digits);

// What the test gateway answers for a card, before any ledger: captured, declined with a code, or
// pending. `number` is digits only; `expiry` MM/YY is valid through the end of its month in Korea
// (UTC+9) at `now`.
struct TestCardDecision {
    ChargeStatus status = ChargeStatus::kDeclined;
    std::string decline_code;  // for kDeclined
};
TestCardDecision DecideTestCard(std::string_view number, std::string_view expiry, std::string_view cvc,
                                core::TimePoint now);

struct TestCardOptions {
    // The shared secret of its webhook signatures (at least 16 bytes; a configuration secret).
    std::string webhook_secret;
};

// A webhook request as the gateway would send it: POST, these headers, this body.
struct WebhookDelivery {
    WebhookHeaders headers;
    std::string body;
};

// Thread-safe: every call is a transaction on the store.
class TestCardProvider final : public PaymentProvider {
public:
    // A webhook secret shorter than 16 bytes is a configuration error (std::invalid_argument).
    TestCardProvider(store::Db& db, core::Clock& clock, core::Random& random, TestCardOptions options);

    std::string_view code() const override { return kTestCardCode; }
    // The same idempotency key answers the first outcome (kConflict "idempotency_key_reused" when its
    // amount differs); declines are recorded too, so a repeated declined attempt declines again.
    core::Result<ChargeResult> Charge(const ChargeRequest& request) override;
    // At most captured − refunded of a captured charge: kConflict "refund_exceeds_charge"; an unknown or
    // uncaptured charge: kConflict "charge_not_refundable".
    core::Result<RefundResult> Refund(const RefundRequest& request) override;
    core::Result<std::vector<PaymentEvent>> ParseWebhook(const WebhookHeaders& headers, std::string_view body) override;

    // Settles a pending charge, as the card network's late answer would: captured (or failed with
    // "card_declined" when `capture` is false) in the ledger, and the signed payment.captured (or
    // payment.failed) webhook request that the gateway then sends. kNotFound "charge_not_found";
    // kConflict "charge_not_pending" when it was settled before.
    core::Result<WebhookDelivery> SettlePending(std::string_view reference, bool capture = true);

    // A signed delivery of `event` (with a fresh event id when event.id is empty), signed now: for
    // tests of repeated, late or forged deliveries.
    WebhookDelivery Deliver(PaymentEvent event);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    const TestCardOptions options_;
};

}  // namespace jangteo::orders
