// The interface of a card payment gateway (the test card gateway here; later a Korean gateway such
// as Toss Payments, KG Inicis or NICEPAY: docs/payments.md says how to add one), and the registry
// that maps a provider's code to it. PaymentService calls a provider only OUTSIDE a database
// transaction: a real gateway is a network call that must not hold a transaction open, and whose
// outcome may stay unknown when the connection drops.
//
//   orders::PaymentProviders providers;
//   providers.Add(test_card);                              // once, at start-up
//   orders::PaymentProvider* p = providers.Find("test_card");
//   auto charged = p->Charge({.checkout = id, .amount_won = 54'000, .card = card, .idempotency_key = key});
//
// Bank transfer, pay at pickup and cash on delivery have no gateway: their money is confirmed by the
// merchant's staff (PaymentService::ConfirmInTx), so they are payment methods without a provider.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "orders/ids.hpp"

namespace jangteo::orders {

// What the customer gives for a card payment: either a token that the gateway's payment window made
// in the browser (a real gateway's payment key), or the card's fields (the test card gateway).
struct CardInput {
    std::string token;   // "" when the fields are given
    std::string number;  // digits, spaces and hyphens allowed: "4242 4242 4242 4242"
    std::string expiry;  // "MM/YY"
    std::string cvc;     // 3 or 4 digits
};

// Checks the shape of a card input (not whether the card is good: that is the gateway's answer):
// a token of 1 to 200 printable ASCII characters without spaces, or a number of 12 to 19 digits,
// an expiry MM/YY with a month 01 to 12 and a CVC of 3 or 4 digits. Answers the input with the
// number's digits only; kInvalidArgument "invalid_card" with field errors card.token, card.number,
// card.expiry, card.cvc otherwise.
core::Result<CardInput> NormalizeCardInput(const CardInput& input);

enum class ChargeStatus {
    kCaptured,  // authorised and captured: the money is taken
    kDeclined,  // refused; decline_code says why ("card_declined", "insufficient_funds", ...)
    kPending,   // accepted, settled later by the gateway's webhook (payment.captured or payment.failed)
};
std::string_view ChargeStatusName(ChargeStatus status);  // "captured", "declined", "pending"

struct ChargeRequest {
    CheckoutId checkout;          // the gateway's order reference
    std::int64_t amount_won = 0;  // the checkout's total over all its card payments
    CardInput card;               // normalised (NormalizeCardInput)
    // The same key answers the first charge's outcome and charges nothing again (a retry after a lost
    // answer); a new attempt after a decline gets a new key.
    std::string idempotency_key;
};

struct ChargeResult {
    ChargeStatus status = ChargeStatus::kDeclined;
    std::string reference;        // the gateway's charge reference (also for declines, when it gives one)
    std::int64_t amount_won = 0;  // what the gateway charged (or would have): checked against the request
    std::string decline_code;     // for kDeclined
};

struct RefundRequest {
    std::string charge_reference;  // ChargeResult::reference of a captured charge
    std::int64_t amount_won = 0;   // part or all of what is left of the charge
    std::string reason;
    std::string idempotency_key;  // the same key refunds once, however often it is asked
};

enum class RefundStatus {
    kSucceeded,  // paid back
    kPending,    // accepted; the gateway's refund.succeeded webhook confirms it
};

struct RefundResult {
    RefundStatus status = RefundStatus::kSucceeded;
    std::string reference;  // the gateway's refund reference
};

enum class PaymentEventType {
    kPaymentCaptured,  // "payment.captured": a pending charge was captured
    kPaymentFailed,    // "payment.failed": a pending charge failed
    kRefundSucceeded,  // "refund.succeeded": a pending refund was paid back
    kOther,            // a type this version does not act on: acknowledged and ignored
};
std::string_view PaymentEventTypeName(PaymentEventType type);
PaymentEventType ParsePaymentEventType(std::string_view name);

// One event of a gateway's webhook, after its signature was verified.
struct PaymentEvent {
    std::string id;  // the gateway's event id: a repeated delivery carries the same id
    PaymentEventType type = PaymentEventType::kOther;
    std::string type_name;         // as sent, for kOther
    std::string charge_reference;  // the charge the event is about
    std::string refund_reference;  // for refund events
    std::int64_t amount_won = 0;
    std::string failure_code;  // for payment.failed
};

// Header fields of a webhook request, names in lower case (as http::Request keeps them).
using WebhookHeaders = std::vector<std::pair<std::string, std::string>>;
// The value of header `name` (compared without case), or nullopt; the first when repeated.
std::optional<std::string_view> FindHeader(const WebhookHeaders& headers, std::string_view name);

// A card payment gateway. Implementations are thread-safe: one instance serves every request.
//
// Errors: kInvalidArgument or kMalformed mean the gateway refused the request before doing anything
// (nothing was charged or refunded); kConflict from Refund means the gateway refused the refund (more
// than is left of the charge, a charge that is not captured); any other error (kUnavailable for a
// timeout or a dropped connection) means the outcome is UNKNOWN, and the caller asks again with the
// same idempotency key.
class PaymentProvider {
public:
    virtual ~PaymentProvider() = default;

    // Stable code, stored with each payment: "test_card", later e.g. "toss".
    virtual std::string_view code() const = 0;

    // Authorises and captures `amount_won` for a checkout.
    virtual core::Result<ChargeResult> Charge(const ChargeRequest& request) = 0;

    // Pays back part or all of a captured charge.
    virtual core::Result<RefundResult> Refund(const RefundRequest& request) = 0;

    // Verifies a webhook request's signature and reads its events. A missing, malformed, stale or
    // wrong signature: kUnauthenticated "bad_signature" (401); a signed body that cannot be read:
    // kMalformed "bad_webhook_body" (400).
    virtual core::Result<std::vector<PaymentEvent>> ParseWebhook(const WebhookHeaders& headers,
                                                                 std::string_view body) = 0;
};

// Providers by code, built once at start-up (then only read, so thread-safe). It holds references:
// the providers live in the composition root beside it.
class PaymentProviders {
public:
    // Adds `provider` under its code; a second provider with the same code is a start-up bug
    // (std::invalid_argument).
    void Add(PaymentProvider& provider);
    // The provider with `code`, or nullptr.
    PaymentProvider* Find(std::string_view code) const;

private:
    std::vector<PaymentProvider*> providers_;
};

}  // namespace jangteo::orders
