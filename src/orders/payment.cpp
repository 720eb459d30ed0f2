#include "orders/payment.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/log.hpp"
#include "core/validate.hpp"

namespace jangteo::orders {

namespace {

#define JANGTEO_PAYMENT_COLUMNS                                                                   \
    "id, checkout_id, order_id, merchant_id, method, provider, amount_won, state, provider_ref, " \
    "decline_code, refunded_won, confirmed_by_user, created_at_us, updated_at_us, captured_at_us"
#define JANGTEO_REFUND_COLUMNS                                                                       \
    "id, payment_id, order_id, merchant_id, amount_won, reason, provider_ref, state, failure_code, " \
    "actor_user, created_at_us"

constexpr store::Sql kInsertPayment{
    "orders.insert_payment",
    "INSERT INTO orders_payments (id, checkout_id, order_id, merchant_id, method, provider, amount_won, state,"
    " refunded_won, created_at_us, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8)"
    // An order that has a payment already (or, rarely, a clash of the random id) inserts nothing.
    " ON CONFLICT DO NOTHING"};
constexpr store::Sql kPaymentOfOrder{"orders.payment_of_order", "SELECT " JANGTEO_PAYMENT_COLUMNS
                                                                " FROM orders_payments"
                                                                " WHERE merchant_id = $1 AND order_id = $2"};
constexpr store::Sql kPaymentsOfCheckout{"orders.payments_of_checkout", "SELECT " JANGTEO_PAYMENT_COLUMNS
                                                                        " FROM orders_payments WHERE checkout_id = $1"
                                                                        " ORDER BY order_id"};
// The card rows of a checkout with what a claim needs to know about each (columns 15 to 17).
constexpr store::Sql kCardRowsOfCheckout{"orders.card_payments_of_checkout",
                                         "SELECT " JANGTEO_PAYMENT_COLUMNS
                                         ", charge_key, claim_token, claimed_at_us FROM orders_payments"
                                         " WHERE checkout_id = $1 AND method = 'card' ORDER BY id"};
// The claim: one compare-and-set over the checkout's payable card rows (pending, declined, or a claim
// whose lease ran out). Under PostgreSQL's READ COMMITTED a second claim waits for the first's row
// locks and re-checks the condition on the rows the first committed, so it claims nothing; SQLite
// runs one writer at a time. The caller compares the count with the rows it saw.
constexpr store::Sql kClaimCardRows{
    "orders.claim_card_payments",
    "UPDATE orders_payments SET state = 'processing', claim_token = $2, claimed_at_us = $3, charge_key = $4,"
    " provider_ref = NULL, decline_code = NULL, updated_at_us = $3"
    " WHERE checkout_id = $1 AND method = 'card' AND (state IN ('pending', 'declined')"
    " OR (state = 'processing' AND claim_token IS NOT NULL AND claimed_at_us < $5))"};
// The outcomes, each only while this call still holds its claim.
constexpr store::Sql kRecordCaptured{
    "orders.record_card_captured",
    "UPDATE orders_payments SET state = 'captured', provider_ref = $3, captured_at_us = $4, updated_at_us = $4,"
    " claim_token = NULL, claimed_at_us = NULL WHERE checkout_id = $1 AND claim_token = $2"
    " RETURNING order_id, merchant_id"};
constexpr store::Sql kRecordDeclined{
    "orders.record_card_declined",
    "UPDATE orders_payments SET state = 'declined', provider_ref = $3, decline_code = $4, updated_at_us = $5,"
    " claim_token = NULL, claimed_at_us = NULL WHERE checkout_id = $1 AND claim_token = $2"};
// Pending at the gateway: still processing, no longer claimed; the webhook finds the rows by reference.
constexpr store::Sql kRecordGatewayPending{
    "orders.record_card_gateway_pending",
    "UPDATE orders_payments SET provider_ref = $3, updated_at_us = $4, claim_token = NULL, claimed_at_us = NULL"
    " WHERE checkout_id = $1 AND claim_token = $2"};
// No outcome: the rows are payable again. charge_key stays when the gateway may have charged (a retry
// then asks with the same key), and is cleared when the gateway refused the request outright.
constexpr store::Sql kReleaseClaim{"orders.release_card_claim",
                                   "UPDATE orders_payments SET state = 'pending', charge_key = $3, claim_token = NULL,"
                                   " claimed_at_us = NULL, updated_at_us = $4"
                                   " WHERE checkout_id = $1 AND claim_token = $2"};
constexpr store::Sql kConfirm{"orders.confirm_payment",
                              "UPDATE orders_payments SET state = 'captured', confirmed_by_user = $3,"
                              " captured_at_us = $4, updated_at_us = $4"
                              " WHERE merchant_id = $1 AND order_id = $2 AND state = 'pending' AND method <> 'card'"};
constexpr store::Sql kCancel{"orders.cancel_payment",
                             "UPDATE orders_payments SET state = 'cancelled', claim_token = NULL,"
                             " claimed_at_us = NULL, updated_at_us = $3"
                             " WHERE merchant_id = $1 AND order_id = $2 AND state IN ('pending', 'declined')"};
// A refund takes its amount from the refundable rest by a compare-and-set, so that two refunds racing
// on one payment cannot together pay back more than was captured.
constexpr store::Sql kReserveRefund{"orders.reserve_refund",
                                    "UPDATE orders_payments SET refunded_won = refunded_won + $3, updated_at_us = $4"
                                    " WHERE id = $1 AND merchant_id = $2 AND state = 'captured'"
                                    " AND refunded_won + $3 <= amount_won"};
constexpr store::Sql kReturnRefund{"orders.return_refund",
                                   "UPDATE orders_payments SET refunded_won = refunded_won - $2, updated_at_us = $3"
                                   " WHERE id = $1 AND refunded_won >= $2"};
constexpr store::Sql kInsertRefund{
    "orders.insert_refund",
    "INSERT INTO orders_payment_refunds (id, payment_id, order_id, merchant_id, amount_won, reason, provider_ref,"
    " state, failure_code, actor_user, created_at_us, updated_at_us)"
    " VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, NULL, $8, $9, $9)"};
constexpr store::Sql kRefundById{"orders.refund_by_id", "SELECT " JANGTEO_REFUND_COLUMNS
                                                        " FROM orders_payment_refunds"
                                                        " WHERE id = $1 AND merchant_id = $2"};
// Card refunds the gateway has not answered yet (no reference), for the background retry.
constexpr store::Sql kPendingRefunds{"orders.pending_refunds", "SELECT " JANGTEO_REFUND_COLUMNS
                                                               " FROM orders_payment_refunds"
                                                               " WHERE state = 'pending' AND provider_ref IS NULL"
                                                               " AND created_at_us < $1"
                                                               " ORDER BY created_at_us, id LIMIT $2"};
constexpr store::Sql kRefundsOfOrder{"orders.refunds_of_order", "SELECT " JANGTEO_REFUND_COLUMNS
                                                                " FROM orders_payment_refunds"
                                                                " WHERE merchant_id = $1 AND order_id = $2"
                                                                " ORDER BY created_at_us, id"};
constexpr store::Sql kPaymentById{"orders.payment_by_id", "SELECT " JANGTEO_PAYMENT_COLUMNS
                                                          " FROM orders_payments WHERE id = $1 AND merchant_id = $2"};
constexpr store::Sql kFinishRefund{"orders.finish_refund",
                                   "UPDATE orders_payment_refunds SET state = $2, provider_ref = $3, updated_at_us = $4"
                                   " WHERE id = $1 AND state = 'pending'"};
constexpr store::Sql kFailRefund{"orders.fail_refund",
                                 "UPDATE orders_payment_refunds SET state = 'failed', failure_code = $2,"
                                 " updated_at_us = $3 WHERE id = $1 AND state = 'pending'"};
constexpr store::Sql kInsertEvent{"orders.insert_payment_event",
                                  "INSERT INTO orders_payment_events (provider, event_id, event_type, received_at_us)"
                                  " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"};
constexpr store::Sql kRowsOfCharge{"orders.payments_of_charge",
                                   "SELECT amount_won, state, claim_token FROM orders_payments"
                                   " WHERE provider = $1 AND provider_ref = $2"};
constexpr store::Sql kCaptureCharge{
    "orders.capture_charge",
    "UPDATE orders_payments SET state = 'captured', captured_at_us = $3, updated_at_us = $3"
    " WHERE provider = $1 AND provider_ref = $2 AND state = 'processing' AND claim_token IS NULL"
    " RETURNING order_id, merchant_id, checkout_id"};
constexpr store::Sql kFailCharge{
    "orders.fail_charge",
    "UPDATE orders_payments SET state = 'declined', decline_code = $3, updated_at_us = $4"
    " WHERE provider = $1 AND provider_ref = $2 AND state = 'processing' AND claim_token IS NULL"
    " RETURNING order_id, merchant_id, checkout_id"};
constexpr store::Sql kRefundsOfReference{
    "orders.refunds_of_reference",
    "SELECT r.id, r.state FROM orders_payment_refunds r JOIN orders_payments p ON p.id = r.payment_id"
    " WHERE r.provider_ref = $1 AND p.provider = $2"};
constexpr store::Sql kSucceedRefund{"orders.succeed_refund",
                                    "UPDATE orders_payment_refunds SET state = 'succeeded', updated_at_us = $2"
                                    " WHERE id = $1 AND state = 'pending'"};

#undef JANGTEO_PAYMENT_COLUMNS
#undef JANGTEO_REFUND_COLUMNS

constexpr std::size_t kMaxEventIdBytes = 200;
constexpr std::size_t kMaxCodeBytes = 64;

std::optional<core::TimePoint> OptTime(const store::RowView& r, std::size_t col) {
    if (r.IsNull(col)) return std::nullopt;
    return core::FromUnixMicros(r.Int(col));
}

Payment PaymentFromRow(const store::RowView& r) {
    Payment p;
    p.id = PaymentId(r.Int(0));
    p.checkout = CheckoutId(r.Int(1));
    p.order = OrderId(r.Int(2));
    p.merchant = platform::MerchantId(r.Int(3));
    p.method = ParsePaymentMethod(r.TextView(4)).value_or(PaymentMethod::kCard);
    p.provider = r.OptText(5);
    p.amount_won = r.Int(6);
    p.state = ParsePaymentState(r.TextView(7)).value_or(PaymentState::kPending);
    p.provider_ref = r.OptText(8);
    p.decline_code = r.OptText(9);
    p.refunded_won = r.Int(10);
    if (!r.IsNull(11)) p.confirmed_by = platform::UserId(r.Int(11));
    p.created_at = core::FromUnixMicros(r.Int(12));
    p.updated_at = core::FromUnixMicros(r.Int(13));
    p.captured_at = OptTime(r, 14);
    return p;
}

std::optional<RefundState> ParseRefundState(std::string_view name) {
    if (name == "pending") return RefundState::kPending;
    if (name == "succeeded") return RefundState::kSucceeded;
    if (name == "failed") return RefundState::kFailed;
    return std::nullopt;
}

PaymentRefund RefundFromRow(const store::RowView& r) {
    PaymentRefund f;
    f.id = RefundId(r.Int(0));
    f.payment = PaymentId(r.Int(1));
    f.order = OrderId(r.Int(2));
    f.merchant = platform::MerchantId(r.Int(3));
    f.amount_won = r.Int(4);
    f.reason = r.Text(5);
    f.provider_ref = r.OptText(6);
    f.state = ParseRefundState(r.TextView(7)).value_or(RefundState::kPending);
    f.failure_code = r.OptText(8);
    if (!r.IsNull(9)) f.actor = platform::UserId(r.Int(9));
    f.created_at = core::FromUnixMicros(r.Int(10));
    return f;
}

core::Error NotFound() {
    return core::Error::NotFound("payment_not_found", "the order has no payment");
}

// A gateway's error that says it did nothing (PaymentProvider's contract), as opposed to an outcome
// that stayed unknown. A refund may also be refused for its amount or its charge (kConflict).
bool ChargeRefused(const core::Error& error) {
    return error.code == core::ErrorCode::kInvalidArgument || error.code == core::ErrorCode::kMalformed;
}
bool RefundRefused(const core::Error& error) {
    return ChargeRefused(error) || error.code == core::ErrorCode::kConflict;
}

// Codes from outside (a gateway's decline or failure code) are kept only as short snake_case words.
std::string CleanCode(std::string_view code, std::string_view fallback) {
    if (code.empty() || code.size() > kMaxCodeBytes) return std::string(fallback);
    for (char c : code) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::string(fallback);
    }
    return std::string(code);
}

}  // namespace

