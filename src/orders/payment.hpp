// Payments of orders: one row per order, by one of four methods. Bank transfer (무통장입금: the
// customer transfers to the merchant's account and the merchant confirms the deposit), pay at pickup
// (cash or card at the shop, recorded by staff) and cash on delivery are confirmed by the merchant's
// staff; a card payment goes through a gateway (PaymentProvider), as ONE charge for the checkout's
// total over the orders of all its merchants, each order's row keeping its own amount and the shared
// charge reference. Refunds, full or partial, are rows of their own. docs/payments.md has the states.
//
// The checkout, cancel and refund flows (src/flows/) call the *InTx functions inside their own
// transaction. A gateway is never called inside a transaction: ChargeCard and the card part of a
// refund each run in two steps, a transaction that claims the rows, the gateway call, and a
// transaction that records the outcome (where the flow's hook moves the paid orders on):
//
//   // checkout, in the flow's transaction, beside the orders:
//   JANGTEO_TRY(auto rows, payments.CreatePendingInTx(tx, {.checkout = chk, .method = PaymentMethod::kCard,
//                                                          .orders = {{ord1, mrc1, 30'000}, {ord2, mrc2, 24'000}}}));
//   // after that commit, with the customer's card:
//   auto paid = payments.ChargeCard(chk, card, [&](store::Tx& tx, const std::vector<PaidOrder>& orders) {
//       return order_service.MarkPaidInTx(tx, orders);   // in the transaction that records the capture
//   });
//   // a bank transfer's deposit, in the back office flow's transaction:
//   JANGTEO_TRY(auto p, payments.ConfirmInTx(tx, merchant, order, staff_user));
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "orders/ids.hpp"
#include "orders/method.hpp"
#include "orders/payment_provider.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace jangteo::orders {

// The orders module's migrations, in file order (generated from src/orders/schema).
std::span<const store::Migration> SchemaMigrations();

struct RefundTag {
    static constexpr std::string_view kPrefix = "rfd";
};
using RefundId = core::Id<RefundTag>;

// pending → processing (card: a charge in flight, or pending at the gateway) → captured | declined;
// a declined card may be charged again; pending or declined → cancelled.
enum class PaymentState { kPending, kProcessing, kCaptured, kDeclined, kCancelled };
std::string_view PaymentStateName(PaymentState state);
std::optional<PaymentState> ParsePaymentState(std::string_view name);

enum class RefundState { kPending, kSucceeded, kFailed };
std::string_view RefundStateName(RefundState state);

// Every amount: at least 1 won, at most 1조 원 (anything above is a typing error or an attack).
inline constexpr std::int64_t kMaxPaymentWon = 1'000'000'000'000;
// Orders in one checkout: far above a real cart, low enough to bound one statement's work.
inline constexpr std::size_t kMaxPaymentOrdersPerCheckout = 100;
inline constexpr std::size_t kMaxRefundReasonCodePoints = 200;

struct Payment {
    PaymentId id;
    CheckoutId checkout;
    OrderId order;
    platform::MerchantId merchant;
    PaymentMethod method = PaymentMethod::kCard;
    std::optional<std::string> provider;  // the gateway's code, for cards
    std::int64_t amount_won = 0;
    PaymentState state = PaymentState::kPending;
    std::optional<std::string> provider_ref;  // the gateway's charge reference (shared by a checkout's rows)
    std::optional<std::string> decline_code;
    std::int64_t refunded_won = 0;
    std::optional<platform::UserId> confirmed_by;  // the staff member who confirmed the money
    core::TimePoint created_at;
    core::TimePoint updated_at;
    std::optional<core::TimePoint> captured_at;
};

struct PaymentRefund {
    RefundId id;
    PaymentId payment;
    OrderId order;
    platform::MerchantId merchant;
    std::int64_t amount_won = 0;
    std::string reason;
    std::optional<std::string> provider_ref;
    RefundState state = RefundState::kPending;
    std::optional<std::string> failure_code;
    std::optional<platform::UserId> actor;
    core::TimePoint created_at;
};

// One order of a checkout and what it costs.
struct OrderAmount {
    OrderId order;
    platform::MerchantId merchant;
    std::int64_t amount_won = 0;
};

struct PendingPaymentsInput {
    CheckoutId checkout;
    PaymentMethod method = PaymentMethod::kCard;
    // For cards: the gateway's code; empty for the service's default card provider. Must be empty
    // for the other methods.
    std::string provider;
    std::vector<OrderAmount> orders;
};

