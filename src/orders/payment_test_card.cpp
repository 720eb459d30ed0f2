#include "orders/payment_test_card.hpp"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "core/json.hpp"
#include "orders/payment_webhook.hpp"

namespace jangteo::orders {

namespace {

constexpr store::Sql kFindCharge{"orders.test_gateway_find_charge",
                                 "SELECT reference, amount_won, state, decline_code FROM orders_test_gateway_charges"
                                 " WHERE idempotency_key = $1"};
constexpr store::Sql kInsertCharge{
    "orders.test_gateway_insert_charge",
    "INSERT INTO orders_test_gateway_charges (reference, idempotency_key, amount_won, refunded_won, state,"
    " decline_code, card_last4, created_at_us, updated_at_us) VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $7)"
    " ON CONFLICT DO NOTHING"};
constexpr store::Sql kChargeByReference{"orders.test_gateway_charge_by_reference",
                                        "SELECT amount_won, refunded_won, state FROM orders_test_gateway_charges"
                                        " WHERE reference = $1"};
constexpr store::Sql kSettleCharge{"orders.test_gateway_settle_charge",
                                   "UPDATE orders_test_gateway_charges SET state = $2, decline_code = $3,"
                                   " updated_at_us = $4 WHERE reference = $1 AND state = 'pending'"};
constexpr store::Sql kFindRefund{"orders.test_gateway_find_refund",
                                 "SELECT reference, charge_reference, amount_won FROM orders_test_gateway_refunds"
                                 " WHERE idempotency_key = $1"};
// The refundable rest is taken by a compare-and-set, so two refunds racing on one charge cannot
// together pay back more than was captured.
constexpr store::Sql kTakeRefund{"orders.test_gateway_take_refund",
                                 "UPDATE orders_test_gateway_charges SET refunded_won = refunded_won + $2,"
                                 " updated_at_us = $3 WHERE reference = $1 AND state = 'captured'"
                                 " AND refunded_won + $2 <= amount_won"};
constexpr store::Sql kInsertRefund{"orders.test_gateway_insert_refund",
                                   "INSERT INTO orders_test_gateway_refunds (reference, charge_reference,"
                                   " idempotency_key, amount_won, created_at_us) VALUES ($1, $2, $3, $4, $5)"
                                   " ON CONFLICT DO NOTHING"};

constexpr std::size_t kMinSecretBytes = 16;
constexpr std::size_t kMaxKeyBytes = 200;
constexpr std::int64_t kMaxAmountWon = 1'000'000'000'000;

ChargeStatus StatusOfState(std::string_view state) {
    if (state == "captured") return ChargeStatus::kCaptured;
    if (state == "pending") return ChargeStatus::kPending;
    return ChargeStatus::kDeclined;  // declined, or a pending charge that failed
}

std::string_view StateOfStatus(ChargeStatus status) {
    switch (status) {
        case ChargeStatus::kCaptured: return "captured";
        case ChargeStatus::kPending: return "pending";
        case ChargeStatus::kDeclined: return "declined";
    }
    return "declined";
}

bool AllDigits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

core::Status CheckRequest(std::int64_t amount_won, std::string_view key) {
    std::vector<core::FieldError> fields;
    if (amount_won <= 0 || amount_won > kMaxAmountWon) {
        fields.push_back({"amount_won", "out_of_range", "must be 1 to 1,000,000,000,000 won"});
    }
    if (key.empty() || key.size() > kMaxKeyBytes) {
        fields.push_back({"idempotency_key", "invalid_key", "must be 1 to 200 bytes"});
    }
    if (!fields.empty())
        return core::Error::Invalid("invalid_gateway_request", "the gateway refused the request", fields);
    return {};
}

}  // namespace

bool LuhnValid(std::string_view digits) {
    if (digits.size() < 2 || !AllDigits(digits)) return false;
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

TestCardDecision DecideTestCard(std::string_view number, std::string_view expiry, std::string_view cvc,
                                core::TimePoint now) {
    if (!LuhnValid(number)) return {ChargeStatus::kDeclined, "invalid_number"};
    bool expiry_ok =
        expiry.size() == 5 && expiry[2] == '/' && AllDigits(expiry.substr(0, 2)) && AllDigits(expiry.substr(3));
    if (expiry_ok) {
        int month = (expiry[0] - '0') * 10 + (expiry[1] - '0');
        int year = 2000 + (expiry[3] - '0') * 10 + (expiry[4] - '0');
        // The card is good through the last day of its month, on the calendar of Korea (UTC+9).
        auto korea = std::chrono::floor<std::chrono::days>(now + std::chrono::hours(9));
        std::chrono::year_month_day today{korea};
        int this_year = static_cast<int>(today.year());
        int this_month = static_cast<int>(static_cast<unsigned>(today.month()));
        expiry_ok = month >= 1 && month <= 12 && (year > this_year || (year == this_year && month >= this_month));
    }
    if (!expiry_ok) return {ChargeStatus::kDeclined, "expired_card"};
    if (cvc.size() != 3 || !AllDigits(cvc)) return {ChargeStatus::kDeclined, "invalid_cvc"};
    if (number == "4000000000000002") return {ChargeStatus::kDeclined, "card_declined"};
    if (number == "4000000000009995") return {ChargeStatus::kDeclined, "insufficient_funds"};
    if (number == "4000000000000077") return {ChargeStatus::kPending, ""};
    return {ChargeStatus::kCaptured, ""};
}

TestCardProvider::TestCardProvider(store::Db& db, core::Clock& clock, core::Random& random, TestCardOptions options)
    : db_(db), clock_(clock), random_(random), options_(std::move(options)) {
    if (options_.webhook_secret.size() < kMinSecretBytes) {
        throw std::invalid_argument("the test card gateway's webhook secret must be at least 16 bytes");
    }
}

core::Result<ChargeResult> TestCardProvider::Charge(const ChargeRequest& request) {
    JANGTEO_TRY_STATUS(CheckRequest(request.amount_won, request.idempotency_key));
    core::TimePoint now = clock_.Now();
    std::string number = request.card.number;
    std::string expiry = request.card.expiry;
    std::string cvc = request.card.cvc;
    TestCardDecision decision;
    if (!request.card.token.empty()) {
        // A token of the test window: "tok_<card number>", a card with a valid expiry and CVC.
        std::string_view token = request.card.token;
        if (token.starts_with("tok_") && AllDigits(token.substr(4))) {
            number = std::string(token.substr(4));
            decision = DecideTestCard(number, "12/99", "123", now);
        } else {
            decision = {ChargeStatus::kDeclined, "invalid_token"};
        }
    } else {
        decision = DecideTestCard(number, expiry, cvc, now);
    }
    std::string last4 = number.size() >= 4 ? number.substr(number.size() - 4) : number;
    std::string reference = "tgc_" + random_.Hex(12);

    return db_.Write([&](store::Tx& tx) -> core::Result<ChargeResult> {
        JANGTEO_TRY(store::Rows found, tx.Query(kFindCharge, {std::string_view(request.idempotency_key)}));
        if (found.empty()) {
            std::optional<std::string> decline;
            if (decision.status == ChargeStatus::kDeclined) decline = decision.decline_code;
            JANGTEO_TRY(
                std::int64_t inserted,
                tx.Exec(kInsertCharge, {std::string_view(reference), std::string_view(request.idempotency_key),
                                        request.amount_won, StateOfStatus(decision.status),
                                        decline ? store::Value(std::string_view(*decline)) : store::Value(nullptr),
                                        std::string_view(last4), core::ToUnixMicros(now)}));
            if (inserted == 1) {
                return ChargeResult{decision.status, reference, request.amount_won, decision.decline_code};
            }
            // Another call with the same key got there first: answer its outcome on a fresh attempt.
            return core::Error::Unavailable(std::string(store::kRetryReason), "idempotency key taken meanwhile");
        }
        if (found[0].Int(1) != request.amount_won) {
            return core::Error::Conflict("idempotency_key_reused",
                                         "this idempotency key was used for a charge of another amount");
        }
        return ChargeResult{StatusOfState(found[0].TextView(2)), found[0].Text(0), found[0].Int(1), found[0].Text(3)};
    });
}

core::Result<RefundResult> TestCardProvider::Refund(const RefundRequest& request) {
    JANGTEO_TRY_STATUS(CheckRequest(request.amount_won, request.idempotency_key));
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    std::string reference = "tgr_" + random_.Hex(12);
    return db_.Write([&](store::Tx& tx) -> core::Result<RefundResult> {
        JANGTEO_TRY(store::Rows found, tx.Query(kFindRefund, {std::string_view(request.idempotency_key)}));
        if (!found.empty()) {
            if (found[0].TextView(1) != request.charge_reference || found[0].Int(2) != request.amount_won) {
                return core::Error::Conflict("idempotency_key_reused",
                                             "this idempotency key was used for another refund");
            }
            return RefundResult{RefundStatus::kSucceeded, found[0].Text(0)};
        }
        JANGTEO_TRY(std::int64_t taken,
                    tx.Exec(kTakeRefund, {std::string_view(request.charge_reference), request.amount_won, now}));
        if (taken != 1) {
            JANGTEO_TRY(store::Rows charge, tx.Query(kChargeByReference, {std::string_view(request.charge_reference)}));
            if (charge.empty() || charge[0].TextView(2) != "captured") {
                return core::Error::Conflict("charge_not_refundable", "the charge is unknown or not captured");
            }
            return core::Error::Conflict("refund_exceeds_charge",
                                         "at most " + std::to_string(charge[0].Int(0) - charge[0].Int(1)) +
                                             " won of the charge can still be refunded");
        }
        JANGTEO_TRY(std::int64_t inserted,
                    tx.Exec(kInsertRefund, {std::string_view(reference), std::string_view(request.charge_reference),
                                            std::string_view(request.idempotency_key), request.amount_won, now}));
        if (inserted != 1) {
            return core::Error::Unavailable(std::string(store::kRetryReason), "idempotency key taken meanwhile");
        }
        return RefundResult{RefundStatus::kSucceeded, reference};
    });
}

core::Result<std::vector<PaymentEvent>> TestCardProvider::ParseWebhook(const WebhookHeaders& headers,
                                                                       std::string_view body) {
    JANGTEO_TRY_STATUS(
        VerifyWebhookSignature(options_.webhook_secret, FindHeader(headers, kSignatureHeader), body, clock_.Now()));
    auto bad = [](std::string message) { return core::Error::Malformed("bad_webhook_body", std::move(message)); };
    auto parsed = core::ParseJsonObject(body);
    if (!parsed.ok()) return bad("the webhook body is not a JSON object: " + parsed.error().message);
    const core::json::object& doc = *parsed;
    auto text = [](const core::json::object& o, std::string_view key) -> std::optional<std::string> {
        const core::json::value* v = o.if_contains(key);
        if (!v || !v->is_string()) return std::nullopt;
        return std::string(v->get_string());
    };
    PaymentEvent event;
    auto id = text(doc, "id");
    auto type = text(doc, "type");
    const core::json::value* data_value = doc.if_contains("data");
    if (!id || id->empty() || id->size() > 200 || !type || !data_value || !data_value->is_object()) {
        return bad("the webhook body needs id, type and data");
    }
    const core::json::object& data = data_value->get_object();
    event.id = *id;
    event.type_name = *type;
    event.type = ParsePaymentEventType(*type);
    event.charge_reference = text(data, "charge_reference").value_or("");
    event.refund_reference = text(data, "refund_reference").value_or("");
    event.failure_code = text(data, "failure_code").value_or("");
    if (const core::json::value* amount = data.if_contains("amount_won"); amount && amount->is_int64()) {
        event.amount_won = amount->get_int64();
    }
    if (event.type != PaymentEventType::kOther && event.charge_reference.empty()) {
        return bad("the webhook event names no charge_reference");
    }
    if (event.type == PaymentEventType::kRefundSucceeded && event.refund_reference.empty()) {
        return bad("the refund event names no refund_reference");
    }
    return std::vector<PaymentEvent>{std::move(event)};
}

core::Result<WebhookDelivery> TestCardProvider::SettlePending(std::string_view reference, bool capture) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(std::int64_t amount, db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        JANGTEO_TRY(store::Rows charge, tx.Query(kChargeByReference, {reference}));
        if (charge.empty()) return core::Error::NotFound("charge_not_found", "no such test gateway charge");
        std::optional<std::string_view> decline;
        if (!capture) decline = std::string_view("card_declined");
        JANGTEO_TRY(std::int64_t settled,
                    tx.Exec(kSettleCharge, {reference, std::string_view(capture ? "captured" : "failed"),
                                            decline ? store::Value(*decline) : store::Value(nullptr), now}));
        if (settled != 1) return core::Error::Conflict("charge_not_pending", "the charge was settled before");
        return charge[0].Int(0);
    }));
    PaymentEvent event;
    event.type = capture ? PaymentEventType::kPaymentCaptured : PaymentEventType::kPaymentFailed;
    event.charge_reference = std::string(reference);
    event.amount_won = amount;
    if (!capture) event.failure_code = "card_declined";
    return Deliver(std::move(event));
}

WebhookDelivery TestCardProvider::Deliver(PaymentEvent event) {
    if (event.id.empty()) event.id = "evt_" + random_.Hex(12);
    std::string_view type =
        event.type == PaymentEventType::kOther ? std::string_view(event.type_name) : PaymentEventTypeName(event.type);
    core::json::object data{{"charge_reference", event.charge_reference}, {"amount_won", event.amount_won}};
    if (!event.refund_reference.empty()) data["refund_reference"] = event.refund_reference;
    if (!event.failure_code.empty()) data["failure_code"] = event.failure_code;
    core::json::object doc{{"id", event.id}, {"type", type}, {"data", std::move(data)}};
    WebhookDelivery delivery;
    delivery.body = core::ToJson(doc);
    delivery.headers = {
        {"content-type", "application/json"},
        {std::string(kSignatureHeader), SignWebhook(options_.webhook_secret, clock_.Now(), delivery.body)}};
    return delivery;
}

}  // namespace jangteo::orders