std::string_view PaymentStateName(PaymentState state) {
    switch (state) {
        case PaymentState::kPending: return "pending";
        case PaymentState::kProcessing: return "processing";
        case PaymentState::kCaptured: return "captured";
        case PaymentState::kDeclined: return "declined";
        case PaymentState::kCancelled: return "cancelled";
    }
    return "pending";
}

std::optional<PaymentState> ParsePaymentState(std::string_view name) {
    if (name == "pending") return PaymentState::kPending;
    if (name == "processing") return PaymentState::kProcessing;
    if (name == "captured") return PaymentState::kCaptured;
    if (name == "declined") return PaymentState::kDeclined;
    if (name == "cancelled") return PaymentState::kCancelled;
    return std::nullopt;
}

std::string_view RefundStateName(RefundState state) {
    switch (state) {
        case RefundState::kPending: return "pending";
        case RefundState::kSucceeded: return "succeeded";
        case RefundState::kFailed: return "failed";
    }
    return "pending";
}

// What a ChargeCard holds between its claim and its record.
struct PaymentService::Claim {
    CheckoutId checkout;
    std::int64_t token = 0;
    std::string charge_key;
    std::string provider;
    std::int64_t total_won = 0;
    std::int64_t rows = 0;
};

PaymentService::PaymentService(store::Db& db, core::Clock& clock, core::Random& random,
                               const PaymentProviders& providers, PaymentOptions options)
    : db_(db), clock_(clock), random_(random), providers_(providers), options_(std::move(options)) {}