// An order whose payment is now captured: the flow moves it to paid.
struct PaidOrder {
    platform::MerchantId merchant;
    OrderId order;
    CheckoutId checkout;
};

// Runs inside the transaction that records a capture, with the orders it captured (never empty), so
// that the flow moves them to paid atomically with the payment. Like every Write body it may run
// more than once and must have no effect outside the transaction.
using PaidHook = std::function<core::Status(store::Tx&, const std::vector<PaidOrder>&)>;

struct CardChargeResult {
    ChargeStatus status = ChargeStatus::kDeclined;  // captured, declined (decline_code), pending (webhook)
    std::string decline_code;
    std::int64_t amount_won = 0;  // what was charged: the total of the checkout's payable card rows
    std::string provider_ref;
    std::vector<PaidOrder> paid;    // the orders now paid (status captured)
    std::vector<Payment> payments;  // the checkout's card rows after the charge
};

struct RefundInput {
    std::int64_t amount_won = 0;
    std::string reason;                     // required, at most 200 characters
    std::optional<platform::UserId> actor;  // the staff member (none for an automatic refund)
};

struct WebhookOutcome {
    std::vector<PaidOrder> paid;      // pending card charges now captured
    std::vector<PaidOrder> declined;  // pending card charges that failed (the orders stay unpaid)
    std::vector<RefundId> refunded;   // pending refunds now succeeded
    int applied = 0;                  // new events
    int duplicates = 0;               // events seen before: acknowledged, nothing done
};

struct PaymentOptions {
    // The provider of card payments when the checkout names none.
    std::string default_card_provider = "test_card";
    // How long a ChargeCard's claim holds the rows. A claim older than this belongs to a call that died
    // (the server stopped mid-charge) and may be taken over: the new call asks the gateway again with
    // the SAME idempotency key, so it learns the first outcome rather than charging twice. Must be
    // longer than the longest gateway call.
    std::chrono::microseconds charge_claim_lease{std::chrono::minutes(2)};
};

// Thread-safe: holds references only; every concurrent change is decided by a compare-and-set in the
// store, so that several servers over one database never charge a checkout twice.
class PaymentService {
public:
    PaymentService(store::Db& db, core::Clock& clock, core::Random& random, const PaymentProviders& providers,
                   PaymentOptions options = {});

    // The payment rows of a new checkout's orders, pending, in the checkout flow's transaction.
    // kInvalidArgument "invalid_payment" with field errors (method, provider, orders, orders[i].order_id,
    // orders[i].merchant_id, orders[i].amount_won: out_of_range; a card total above 1조 원: orders);
    // an order that already has a payment: kAlreadyExists "payment_exists"; an unknown card provider:
    // kFailedPrecondition "unknown_provider".
    core::Result<std::vector<Payment>> CreatePendingInTx(store::Tx& tx, const PendingPaymentsInput& input);

    // Charges the checkout's card payments: one gateway charge for the total of its pending (or
    // declined) card rows, called OUTSIDE any transaction, then the outcome recorded on every row in
    // one transaction, with `on_paid` when it captured. Declines and pending charges are answers, not
    // errors. Concurrent calls for one checkout (two requests with different idempotency keys, two
    // servers) charge once: the first claims the rows by a compare-and-set pending → processing; the
    // others answer kConflict "payment_in_progress" and charge nothing.
    // Errors: bad card fields: kInvalidArgument "invalid_card"; no card payment: kNotFound
    // "payment_not_found"; already captured: kConflict "already_paid" (charges nothing); every row
    // cancelled: kConflict "payment_cancelled"; the gateway unreachable: its error (kUnavailable), the
    // rows pending again, and a later call asks the gateway with the same key, so a charge that went
    // through unseen is answered, not repeated.
    core::Result<CardChargeResult> ChargeCard(CheckoutId checkout, const CardInput& card, const PaidHook& on_paid = {});

    // The merchant's staff confirms the money of a bank transfer, pay-at-pickup or cash-on-delivery
    // payment: captured, with who confirmed it. kNotFound "payment_not_found"; a card payment:
    // kConflict "settled_by_gateway"; captured: kConflict "already_paid"; cancelled: kConflict
    // "payment_cancelled".
    core::Result<Payment> ConfirmInTx(store::Tx& tx, platform::MerchantId merchant, OrderId order,
                                      platform::UserId confirmed_by);