core::Result<std::vector<Payment>> PaymentService::CreatePendingInTx(store::Tx& tx, const PendingPaymentsInput& input) {
    std::vector<core::FieldError> fields;
    if (!input.checkout.valid()) fields.push_back({"checkout_id", "required", "is required"});
    bool card = input.method == PaymentMethod::kCard;
    std::string provider = card && input.provider.empty() ? options_.default_card_provider : input.provider;
    if (!card && !provider.empty()) {
        fields.push_back({"provider", "not_for_method", "only card payments go through a provider"});
    }
    if (input.orders.empty()) {
        fields.push_back({"orders", "required", "at least one order is paid"});
    } else if (input.orders.size() > kMaxPaymentOrdersPerCheckout) {
        fields.push_back({"orders", "too_many", "at most 100 orders are paid at once"});
    }
    std::set<std::pair<std::int64_t, std::int64_t>> seen;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < input.orders.size() && i < kMaxPaymentOrdersPerCheckout; ++i) {
        const OrderAmount& o = input.orders[i];
        std::string at = "orders[" + std::to_string(i) + "].";
        if (!o.order.valid()) {
            fields.push_back({at + "order_id", "required", "is required"});
        } else if (!seen.insert({o.merchant.key(), o.order.key()}).second) {
            fields.push_back({at + "order_id", "duplicate", "is paid twice"});
        }
        if (!o.merchant.valid()) fields.push_back({at + "merchant_id", "required", "is required"});
        if (o.amount_won <= 0 || o.amount_won > kMaxPaymentWon) {
            fields.push_back({at + "amount_won", "out_of_range", "must be 1 to 1,000,000,000,000 won"});
        } else {
            total += o.amount_won;  // at most 100 × 10^12: no overflow
        }
    }
    if (card && total > kMaxPaymentWon) {
        fields.push_back({"orders", "total_out_of_range", "a card charge is at most 1,000,000,000,000 won"});
    }
    if (!fields.empty()) return core::Error::Invalid("invalid_payment", "the payment is not valid", std::move(fields));
    if (card && providers_.Find(provider) == nullptr) {
        return core::Error::FailedPrecondition("unknown_provider", "no payment provider '" + provider + "'");
    }

    std::int64_t now = core::ToUnixMicros(clock_.Now());
    std::vector<Payment> out;
    out.reserve(input.orders.size());
    for (const OrderAmount& o : input.orders) {
        PaymentId id = PaymentId::New(random_);
        JANGTEO_TRY(
            std::int64_t inserted,
            tx.Exec(kInsertPayment,
                    {id.key(), input.checkout.key(), o.order.key(), o.merchant.key(), PaymentMethodName(input.method),
                     card ? store::Value(std::string_view(provider)) : store::Value(nullptr), o.amount_won, now}));
        if (inserted != 1) {
            JANGTEO_TRY(store::Rows existing, tx.Query(kPaymentOfOrder, {o.merchant.key(), o.order.key()}));
            if (!existing.empty()) {
                return core::Error::AlreadyExists("payment_exists",
                                                  "order " + o.order.ToString() + " already has a payment");
            }
            return core::Error::Unavailable("payment_id_clash", "please try again");
        }
        JANGTEO_TRY(store::Rows row, tx.Query(kPaymentOfOrder, {o.merchant.key(), o.order.key()}));
        if (row.empty()) return core::Error::Internal("payment_lost", "a payment just written cannot be read");
        out.push_back(PaymentFromRow(row[0]));
    }
    return out;
}