    // Cancels an order's unpaid payment (the order is cancelled, or its payment timed out). Already
    // cancelled: answered as it is. Captured: kConflict "already_paid" (refund it instead); a card
    // charge in flight or pending at the gateway: kConflict "payment_in_progress" (try again once it
    // is settled). kNotFound "payment_not_found".
    core::Result<Payment> CancelPendingInTx(store::Tx& tx, platform::MerchantId merchant, OrderId order);

    // Refunds part or all of an order's captured payment, at most amount − refunded so far
    // (kInvalidArgument "invalid_refund", field amount_won: exceeds_refundable / out_of_range; field
    // reason). Not captured: kConflict "not_captured". A bank transfer or cash refund is paid back by
    // the merchant and recorded as succeeded. A card refund reserves its amount and is recorded
    // pending: after the commit, CompleteRefund asks the gateway.
    core::Result<PaymentRefund> RefundInTx(store::Tx& tx, platform::MerchantId merchant, OrderId order,
                                           const RefundInput& input);
    // Asks the gateway for a pending card refund, outside any transaction, with the refund's id as the
    // idempotency key (asking again never pays twice). Succeeded: recorded; the gateway refused it
    // (kConflict): recorded failed, the amount refundable again, and the error answered; unreachable:
    // the error, and the refund stays pending for another call. A refund no longer pending is
    // answered as it is.
    // `on_refused` runs in the transaction that records a refusal (the flow gives the order back its
    // refundable amount there).
    using RefundHook = std::function<core::Status(store::Tx&, const PaymentRefund&)>;
    core::Result<PaymentRefund> CompleteRefund(platform::MerchantId merchant, RefundId refund,
                                               const RefundHook& on_refused = {});
    // Card refunds still pending (the gateway was unreachable when they were asked) that are older than
    // `before`, oldest first: a background task asks again with CompleteRefund.
    core::Result<std::vector<PaymentRefund>> PendingRefunds(core::TimePoint before, int limit);
    // RefundInTx in a transaction of its own, then CompleteRefund for a card.
    core::Result<PaymentRefund> Refund(platform::MerchantId merchant, OrderId order, const RefundInput& input);

    // A gateway's webhook: the signature verified and the events read by the provider (unknown
    // provider: kNotFound "unknown_provider"; bad signature: kUnauthenticated "bad_signature"), then
    // each event applied once in one transaction (with `on_paid` for the captured orders): a repeated
    // event id is acknowledged and does nothing. An event about a charge this server has not recorded
    // yet (its webhook outran ChargeCard's answer): kUnavailable "payment_not_recorded", nothing
    // applied, so the gateway delivers it again later.
    core::Result<WebhookOutcome> HandleWebhook(std::string_view provider, const WebhookHeaders& headers,
                                               std::string_view body, const PaidHook& on_paid = {});
    // The two halves, for a flow that applies events in a transaction of its own.
    core::Result<std::vector<PaymentEvent>> VerifyWebhook(std::string_view provider, const WebhookHeaders& headers,
                                                          std::string_view body);
    core::Result<WebhookOutcome> ApplyEventsInTx(store::Tx& tx, std::string_view provider,
                                                 const std::vector<PaymentEvent>& events);

    // Reads. The order's payment (kNotFound "payment_not_found"), its refunds (oldest first), and a
    // checkout's payments (in the order's id order; empty for an unknown checkout).
    core::Result<Payment> ForOrder(platform::MerchantId merchant, OrderId order);
    core::Result<Payment> ForOrderInTx(store::Tx& tx, platform::MerchantId merchant, OrderId order);
    core::Result<std::vector<PaymentRefund>> RefundsOfOrder(platform::MerchantId merchant, OrderId order);
    core::Result<std::vector<Payment>> ForCheckout(CheckoutId checkout);
    core::Result<std::vector<Payment>> ForCheckoutInTx(store::Tx& tx, CheckoutId checkout);

private:
    struct Claim;
    core::Result<Claim> ClaimCardRows(CheckoutId checkout);
    core::Result<CardChargeResult> RecordCharge(const Claim& claim, const ChargeResult& result,
                                                const PaidHook& on_paid);
    core::Status ReleaseClaim(const Claim& claim, bool keep_charge_key);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    const PaymentProviders& providers_;
    const PaymentOptions options_;
};

}  // namespace jangteo::orders