core::Result<PaymentService::Claim> PaymentService::ClaimCardRows(CheckoutId checkout) {
    return db_.Write([&](store::Tx& tx) -> core::Result<Claim> {
        core::TimePoint now = clock_.Now();
        std::int64_t stale_before = core::ToUnixMicros(now - options_.charge_claim_lease);
        JANGTEO_TRY(store::Rows rows, tx.Query(kCardRowsOfCheckout, {checkout.key()}));
        if (rows.empty()) return core::Error::NotFound("payment_not_found", "the checkout has no card payment");
        Claim claim;
        claim.checkout = checkout;
        std::optional<std::string> unknown_outcome_key;
        bool cancelled_only = true;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            store::RowView r = rows[i];
            PaymentState state = ParsePaymentState(r.TextView(7)).value_or(PaymentState::kPending);
            bool stale = state == PaymentState::kProcessing && !r.IsNull(16) && r.Int(17) < stale_before;
            if (state == PaymentState::kCaptured) {
                return core::Error::Conflict("already_paid", "the checkout is paid already");
            }
            if (state == PaymentState::kProcessing && !stale) {
                return core::Error::Conflict("payment_in_progress", "a charge of this checkout is under way");
            }
            if (state == PaymentState::kCancelled) continue;
            cancelled_only = false;
            // A key of an attempt whose outcome was never learnt (released, or a claim that died) is
            // asked again; a declined attempt's key is done with.
            if (state != PaymentState::kDeclined && !r.IsNull(15) && !unknown_outcome_key) {
                unknown_outcome_key = r.Text(15);
            }
            claim.provider = r.Text(5);
            claim.total_won += r.Int(6);
            ++claim.rows;
        }
        if (cancelled_only) return core::Error::Conflict("payment_cancelled", "the checkout's payment is cancelled");
        if (providers_.Find(claim.provider) == nullptr) {
            return core::Error::FailedPrecondition("unknown_provider", "no payment provider '" + claim.provider + "'");
        }
        claim.charge_key = unknown_outcome_key ? *unknown_outcome_key : checkout.ToString() + "-" + random_.Hex(8);
        claim.token = static_cast<std::int64_t>(random_.NextU64() >> 1) | 1;
        JANGTEO_TRY(std::int64_t claimed, tx.Exec(kClaimCardRows, {checkout.key(), claim.token, core::ToUnixMicros(now),
                                                                   std::string_view(claim.charge_key), stale_before}));
        if (claimed != claim.rows) {
            // Another call changed the rows between the read and the update: it holds them now.
            return core::Error::Conflict("payment_in_progress", "a charge of this checkout is under way");
        }
        return claim;
    });
}

core::Status PaymentService::ReleaseClaim(const Claim& claim, bool keep_charge_key) {
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.Exec(
            kReleaseClaim, {claim.checkout.key(), claim.token,
                            keep_charge_key ? store::Value(std::string_view(claim.charge_key)) : store::Value(nullptr),
                            core::ToUnixMicros(clock_.Now())}));
        return {};
    });
}

core::Result<CardChargeResult> PaymentService::RecordCharge(const Claim& claim, const ChargeResult& result,
                                                            const PaidHook& on_paid) {
    std::string reference = result.reference;
    std::string decline = CleanCode(result.decline_code, "card_declined");
    return db_.Write([&](store::Tx& tx) -> core::Result<CardChargeResult> {
        std::int64_t now = core::ToUnixMicros(clock_.Now());
        store::Value ref = reference.empty() ? store::Value(nullptr) : store::Value(std::string_view(reference));
        CardChargeResult out;
        out.status = result.status;
        out.amount_won = claim.total_won;
        out.provider_ref = reference;
        std::int64_t recorded = 0;
        switch (result.status) {
            case ChargeStatus::kCaptured: {
                JANGTEO_TRY(store::Rows rows, tx.Query(kRecordCaptured, {claim.checkout.key(), claim.token, ref, now}));
                recorded = static_cast<std::int64_t>(rows.size());
                for (std::size_t i = 0; i < rows.size(); ++i) {
                    out.paid.push_back({platform::MerchantId(rows[i].Int(1)), OrderId(rows[i].Int(0)), claim.checkout});
                }
                break;
            }
            case ChargeStatus::kDeclined: {
                out.decline_code = decline;
                JANGTEO_TRY(recorded, tx.Exec(kRecordDeclined, {claim.checkout.key(), claim.token, ref,
                                                                std::string_view(decline), now}));
                break;
            }
            case ChargeStatus::kPending: {
                if (reference.empty()) {
                    return core::Error::Internal("gateway_no_reference",
                                                 "the gateway's pending charge has no reference");
                }
                JANGTEO_TRY(recorded, tx.Exec(kRecordGatewayPending, {claim.checkout.key(), claim.token, ref, now}));
                break;
            }
        }
        if (recorded != claim.rows) {
            // The claim ran out and another call took the rows over; it asks the gateway with the same
            // key and records the same outcome.
            return core::Error::Conflict("payment_in_progress", "another call is recording this checkout's charge");
        }
        if (on_paid && !out.paid.empty()) {
            std::sort(out.paid.begin(), out.paid.end(),
                      [](const PaidOrder& a, const PaidOrder& b) { return a.order < b.order; });
            JANGTEO_TRY_STATUS(on_paid(tx, out.paid));
        }
        JANGTEO_TRY(store::Rows rows, tx.Query(kCardRowsOfCheckout, {claim.checkout.key()}));
        for (std::size_t i = 0; i < rows.size(); ++i) out.payments.push_back(PaymentFromRow(rows[i]));
        return out;
    });
}

core::Result<CardChargeResult> PaymentService::ChargeCard(CheckoutId checkout, const CardInput& card,
                                                          const PaidHook& on_paid) {
    if (!checkout.valid())
        return core::Error::Invalid("invalid_card", "no checkout", {{"checkout_id", "required", "is required"}});
    JANGTEO_TRY(CardInput normalized, NormalizeCardInput(card));
    JANGTEO_TRY(Claim claim, ClaimCardRows(checkout));
    PaymentProvider* provider = providers_.Find(claim.provider);  // found by the claim
    auto charged = provider->Charge(
        {.checkout = checkout, .amount_won = claim.total_won, .card = normalized, .idempotency_key = claim.charge_key});
    if (!charged.ok()) {
        bool refused = ChargeRefused(charged.error());
        if (auto released = ReleaseClaim(claim, !refused); !released.ok()) {
            // The claim runs out by itself; the next call after its lease asks again with the same key.
            core::log::Warn("payment_claim_not_released",
                            {{"checkout", checkout.ToString()}, {"error", released.error().message}});
        }
        return std::move(charged).error();
    }
    if (charged->amount_won != claim.total_won && charged->status != ChargeStatus::kDeclined) {
        // Left claimed for a person to look at: the gateway took another amount than asked.
        core::log::Error("payment_amount_mismatch", {{"checkout", checkout.ToString()},
                                                     {"asked_won", claim.total_won},
                                                     {"charged_won", charged->amount_won},
                                                     {"reference", charged->reference}});
        return core::Error::Internal("gateway_amount_mismatch", "the gateway charged another amount than asked");
    }
    return RecordCharge(claim, *charged, on_paid);
}

core::Result<Payment> PaymentService::ConfirmInTx(store::Tx& tx, platform::MerchantId merchant, OrderId order,
                                                  platform::UserId confirmed_by) {
    if (!confirmed_by.valid()) {
        return core::Error::Invalid("invalid_confirmation", "who confirms the payment is required",
                                    {{"confirmed_by", "required", "is required"}});
    }
    JANGTEO_TRY(Payment p, ForOrderInTx(tx, merchant, order));
    if (p.method == PaymentMethod::kCard) {
        return core::Error::Conflict("settled_by_gateway", "a card payment is settled by its gateway");
    }
    JANGTEO_TRY(std::int64_t changed,
                tx.Exec(kConfirm, {merchant.key(), order.key(), confirmed_by.key(), core::ToUnixMicros(clock_.Now())}));
    if (changed != 1) {
        JANGTEO_TRY(Payment now, ForOrderInTx(tx, merchant, order));
        if (now.state == PaymentState::kCaptured)
            return core::Error::Conflict("already_paid", "the order is paid already");
        return core::Error::Conflict("payment_cancelled", "the order's payment is cancelled");
    }
    return ForOrderInTx(tx, merchant, order);
}

core::Result<Payment> PaymentService::CancelPendingInTx(store::Tx& tx, platform::MerchantId merchant, OrderId order) {
    JANGTEO_TRY(Payment p, ForOrderInTx(tx, merchant, order));
    if (p.state == PaymentState::kCancelled) return p;
    JANGTEO_TRY(std::int64_t changed,
                tx.Exec(kCancel, {merchant.key(), order.key(), core::ToUnixMicros(clock_.Now())}));
    if (changed != 1) {
        JANGTEO_TRY(Payment now, ForOrderInTx(tx, merchant, order));
        if (now.state == PaymentState::kCaptured)
            return core::Error::Conflict("already_paid", "the order is paid already");
        if (now.state == PaymentState::kCancelled) return now;
        return core::Error::Conflict("payment_in_progress", "a card charge of the order is under way");
    }
    return ForOrderInTx(tx, merchant, order);
}

core::Result<PaymentRefund> PaymentService::RefundInTx(store::Tx& tx, platform::MerchantId merchant, OrderId order,
                                                       const RefundInput& input) {
    std::vector<core::FieldError> fields;
    if (input.amount_won <= 0 || input.amount_won > kMaxPaymentWon) {
        fields.push_back({"amount_won", "out_of_range", "must be 1 to 1,000,000,000,000 won"});
    }
    std::string reason;
    if (auto r = core::NormalizeText(input.reason, "reason", {.max_code_points = kMaxRefundReasonCodePoints}); r.ok()) {
        reason = std::move(*r);
    } else {
        fields.push_back(r.error().fields.front());
    }
    if (!fields.empty()) return core::Error::Invalid("invalid_refund", "the refund is not valid", std::move(fields));

    JANGTEO_TRY(Payment p, ForOrderInTx(tx, merchant, order));
    if (p.state != PaymentState::kCaptured) return core::Error::Conflict("not_captured", "the order is not paid");
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(std::int64_t reserved, tx.Exec(kReserveRefund, {p.id.key(), merchant.key(), input.amount_won, now}));
    if (reserved != 1) {
        JANGTEO_TRY(Payment fresh, ForOrderInTx(tx, merchant, order));
        return core::Error::Invalid(
            "invalid_refund", "the refund is more than what is left to refund",
            {{"amount_won", "exceeds_refundable",
              "at most " + std::to_string(fresh.amount_won - fresh.refunded_won) + " won can still be refunded"}});
    }
    // Money the merchant pays back itself is done when recorded; a card's waits for its gateway.
    RefundState state = p.method == PaymentMethod::kCard ? RefundState::kPending : RefundState::kSucceeded;
    RefundId id = RefundId::New(random_);
    JANGTEO_TRY_STATUS(
        tx.Exec(kInsertRefund,
                {id.key(), p.id.key(), order.key(), merchant.key(), input.amount_won, std::string_view(reason),
                 RefundStateName(state), input.actor ? store::Value(input.actor->key()) : store::Value(nullptr), now}));
    JANGTEO_TRY(store::Rows rows, tx.Query(kRefundById, {id.key(), merchant.key()}));
    if (rows.empty()) return core::Error::Internal("refund_lost", "a refund just written cannot be read");
    return RefundFromRow(rows[0]);
}

core::Result<std::vector<PaymentRefund>> PaymentService::PendingRefunds(core::TimePoint before, int limit) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kPendingRefunds, {core::ToUnixMicros(before), std::int64_t{limit}});
    }));
    std::vector<PaymentRefund> out;
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(RefundFromRow(rows[i]));
    return out;
}

core::Result<PaymentRefund> PaymentService::CompleteRefund(platform::MerchantId merchant, RefundId refund,
                                                           const RefundHook& on_refused) {
    struct Pending {
        PaymentRefund refund;
        Payment payment;
    };
    auto read = [&](store::Tx& tx) -> core::Result<Pending> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kRefundById, {refund.key(), merchant.key()}));
        if (rows.empty()) return core::Error::NotFound("refund_not_found", "no such refund");
        PaymentRefund f = RefundFromRow(rows[0]);
        JANGTEO_TRY(store::Rows pay, tx.Query(kPaymentById, {f.payment.key(), merchant.key()}));
        if (pay.empty()) return core::Error::Internal("refund_without_payment", "a refund's payment is missing");
        return Pending{std::move(f), PaymentFromRow(pay[0])};
    };
    JANGTEO_TRY(Pending pending, db_.Read(read));
    // Done, failed, or waiting for the gateway's webhook: nothing to ask.
    if (pending.refund.state != RefundState::kPending || pending.refund.provider_ref) return pending.refund;
    const Payment& p = pending.payment;
    PaymentProvider* provider = p.provider ? providers_.Find(*p.provider) : nullptr;
    if (provider == nullptr || !p.provider_ref) {
        return core::Error::FailedPrecondition("unknown_provider", "the payment's gateway is not configured");
    }
    auto refunded = provider->Refund({.charge_reference = *p.provider_ref,
                                      .amount_won = pending.refund.amount_won,
                                      .reason = pending.refund.reason,
                                      .idempotency_key = refund.ToString()});
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    if (!refunded.ok()) {
        if (!RefundRefused(refunded.error())) return std::move(refunded).error();  // unknown: stays pending
        std::string code = CleanCode(refunded.error().reason, "refund_refused");
        JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(std::int64_t failed, tx.Exec(kFailRefund, {refund.key(), std::string_view(code), now}));
            if (failed == 1) {
                JANGTEO_TRY_STATUS(tx.Exec(kReturnRefund, {p.id.key(), pending.refund.amount_won, now}));
                if (on_refused) JANGTEO_TRY_STATUS(on_refused(tx, pending.refund));
            }
            return {};
        }));
        return std::move(refunded).error();
    }
    RefundState state = refunded->status == RefundStatus::kSucceeded ? RefundState::kSucceeded : RefundState::kPending;
    return db_.Write([&](store::Tx& tx) -> core::Result<PaymentRefund> {
        JANGTEO_TRY_STATUS(
            tx.Exec(kFinishRefund, {refund.key(), RefundStateName(state), std::string_view(refunded->reference), now}));
        JANGTEO_TRY(Pending after, read(tx));
        return after.refund;
    });
}

core::Result<PaymentRefund> PaymentService::Refund(platform::MerchantId merchant, OrderId order,
                                                   const RefundInput& input) {
    JANGTEO_TRY(PaymentRefund made, db_.Write([&](store::Tx& tx) { return RefundInTx(tx, merchant, order, input); }));
    if (made.state != RefundState::kPending) return made;
    return CompleteRefund(merchant, made.id);
}

core::Result<std::vector<PaymentEvent>> PaymentService::VerifyWebhook(std::string_view provider,
                                                                      const WebhookHeaders& headers,
                                                                      std::string_view body) {
    PaymentProvider* p = providers_.Find(provider);
    if (p == nullptr) return core::Error::NotFound("unknown_provider", "no such payment provider");
    return p->ParseWebhook(headers, body);
}

core::Result<WebhookOutcome> PaymentService::ApplyEventsInTx(store::Tx& tx, std::string_view provider,
                                                             const std::vector<PaymentEvent>& events) {
    WebhookOutcome out;
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    auto not_recorded = [] {
        return core::Error::Unavailable("payment_not_recorded",
                                        "the event is about a charge not recorded yet; deliver it again later");
    };
    for (const PaymentEvent& e : events) {
        if (e.id.empty() || e.id.size() > kMaxEventIdBytes) {
            return core::Error::Malformed("bad_webhook_body", "an event has no usable id");
        }
        std::string type(e.type == PaymentEventType::kOther ? std::string_view("other") : PaymentEventTypeName(e.type));
        JANGTEO_TRY(std::int64_t fresh,
                    tx.Exec(kInsertEvent, {provider, std::string_view(e.id), std::string_view(type), now}));
        if (fresh != 1) {
            ++out.duplicates;
            continue;
        }
        ++out.applied;
        switch (e.type) {
            case PaymentEventType::kPaymentCaptured:
            case PaymentEventType::kPaymentFailed: {
                JANGTEO_TRY(store::Rows rows,
                            tx.Query(kRowsOfCharge, {provider, std::string_view(e.charge_reference)}));
                if (rows.empty()) return not_recorded();
                std::int64_t total = 0;
                bool open = false;
                for (std::size_t i = 0; i < rows.size(); ++i) {
                    total += rows[i].Int(0);
                    if (rows[i].TextView(1) == "processing") open = true;
                }
                if (!open) break;  // settled before (the charge's own answer, or an earlier event)
                if (e.type == PaymentEventType::kPaymentCaptured) {
                    if (e.amount_won != total) {
                        core::log::Error("payment_event_amount_mismatch", {{"provider", provider},
                                                                           {"event", e.id},
                                                                           {"expected_won", total},
                                                                           {"event_won", e.amount_won}});
                        return core::Error::FailedPrecondition("amount_mismatch",
                                                               "the captured amount differs from the payments'");
                    }
                    JANGTEO_TRY(store::Rows paid,
                                tx.Query(kCaptureCharge, {provider, std::string_view(e.charge_reference), now}));
                    for (std::size_t i = 0; i < paid.size(); ++i) {
                        out.paid.push_back({platform::MerchantId(paid[i].Int(1)), OrderId(paid[i].Int(0)),
                                            CheckoutId(paid[i].Int(2))});
                    }
                } else {
                    std::string code = CleanCode(e.failure_code, "card_declined");
                    JANGTEO_TRY(store::Rows failed,
                                tx.Query(kFailCharge, {provider, std::string_view(e.charge_reference),
                                                       std::string_view(code), now}));
                    for (std::size_t i = 0; i < failed.size(); ++i) {
                        out.declined.push_back({platform::MerchantId(failed[i].Int(1)), OrderId(failed[i].Int(0)),
                                                CheckoutId(failed[i].Int(2))});
                    }
                }
                break;
            }
            case PaymentEventType::kRefundSucceeded: {
                JANGTEO_TRY(store::Rows refunds,
                            tx.Query(kRefundsOfReference, {std::string_view(e.refund_reference), provider}));
                if (refunds.empty()) return not_recorded();
                for (std::size_t i = 0; i < refunds.size(); ++i) {
                    JANGTEO_TRY(std::int64_t done, tx.Exec(kSucceedRefund, {refunds[i].Int(0), now}));
                    if (done == 1) out.refunded.push_back(RefundId(refunds[i].Int(0)));
                }
                break;
            }
            case PaymentEventType::kOther: break;  // recorded, so that its repeats are quiet too
        }
    }
    std::sort(out.paid.begin(), out.paid.end(),
              [](const PaidOrder& a, const PaidOrder& b) { return a.order < b.order; });
    return out;
}

core::Result<WebhookOutcome> PaymentService::HandleWebhook(std::string_view provider, const WebhookHeaders& headers,
                                                           std::string_view body, const PaidHook& on_paid) {
    JANGTEO_TRY(std::vector<PaymentEvent> events, VerifyWebhook(provider, headers, body));
    return db_.Write([&](store::Tx& tx) -> core::Result<WebhookOutcome> {
        JANGTEO_TRY(WebhookOutcome out, ApplyEventsInTx(tx, provider, events));
        if (on_paid && !out.paid.empty()) JANGTEO_TRY_STATUS(on_paid(tx, out.paid));
        return out;
    });
}

core::Result<Payment> PaymentService::ForOrderInTx(store::Tx& tx, platform::MerchantId merchant, OrderId order) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kPaymentOfOrder, {merchant.key(), order.key()}));
    if (rows.empty()) return NotFound();
    return PaymentFromRow(rows[0]);
}

core::Result<Payment> PaymentService::ForOrder(platform::MerchantId merchant, OrderId order) {
    return db_.Read([&](store::Tx& tx) { return ForOrderInTx(tx, merchant, order); });
}

core::Result<std::vector<PaymentRefund>> PaymentService::RefundsOfOrder(platform::MerchantId merchant, OrderId order) {
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<PaymentRefund>> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kRefundsOfOrder, {merchant.key(), order.key()}));
        std::vector<PaymentRefund> out;
        for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(RefundFromRow(rows[i]));
        return out;
    });
}

core::Result<std::vector<Payment>> PaymentService::ForCheckoutInTx(store::Tx& tx, CheckoutId checkout) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kPaymentsOfCheckout, {checkout.key()}));
    std::vector<Payment> out;
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(PaymentFromRow(rows[i]));
    return out;
}

core::Result<std::vector<Payment>> PaymentService::ForCheckout(CheckoutId checkout) {
    return db_.Read([&](store::Tx& tx) { return ForCheckoutInTx(tx, checkout); });
}

}  // namespace jangteo::orders
