#include "orders/order.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

#include "core/json.hpp"
#include "core/validate.hpp"
#include "platform/outbox.hpp"
#include "platform/user.hpp"
#include "store/keyset.hpp"

namespace jangteo::orders {

namespace {

// The columns every read of an order selects, in the order OrderOf reads them.
#define JANGTEO_ORDER_COLUMNS                                                                                      \
    "o.id, o.checkout_id, o.merchant_id, o.customer_user_id, o.customer_email, o.customer_name, o.customer_phone," \
    " o.status, o.fulfilment, o.recipient, o.recipient_phone, o.postal_code, o.road_address, o.address_detail,"    \
    " o.delivery_note, o.pickup_location_key, o.subtotal_won, o.shipping_fee_won, o.total_won, o.vat_won,"         \
    " o.payment_method, o.payment_status, o.payment_due_at_us, o.carrier, o.tracking_number, o.refunded_won,"      \
    " o.version, o.created_at_us, o.updated_at_us, o.routing_reason, o.routed_location_key, o.credit_reason,"      \
    " o.credit_location_key, o.points_used"
#define JANGTEO_LINE_COLUMNS                                                                                     \
    "l.order_id, l.line_no, l.variant_key, l.product_key, l.sku, l.title_ko, l.title_en, l.options, l.vat_mode," \
    " l.unit_price_won, l.quantity, l.line_total_won, l.location_key, l.returned_quantity"
// A merchant's page: an absent filter is '' (status, fulfilment) or 0 (the order id; compared with
// the column first, so that PostgreSQL types the parameter as BIGINT).
#define JANGTEO_MERCHANT_PAGE                                                                           \
    " FROM orders_orders o WHERE o.merchant_id = $1 AND (o.created_at_us < $2 OR (o.created_at_us = $2" \
    " AND o.id < $3)) AND ($4 = '' OR o.status = $4) AND ($5 = '' OR o.fulfilment = $5)"                \
    " AND o.created_at_us >= $6 AND o.created_at_us < $7 AND (o.id = $8 OR $8 = 0)"                     \
    " ORDER BY o.created_at_us DESC, o.id DESC LIMIT $9"
#define JANGTEO_CUSTOMER_PAGE                                                                                         \
    " FROM orders_orders o WHERE o.customer_user_id = $1 AND (o.created_at_us < $2 OR (o.created_at_us = $2 AND o.id" \
    " < $3)) ORDER BY o.created_at_us DESC, o.id DESC LIMIT $4"

constexpr store::Sql kInsertCheckout{
    "orders.insert_checkout",
    "INSERT INTO orders_checkouts (id, user_id, email, name, phone, payment_method, total_won, created_at_us)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr store::Sql kInsertOrder{
    "orders.insert_order",
    "INSERT INTO orders_orders (id, checkout_id, merchant_id, customer_user_id, customer_email, customer_name,"
    " customer_phone, status, fulfilment, recipient, recipient_phone, postal_code, road_address, address_detail,"
    " delivery_note, pickup_location_key, subtotal_won, shipping_fee_won, total_won, vat_won, payment_method,"
    " payment_status, payment_due_at_us, version, created_at_us, updated_at_us, routing_reason, routed_location_key,"
    " credit_reason, credit_location_key, points_used) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
    " $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, 1, $24, $24, $25, $26, $27, $28, $29)"};
constexpr store::Sql kInsertLine{
    "orders.insert_order_line",
    "INSERT INTO orders_order_lines (order_id, line_no, merchant_id, variant_key, product_key, sku, title_ko,"
    " title_en, options, vat_mode, unit_price_won, quantity, line_total_won, location_key) VALUES ($1, $2, $3, $4,"
    " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"};
constexpr store::Sql kInsertEvent{
    "orders.insert_order_event",
    "INSERT INTO orders_order_events (order_id, seq, merchant_id, from_status, to_status, actor_kind, actor_id, note,"
    " at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr store::Sql kNextEventSeq{"orders.next_order_event_seq",
                                   "SELECT COALESCE(MAX(seq), 0) + 1 FROM orders_order_events WHERE order_id = $1"};
constexpr store::Sql kGetEvents{"orders.get_order_events",
                                "SELECT seq, from_status, to_status, actor_kind, actor_id, note, at_us"
                                " FROM orders_order_events WHERE order_id = $1 ORDER BY seq"};

constexpr store::Sql kGetOrder{"orders.get_order",
                               "SELECT " JANGTEO_ORDER_COLUMNS " FROM orders_orders o WHERE o.id = $1"};
constexpr store::Sql kGetLines{"orders.get_order_lines", "SELECT " JANGTEO_LINE_COLUMNS
                                                         " FROM orders_order_lines l WHERE l.order_id = $1"
                                                         " ORDER BY l.line_no"};
constexpr store::Sql kGetCheckout{"orders.get_checkout",
                                  "SELECT id, user_id, email, name, phone, payment_method, total_won, created_at_us"
                                  " FROM orders_checkouts WHERE id = $1"};
constexpr store::Sql kOrdersOfCheckout{"orders.orders_of_checkout",
                                       "SELECT " JANGTEO_ORDER_COLUMNS
                                       " FROM orders_orders o WHERE o.checkout_id = $1 ORDER BY o.id"};
constexpr store::Sql kLinesOfCheckout{"orders.lines_of_checkout",
                                      "SELECT " JANGTEO_LINE_COLUMNS
                                      " FROM orders_order_lines l WHERE l.order_id IN"
                                      " (SELECT id FROM orders_orders WHERE checkout_id = $1)"
                                      " ORDER BY l.order_id, l.line_no"};
// A page of orders and, in a second statement with the same filter, all of their lines (no query
// per order).
constexpr store::Sql kMerchantPage{"orders.list_merchant_orders",
                                   "SELECT " JANGTEO_ORDER_COLUMNS JANGTEO_MERCHANT_PAGE};
constexpr store::Sql kMerchantPageLines{
    "orders.list_merchant_order_lines",
    "SELECT " JANGTEO_LINE_COLUMNS " FROM orders_order_lines l WHERE l.order_id IN (SELECT o.id" JANGTEO_MERCHANT_PAGE
    ") ORDER BY l.order_id, l.line_no"};
constexpr store::Sql kCustomerPage{"orders.list_customer_orders",
                                   "SELECT " JANGTEO_ORDER_COLUMNS JANGTEO_CUSTOMER_PAGE};
constexpr store::Sql kCustomerPageLines{
    "orders.list_customer_order_lines",
    "SELECT " JANGTEO_LINE_COLUMNS " FROM orders_order_lines l WHERE l.order_id IN (SELECT o.id" JANGTEO_CUSTOMER_PAGE
    ") ORDER BY l.order_id, l.line_no"};

// The status read must still be the status (a system transition), and the version the one the staff
// read when given ($8 = 0: not checked).
constexpr store::Sql kTransition{
    "orders.transition_order",
    "UPDATE orders_orders SET status = $2, version = version + 1, updated_at_us = $3, carrier = $4,"
    " tracking_number = $5, payment_status = $6 WHERE id = $1 AND status = $7 AND (version = $8 OR $8 = 0)"};
constexpr store::Sql kSetPaymentStatus{
    "orders.set_order_payment_status",
    "UPDATE orders_orders SET payment_status = $2, refunded_won = $3, version = version + 1, updated_at_us = $4"
    " WHERE id = $1 AND version = $5"};
constexpr store::Sql kReturnLine{"orders.return_order_line",
                                 "UPDATE orders_order_lines SET returned_quantity = returned_quantity + $3"
                                 " WHERE order_id = $1 AND line_no = $2 AND returned_quantity + $3 <= quantity"};
constexpr store::Sql kInsertReturn{
    "orders.insert_order_return",
    "INSERT INTO orders_order_returns (id, order_id, merchant_id, lines, refund_won, restock, reason, actor_kind,"
    " actor_id, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
// Orders whose card charge is with the gateway (processing), or whose last charge's outcome was lost
// (pending with its charge key kept), are not due: the gateway may still take the money, so the order
// waits for its webhook or the customer's retry rather than be cancelled under a capture.
constexpr store::Sql kUndoRefund{
    "orders.undo_refund",
    "UPDATE orders_orders SET refunded_won = refunded_won - $3, payment_status = CASE WHEN refunded_won - $3 = 0"
    " THEN 'paid' ELSE 'partially_refunded' END, version = version + 1, updated_at_us = $4"
    " WHERE id = $1 AND merchant_id = $2 AND refunded_won >= $3"};
// The lines a location fulfilled of the orders placed in a period (the channel report).
constexpr store::Sql kFulfilledAt{
    "orders.fulfilled_at_location",
    "SELECT count(DISTINCT o.id), COALESCE(SUM(l.line_total_won), 0),"
    " COALESCE(SUM(l.returned_quantity * l.unit_price_won), 0) FROM orders_orders o JOIN orders_order_lines l"
    " ON l.order_id = o.id WHERE o.merchant_id = $1 AND o.created_at_us >= $2 AND o.created_at_us < $3"
    " AND o.status <> 'cancelled' AND l.location_key = $4"};
constexpr store::Sql kDueOrders{"orders.due_pending_orders",
                                "SELECT o.id, o.checkout_id, o.merchant_id, o.version FROM orders_orders o"
                                " WHERE o.status = 'pending_payment' AND o.payment_due_at_us < $1"
                                " AND NOT EXISTS (SELECT 1 FROM orders_payments p WHERE p.merchant_id = o.merchant_id"
                                " AND p.order_id = o.id AND (p.state = 'processing'"
                                " OR (p.state = 'pending' AND p.charge_key IS NOT NULL)))"
                                " ORDER BY o.payment_due_at_us, o.id LIMIT $2"};

#undef JANGTEO_ORDER_COLUMNS
#undef JANGTEO_LINE_COLUMNS
#undef JANGTEO_MERCHANT_PAGE
#undef JANGTEO_CUSTOMER_PAGE

// Lines of the mail listed in each language; the rest are counted ("외 3건").
constexpr int kMailLines = 30;

constexpr OrderStatus kAllStatuses[] = {
    OrderStatus::kPendingPayment, OrderStatus::kPaid,           OrderStatus::kPreparing,
    OrderStatus::kShipped,        OrderStatus::kReadyForPickup, OrderStatus::kDelivered,
    OrderStatus::kPickedUp,       OrderStatus::kCompleted,      OrderStatus::kCancelled,
};

core::Error OrderNotFound() {
    return core::Error::NotFound("order_not_found", "no such order");
}

core::Error VersionChanged() {
    return core::Error::Conflict("version_changed", "the order was changed meanwhile; load it again");
}

core::Error InvalidTransition(OrderStatus from, OrderStatus to) {
    std::string message = "an order cannot go from ";
    message.append(OrderStatusName(from)).append(" to ").append(OrderStatusName(to));
    return core::Error::Conflict("invalid_transition", std::move(message));
}

void Take(std::vector<core::FieldError>& fields, core::Result<std::string> r, std::string& out) {
    if (r.ok()) {
        out = std::move(*r);
    } else {
        for (auto& f : std::move(r).error().fields) fields.push_back(std::move(f));
    }
}

std::string_view LineVatName(LineVat vat) {
    return vat == LineVat::kExempt ? "exempt" : "taxable";
}

store::Value OptKey(std::optional<std::int64_t> key) {
    return key ? store::Value(*key) : store::Value(nullptr);
}

store::Value UserKey(std::optional<platform::UserId> user) {
    return user ? store::Value(user->key()) : store::Value(nullptr);
}

Order OrderOf(const store::RowView& r) {
    Order o;
    o.id = OrderId(r.Int(0));
    o.checkout = CheckoutId(r.Int(1));
    o.merchant = platform::MerchantId(r.Int(2));
    if (!r.IsNull(3)) o.customer.user = platform::UserId(r.Int(3));
    o.customer.email = r.Text(4);
    o.customer.name = r.Text(5);
    o.customer.phone = r.Text(6);
    o.status = ParseOrderStatus(r.TextView(7)).value_or(OrderStatus::kPendingPayment);
    o.fulfilment = ParseFulfilment(r.TextView(8)).value_or(Fulfilment::kDelivery);
    if (o.fulfilment == Fulfilment::kDelivery) {
        o.address = DeliveryAddress{.recipient = r.Text(9),
                                    .phone = r.Text(10),
                                    .postal_code = r.Text(11),
                                    .road_address = r.Text(12),
                                    .detail = r.Text(13),
                                    .note = r.Text(14)};
    }
    o.pickup_location_key = r.OptInt(15);
    o.subtotal = core::Money::Won(r.Int(16));
    o.shipping_fee = core::Money::Won(r.Int(17));
    o.total = core::Money::Won(r.Int(18));
    o.vat = core::Money::Won(r.Int(19));
    o.payment_method = ParsePaymentMethod(r.TextView(20)).value_or(PaymentMethod::kCard);
    std::string_view ps = r.TextView(21);
    o.payment_status = ps == "paid"                 ? PaymentStatus::kPaid
                       : ps == "partially_refunded" ? PaymentStatus::kPartiallyRefunded
                       : ps == "refunded"           ? PaymentStatus::kRefunded
                                                    : PaymentStatus::kUnpaid;
    if (!r.IsNull(22)) o.payment_due = core::FromUnixMicros(r.Int(22));
    o.carrier = r.Text(23);
    o.tracking_number = r.Text(24);
    o.refunded = core::Money::Won(r.Int(25));
    o.version = r.Int(26);
    o.created_at = core::FromUnixMicros(r.Int(27));
    o.updated_at = core::FromUnixMicros(r.Int(28));
    o.routing = {.reason = ParseRoutingReason(r.TextView(29)).value_or(RoutingReason::kNone),
                 .location_key = r.OptInt(30),
                 .credit_reason = ParseCreditReason(r.TextView(31)).value_or(CreditReason::kNone),
                 .credit_location_key = r.OptInt(32)};
    o.points_used = r.Int(33);
    return o;
}

OrderLine LineOf(const store::RowView& r) {
    return {.line_no = static_cast<int>(r.Int(1)),
            .variant_key = r.Int(2),
            .product_key = r.Int(3),
            .sku = r.Text(4),
            .title_ko = r.Text(5),
            .title_en = r.Text(6),
            .options_json = r.Text(7),
            .vat = r.TextView(8) == "exempt" ? LineVat::kExempt : LineVat::kTaxable,
            .unit_price = core::Money::Won(r.Int(9)),
            .quantity = r.Int(10),
            .line_total = core::Money::Won(r.Int(11)),
            .location_key = r.Int(12),
            .returned_quantity = r.Int(13)};
}

// Orders of `rows` with the lines of `lines` (ordered by order id) attached, at most `limit`.
std::vector<Order> Assemble(const store::Rows& rows, const store::Rows& lines, std::size_t limit) {
    std::vector<Order> out;
    std::unordered_map<std::int64_t, std::size_t> index;
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
        out.push_back(OrderOf(rows[i]));
        index.emplace(out.back().id.key(), i);
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto it = index.find(lines[i].Int(0));
        if (it != index.end()) out[it->second].lines.push_back(LineOf(lines[i]));
    }
    return out;
}

bool IsTrackingNumber(std::string_view text) {
    return !text.empty() && text.size() <= 50 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
    });
}

std::string_view MethodKo(PaymentMethod method) {
    switch (method) {
        case PaymentMethod::kBankTransfer: return "무통장입금";
        case PaymentMethod::kCard: return "카드";
        case PaymentMethod::kPayAtPickup: return "매장에서 결제";
        case PaymentMethod::kCashOnDelivery: return "착불(배송 시 결제)";
    }
    return "";
}

std::string_view MethodEn(PaymentMethod method) {
    switch (method) {
        case PaymentMethod::kBankTransfer: return "bank transfer";
        case PaymentMethod::kCard: return "card";
        case PaymentMethod::kPayAtPickup: return "pay at pickup";
        case PaymentMethod::kCashOnDelivery: return "cash on delivery";
    }
    return "";
}

// A time as people in Korea read it: "2026-11-23 16:52 KST" (+09:00 all year since 1988).
std::string SeoulTime(core::TimePoint t) {
    std::string text = core::FormatRfc3339(t + std::chrono::hours(9)).substr(0, 16);  // 2026-11-23T16:52
    text[10] = ' ';
    return text + " KST";
}

// One order's lines in the mail, in Korean (titles in Korean) or English (English titles where the
// merchant gave them), sharing a budget of kMailLines lines.
void AppendOrder(std::string& out, const Order& o, bool korean, int& budget) {
    out += korean ? "주문 " : "Order ";
    out += o.id.ToString();
    out += korean ? " (판매자 " : " (merchant ";
    out += o.merchant.ToString();
    out += ")\n";
    int left_out = 0;
    for (const OrderLine& l : o.lines) {
        if (budget <= 0) {
            ++left_out;
            continue;
        }
        --budget;
        out += "- ";
        out += korean || l.title_en.empty() ? l.title_ko : l.title_en;
        out += " × ";
        out += std::to_string(l.quantity);
        out += "  ";
        out += l.line_total.Format();
        out += "\n";
    }
    if (left_out > 0) {
        out += korean ? "- 외 " + std::to_string(left_out) + "건\n"
                      : "- and " + std::to_string(left_out) + " more lines\n";
    }
    out += korean ? "배송비 " : "Shipping ";
    out += o.shipping_fee.Format();
    out += korean ? "\n합계 " : "\nTotal ";
    out += o.total.Format();
    out += korean ? " (부가세 " : " (VAT ";
    out += o.vat.Format();
    out += korean ? " 포함)\n\n" : " included)\n\n";
}

}  // namespace

std::string_view OrderStatusName(OrderStatus status) {
    switch (status) {
        case OrderStatus::kPendingPayment: return "pending_payment";
        case OrderStatus::kPaid: return "paid";
        case OrderStatus::kPreparing: return "preparing";
        case OrderStatus::kShipped: return "shipped";
        case OrderStatus::kReadyForPickup: return "ready_for_pickup";
        case OrderStatus::kDelivered: return "delivered";
        case OrderStatus::kPickedUp: return "picked_up";
        case OrderStatus::kCompleted: return "completed";
        case OrderStatus::kCancelled: return "cancelled";
    }
    return "pending_payment";
}

std::optional<OrderStatus> ParseOrderStatus(std::string_view name) {
    for (OrderStatus s : kAllStatuses) {
        if (OrderStatusName(s) == name) return s;
    }
    return std::nullopt;
}

std::string_view FulfilmentName(Fulfilment fulfilment) {
    return fulfilment == Fulfilment::kPickup ? "pickup" : "delivery";
}

std::optional<Fulfilment> ParseFulfilment(std::string_view name) {
    if (name == "delivery") return Fulfilment::kDelivery;
    if (name == "pickup") return Fulfilment::kPickup;
    return std::nullopt;
}

std::string_view RoutingReasonName(RoutingReason reason) {
    switch (reason) {
        case RoutingReason::kNone: return "";
        case RoutingReason::kPickup: return "pickup";
        case RoutingReason::kTerritory: return "territory";
        case RoutingReason::kPriority: return "priority";
        case RoutingReason::kSplit: return "split";
    }
    return "";
}

std::optional<RoutingReason> ParseRoutingReason(std::string_view name) {
    for (RoutingReason r : {RoutingReason::kNone, RoutingReason::kPickup, RoutingReason::kTerritory,
                            RoutingReason::kPriority, RoutingReason::kSplit}) {
        if (RoutingReasonName(r) == name) return r;
    }
    return std::nullopt;
}

std::string_view CreditReasonName(CreditReason reason) {
    switch (reason) {
        case CreditReason::kNone: return "";
        case CreditReason::kPickup: return "pickup";
        case CreditReason::kTerritory: return "territory";
        case CreditReason::kNoTerritory: return "no_territory";
    }
    return "";
}

std::optional<CreditReason> ParseCreditReason(std::string_view name) {
    for (CreditReason r :
         {CreditReason::kNone, CreditReason::kPickup, CreditReason::kTerritory, CreditReason::kNoTerritory}) {
        if (CreditReasonName(r) == name) return r;
    }
    return std::nullopt;
}

std::string_view PaymentMethodName(PaymentMethod method) {
    switch (method) {
        case PaymentMethod::kBankTransfer: return "bank_transfer";
        case PaymentMethod::kCard: return "card";
        case PaymentMethod::kPayAtPickup: return "pay_at_pickup";
        case PaymentMethod::kCashOnDelivery: return "cash_on_delivery";
    }
    return "card";
}

std::optional<PaymentMethod> ParsePaymentMethod(std::string_view name) {
    for (PaymentMethod m : {PaymentMethod::kBankTransfer, PaymentMethod::kCard, PaymentMethod::kPayAtPickup,
                            PaymentMethod::kCashOnDelivery}) {
        if (PaymentMethodName(m) == name) return m;
    }
    return std::nullopt;
}

bool IsDeferred(PaymentMethod method) {
    return method == PaymentMethod::kPayAtPickup || method == PaymentMethod::kCashOnDelivery;
}

std::string_view PaymentStatusName(PaymentStatus status) {
    switch (status) {
        case PaymentStatus::kUnpaid: return "unpaid";
        case PaymentStatus::kPaid: return "paid";
        case PaymentStatus::kPartiallyRefunded: return "partially_refunded";
        case PaymentStatus::kRefunded: return "refunded";
    }
    return "unpaid";
}

std::string_view ActorKindName(ActorKind kind) {
    switch (kind) {
        case ActorKind::kCustomer: return "customer";
        case ActorKind::kStaff: return "staff";
        case ActorKind::kSystem: return "system";
        case ActorKind::kProvider: return "provider";
    }
    return "system";
}

std::int64_t IncludedVatWon(std::int64_t amount_won) {
    // supply = round(amount × 10 ÷ 11), half up, as (20 × amount + 11) ÷ 22 computed without
    // overflow by splitting off the quotient first (catalog::IncludedVat's arithmetic).
    std::int64_t q = amount_won / 11;
    std::int64_t r = amount_won % 11;
    std::int64_t supply = q * 10 + (r * 20 + 11) / 22;
    return amount_won - supply;
}

bool OrderService::TransitionAllowed(const Order& order, OrderStatus to) {
    const bool deferred = IsDeferred(order.payment_method);
    const bool paid = order.payment_status != PaymentStatus::kUnpaid;
    switch (order.status) {
        case OrderStatus::kPendingPayment:
            return (to == OrderStatus::kPaid && !deferred) || (to == OrderStatus::kPreparing && deferred) ||
                   to == OrderStatus::kCancelled;
        case OrderStatus::kPaid: return to == OrderStatus::kPreparing || to == OrderStatus::kCancelled;
        case OrderStatus::kPreparing:
            return (to == OrderStatus::kShipped && order.fulfilment == Fulfilment::kDelivery) ||
                   (to == OrderStatus::kReadyForPickup && order.fulfilment == Fulfilment::kPickup) ||
                   to == OrderStatus::kCancelled;
        case OrderStatus::kReadyForPickup: return to == OrderStatus::kPickedUp || to == OrderStatus::kCancelled;
        case OrderStatus::kShipped: return to == OrderStatus::kDelivered;
        case OrderStatus::kDelivered:
        case OrderStatus::kPickedUp: return to == OrderStatus::kCompleted && (!deferred || paid);
        case OrderStatus::kCompleted:
        case OrderStatus::kCancelled: return false;
    }
    return false;
}

core::Result<Checkout> OrderService::CreateCheckoutInTx(store::Tx& tx, const CheckoutDraft& draft) {
    std::vector<core::FieldError> fields;
    Checkout checkout;
    checkout.customer.user = draft.customer.user;
    Take(fields, platform::NormalizeEmail(draft.customer.email, "email"), checkout.customer.email);
    Take(fields, core::NormalizeText(draft.customer.name, "name", {.max_code_points = 50}), checkout.customer.name);
    if (auto phone = core::NormalizeKoreanPhone(draft.customer.phone)) {
        checkout.customer.phone = std::move(*phone);
    } else {
        fields.push_back({"phone", "invalid_phone", "must be a Korean phone number (010-1234-5678)"});
    }
    checkout.payment_method = draft.payment_method;
    const bool deferred = IsDeferred(draft.payment_method);
    if (!deferred && !draft.payment_due) {
        fields.push_back({"payment_due_at", "required", "a prepaid order needs a time to be paid by"});
    }
    if (deferred && draft.payment_due) {
        fields.push_back({"payment_due_at", "not_allowed", "an order paid at the end has no payment time"});
    }
    if (draft.orders.empty() || draft.orders.size() > kMaxOrdersPerCheckout) {
        fields.push_back({"orders", "invalid_count", "a checkout has orders of 1 to 20 merchants"});
    }
    const core::TimePoint now = clock_.Now();
    std::set<std::int64_t> merchants;
    core::Money checkout_total;
    for (std::size_t i = 0; i < draft.orders.size() && i < kMaxOrdersPerCheckout; ++i) {
        const OrderDraft& in = draft.orders[i];
        const std::string at = "orders[" + std::to_string(i) + "]";
        Order& o = checkout.orders.emplace_back();
        o.id = in.id ? *in.id : OrderId::New(random_);
        o.merchant = in.merchant;
        o.customer = checkout.customer;
        o.fulfilment = in.fulfilment;
        o.routing = in.routing;
        o.payment_method = draft.payment_method;
        o.payment_due = deferred ? std::nullopt : draft.payment_due;
        o.created_at = o.updated_at = now;
        if (!in.merchant.valid()) {
            fields.push_back({at + ".merchant_id", "required", "must name a merchant"});
        } else if (!merchants.insert(in.merchant.key()).second) {
            fields.push_back({at + ".merchant_id", "duplicate_merchant", "a checkout has one order per merchant"});
        }
        if (in.fulfilment == Fulfilment::kDelivery) {
            o.address = CheckAddress(in.address, at + ".address", fields);
            if (draft.payment_method == PaymentMethod::kPayAtPickup) {
                fields.push_back({at + ".fulfilment", "pickup_required", "paying at pickup needs a pickup"});
            }
        } else {
            if (!in.pickup_location_key || *in.pickup_location_key <= 0) {
                fields.push_back({at + ".pickup_location_id", "required", "must name the location to pick up at"});
            }
            o.pickup_location_key = in.pickup_location_key;
            if (draft.payment_method == PaymentMethod::kCashOnDelivery) {
                fields.push_back({at + ".fulfilment", "delivery_required", "cash on delivery needs a delivery"});
            }
        }
        if (in.shipping_fee.won() < 0 || in.shipping_fee.won() > kMaxShippingFeeWon) {
            fields.push_back({at + ".shipping_fee_won", "out_of_range", "must be whole won from 0 to 10,000,000"});
        }
        o.shipping_fee = in.shipping_fee;
        if (in.lines.empty() || in.lines.size() > kMaxLinesPerOrder) {
            fields.push_back({at + ".lines", "invalid_count", "an order has 1 to 100 lines"});
        }
        core::Money subtotal;
        core::Money taxable = in.shipping_fee;  // the delivery service is taxable
        bool amounts_ok = true;
        for (std::size_t j = 0; j < in.lines.size() && j < kMaxLinesPerOrder; ++j) {
            const OrderLineDraft& d = in.lines[j];
            const std::string lat = at + ".lines[" + std::to_string(j) + "]";
            OrderLine& l = o.lines.emplace_back();
            l.line_no = static_cast<int>(j + 1);
            l.variant_key = d.variant_key;
            l.product_key = d.product_key;
            l.location_key = d.location_key;
            l.vat = d.vat;
            l.unit_price = d.unit_price;
            l.quantity = d.quantity;
            if (d.variant_key <= 0) fields.push_back({lat + ".variant_id", "required", "must name a variant"});
            if (d.product_key <= 0) fields.push_back({lat + ".product_id", "required", "must name a product"});
            if (d.location_key <= 0) fields.push_back({lat + ".location_id", "required", "must name a location"});
            if (d.sku.empty() || d.sku.size() > 64 || !core::IsPrintableAscii(d.sku)) {
                fields.push_back({lat + ".sku", "invalid_sku", "must be the variant's SKU"});
            }
            l.sku = d.sku;
            Take(fields, core::NormalizeText(d.title_ko, lat + ".title_ko", {.max_code_points = 200}), l.title_ko);
            Take(fields,
                 core::NormalizeText(d.title_en, lat + ".title_en", {.max_code_points = 200, .required = false}),
                 l.title_en);
            if (d.options_json.size() > 4000 || !core::ParseJsonObject(d.options_json).ok()) {
                fields.push_back({lat + ".options", "invalid_options", "must be a JSON object of option values"});
            }
            l.options_json = d.options_json;
            if (d.quantity < 1 || d.quantity > kMaxLineQuantity) {
                fields.push_back({lat + ".quantity", "out_of_range", "must be from 1 to 999"});
                amounts_ok = false;
            }
            if (d.unit_price.won() < 0 || d.unit_price.won() > kMaxUnitPriceWon) {
                fields.push_back({lat + ".unit_price_won", "out_of_range", "must be whole won ≥ 0"});
                amounts_ok = false;
            }
            if (!amounts_ok) continue;
            auto line_total = d.unit_price.Times(d.quantity);
            auto next = line_total.ok() ? subtotal.Plus(*line_total) : line_total;
            auto next_taxable = line_total.ok() && d.vat == LineVat::kTaxable ? taxable.Plus(*line_total)
                                                                              : core::Result<core::Money>(taxable);
            if (!next.ok() || !next_taxable.ok()) {
                fields.push_back({lat + ".unit_price_won", "out_of_range", "the order's total is too large"});
                amounts_ok = false;
                continue;
            }
            l.line_total = *line_total;
            subtotal = *next;
            taxable = *next_taxable;
        }
        if (!amounts_ok) continue;
        // Points are a discount the merchant gives (1 point = 1 won), at most the goods: the total to pay
        // and the VAT in it are after them.
        if (in.points_used < 0 || in.points_used > subtotal.won()) {
            fields.push_back({at + ".points_used", "out_of_range", "from 0 to the order's goods total"});
            continue;
        }
        o.points_used = in.points_used;
        auto total = subtotal.Plus(in.shipping_fee);
        if (total.ok()) total = total->Minus(core::Money::Won(in.points_used));
        taxable = core::Money::Won(std::max<std::int64_t>(0, taxable.won() - in.points_used));
        auto sum = total.ok() ? checkout_total.Plus(*total) : total;
        if (!total.ok() || !sum.ok()) {
            fields.push_back({at + ".lines", "out_of_range", "the order's total is too large"});
            continue;
        }
        o.subtotal = subtotal;
        o.total = *total;
        o.vat = core::Money::Won(IncludedVatWon(taxable.won()));
        checkout_total = *sum;
    }
    if (!fields.empty())
        return core::Error::Invalid("invalid_checkout", "the checkout is not acceptable", std::move(fields));

    checkout.id = CheckoutId::New(random_);
    checkout.total = checkout_total;
    checkout.created_at = now;
    const std::int64_t now_us = core::ToUnixMicros(now);
    JANGTEO_TRY_STATUS(tx.Exec(
        kInsertCheckout, {checkout.id.key(), UserKey(checkout.customer.user), std::string_view(checkout.customer.email),
                          std::string_view(checkout.customer.name), std::string_view(checkout.customer.phone),
                          PaymentMethodName(checkout.payment_method), checkout.total.won(), now_us}));
    for (Order& o : checkout.orders) {
        o.checkout = checkout.id;
        const DeliveryAddress none;
        const DeliveryAddress& a = o.address ? *o.address : none;
        store::Value due = o.payment_due ? store::Value(core::ToUnixMicros(*o.payment_due)) : store::Value(nullptr);
        JANGTEO_TRY_STATUS(tx.Exec(kInsertOrder, {o.id.key(),
                                                  checkout.id.key(),
                                                  o.merchant.key(),
                                                  UserKey(o.customer.user),
                                                  std::string_view(o.customer.email),
                                                  std::string_view(o.customer.name),
                                                  std::string_view(o.customer.phone),
                                                  OrderStatusName(o.status),
                                                  FulfilmentName(o.fulfilment),
                                                  std::string_view(a.recipient),
                                                  std::string_view(a.phone),
                                                  std::string_view(a.postal_code),
                                                  std::string_view(a.road_address),
                                                  std::string_view(a.detail),
                                                  std::string_view(a.note),
                                                  OptKey(o.pickup_location_key),
                                                  o.subtotal.won(),
                                                  o.shipping_fee.won(),
                                                  o.total.won(),
                                                  o.vat.won(),
                                                  PaymentMethodName(o.payment_method),
                                                  PaymentStatusName(o.payment_status),
                                                  due,
                                                  now_us,
                                                  RoutingReasonName(o.routing.reason),
                                                  OptKey(o.routing.location_key),
                                                  CreditReasonName(o.routing.credit_reason),
                                                  OptKey(o.routing.credit_location_key),
                                                  o.points_used}));
        for (const OrderLine& l : o.lines) {
            JANGTEO_TRY_STATUS(tx.Exec(
                kInsertLine, {o.id.key(), static_cast<std::int64_t>(l.line_no), o.merchant.key(), l.variant_key,
                              l.product_key, std::string_view(l.sku), std::string_view(l.title_ko),
                              std::string_view(l.title_en), std::string_view(l.options_json), LineVatName(l.vat),
                              l.unit_price.won(), l.quantity, l.line_total.won(), l.location_key}));
        }
        JANGTEO_TRY_STATUS(WriteEvent(tx, o, std::nullopt, OrderStatus::kPendingPayment,
                                      Actor::Customer(o.customer.user), "", now_us));
    }
    JANGTEO_TRY_STATUS(MailPlaced(tx, checkout));
    return checkout;
}

core::Status OrderService::WriteEvent(store::Tx& tx, const Order& order, std::optional<OrderStatus> from,
                                      OrderStatus to, const Actor& actor, std::string_view note, std::int64_t at_us) {
    std::int64_t seq = 1;
    if (from) {
        JANGTEO_TRY(store::Rows rows, tx.Query(kNextEventSeq, {order.id.key()}));
        seq = rows[0].Int(0);
    }
    store::Value from_value = from ? store::Value(OrderStatusName(*from)) : store::Value(nullptr);
    JANGTEO_TRY_STATUS(
        tx.Exec(kInsertEvent, {order.id.key(), seq, order.merchant.key(), from_value, OrderStatusName(to),
                               ActorKindName(actor.kind), UserKey(actor.user), note, at_us}));
    return {};
}

core::Status OrderService::MailPlaced(store::Tx& tx, const Checkout& checkout) {
    std::string body = checkout.customer.name + "님, 장터에서 주문해 주셔서 감사합니다.\n";
    body += "결제 번호 " + checkout.id.ToString() + " · 결제 수단 " + std::string(MethodKo(checkout.payment_method)) +
            "\n\n";
    int budget = kMailLines;
    for (const Order& o : checkout.orders) AppendOrder(body, o, true, budget);
    body += "총 결제 금액 " + checkout.total.Format() + "\n";
    if (!checkout.orders.empty() && checkout.orders[0].payment_due) {
        body += "결제 기한 " + SeoulTime(*checkout.orders[0].payment_due) + "\n";
    }
    body += "\n---\n\n";
    body += "Thank you for your order on Jangteo, " + checkout.customer.name + ".\n";
    body +=
        "Checkout " + checkout.id.ToString() + " · paid by " + std::string(MethodEn(checkout.payment_method)) + "\n\n";
    budget = kMailLines;
    for (const Order& o : checkout.orders) AppendOrder(body, o, false, budget);
    body += "Total to pay " + checkout.total.Format() + "\n";
    if (!checkout.orders.empty() && checkout.orders[0].payment_due) {
        body += "Pay by " + SeoulTime(*checkout.orders[0].payment_due) + "\n";
    }
    return platform::EnqueueMessage(tx, clock_, random_,
                                    {.channel = platform::Channel::kEmail,
                                     .to = checkout.customer.email,
                                     .subject = "[장터] 주문이 접수되었습니다 / Your order was placed",
                                     .body = std::move(body),
                                     .kind = "order_placed"});
}

core::Status OrderService::MailCustomer(store::Tx& tx, const Order& o, const TransitionDetails& details) {
    std::string subject;
    std::string ko;
    std::string en;
    std::string kind;
    const std::string id = o.id.ToString();
    switch (o.status) {
        case OrderStatus::kPaid:
            kind = "order_paid";
            subject = "[장터] 결제가 확인되었습니다 / Payment received";
            ko = "주문 " + id + "의 결제 " + o.total.Format() + "이(가) 확인되었습니다. 판매자가 상품을 준비합니다.\n";
            en = "We received the payment of " + o.total.Format() + " for order " + id +
                 ". The merchant will prepare it.\n";
            break;
        case OrderStatus::kShipped:
            kind = "order_shipped";
            subject = "[장터] 상품이 발송되었습니다 / Your order was shipped";
            ko = "주문 " + id + "의 상품이 발송되었습니다.\n택배사 " + o.carrier + " · 운송장 번호 " +
                 o.tracking_number + "\n";
            en = "Order " + id + " was shipped.\nCarrier " + o.carrier + " · tracking number " + o.tracking_number +
                 "\n";
            break;
        case OrderStatus::kReadyForPickup: {
            kind = "order_ready_for_pickup";
            subject = "[장터] 픽업 준비가 완료되었습니다 / Ready for pickup";
            std::string place = details.pickup_place.empty()
                                    ? "location " + std::to_string(o.pickup_location_key.value_or(0))
                                    : details.pickup_place;
            ko = "주문 " + id + "의 상품을 매장에서 찾아가실 수 있습니다.\n픽업 장소: " + place + "\n";
            en = "Order " + id + " is ready to be picked up.\nPickup at: " + place + "\n";
            break;
        }
        case OrderStatus::kCancelled:
            kind = "order_cancelled";
            subject = "[장터] 주문이 취소되었습니다 / Your order was cancelled";
            ko = "주문 " + id + "이(가) 취소되었습니다.\n";
            en = "Order " + id + " was cancelled.\n";
            break;
        default: return {};
    }
    if (!details.note.empty()) {
        ko += "메모: " + details.note + "\n";
        en += "Note: " + details.note + "\n";
    }
    return platform::EnqueueMessage(
        tx, clock_, random_,
        {.channel = platform::Channel::kEmail,
         .to = o.customer.email,
         .subject = std::move(subject),
         .body = o.customer.name + "님,\n" + ko + "\n---\n\n" + "Dear " + o.customer.name + ",\n" + en,
         .kind = std::move(kind)});
}

core::Result<Order> OrderService::GetInTx(store::Tx& tx, OrderId id, std::optional<platform::MerchantId> merchant) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetOrder, {id.key()}));
    if (rows.empty()) return OrderNotFound();
    Order o = OrderOf(rows[0]);
    if (merchant && o.merchant != *merchant) return OrderNotFound();
    JANGTEO_TRY(store::Rows lines, tx.Query(kGetLines, {id.key()}));
    for (std::size_t i = 0; i < lines.size(); ++i) o.lines.push_back(LineOf(lines[i]));
    return o;
}

core::Result<Order> OrderService::GetForCustomer(platform::UserId customer, OrderId id) {
    return db_.Read([&](store::Tx& tx) -> core::Result<Order> {
        JANGTEO_TRY(Order o, GetInTx(tx, id, std::nullopt));
        if (o.customer.user != customer) return OrderNotFound();
        return o;
    });
}

core::Result<LocationOrderFigures> OrderService::FulfilledAt(platform::MerchantId merchant, std::int64_t location_key,
                                                             core::TimePoint from, core::TimePoint to) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kFulfilledAt, {merchant.key(), core::ToUnixMicros(from), core::ToUnixMicros(to), location_key});
    }));
    return LocationOrderFigures{.orders = rows[0].Int(0), .goods_won = rows[0].Int(1), .returned_won = rows[0].Int(2)};
}

core::Result<Order> OrderService::GetForMerchant(platform::MerchantId merchant, OrderId id) {
    return db_.Read([&](store::Tx& tx) { return GetInTx(tx, id, merchant); });
}

core::Result<Checkout> OrderService::ByCheckoutInTx(store::Tx& tx, CheckoutId id,
                                                    std::optional<platform::UserId> customer) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetCheckout, {id.key()}));
    core::Error not_found = core::Error::NotFound("checkout_not_found", "no such checkout");
    if (rows.empty()) return not_found;
    const store::RowView r = rows[0];
    Checkout c;
    c.id = id;
    if (!r.IsNull(1)) c.customer.user = platform::UserId(r.Int(1));
    if (c.customer.user != customer) return not_found;
    c.customer.email = r.Text(2);
    c.customer.name = r.Text(3);
    c.customer.phone = r.Text(4);
    c.payment_method = ParsePaymentMethod(r.TextView(5)).value_or(PaymentMethod::kCard);
    c.total = core::Money::Won(r.Int(6));
    c.created_at = core::FromUnixMicros(r.Int(7));
    JANGTEO_TRY(store::Rows orders, tx.Query(kOrdersOfCheckout, {id.key()}));
    JANGTEO_TRY(store::Rows lines, tx.Query(kLinesOfCheckout, {id.key()}));
    c.orders = Assemble(orders, lines, orders.size());
    return c;
}

core::Result<Checkout> OrderService::ByCheckout(CheckoutId id, std::optional<platform::UserId> customer) {
    return db_.Read([&](store::Tx& tx) { return ByCheckoutInTx(tx, id, customer); });
}

core::Result<OrderPage> OrderService::ListForMerchant(platform::MerchantId merchant, const OrderQuery& query) {
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(query.cursor, query.limit));
    std::int64_t order_key = 0;
    if (!query.q.empty()) {
        auto id = OrderId::Parse(query.q);
        if (!id.ok()) {
            return core::Error::Invalid("bad_query", "the search is not an order id",
                                        {{"q", "malformed_id", "must be an order id (ord_…)"}});
        }
        order_key = id->key();
    }
    std::string_view status = query.status ? OrderStatusName(*query.status) : std::string_view();
    std::string_view fulfilment = query.fulfilment ? FulfilmentName(*query.fulfilment) : std::string_view();
    const std::int64_t from = query.created_from ? core::ToUnixMicros(*query.created_from) : INT64_MIN;
    const std::int64_t to = query.created_to ? core::ToUnixMicros(*query.created_to) : INT64_MAX;
    JANGTEO_TRY(OrderPage page, db_.Read([&](store::Tx& tx) -> core::Result<OrderPage> {
        std::initializer_list<store::Value> params = {
            merchant.key(), after.time_us, after.id, status, fulfilment, from, to, order_key, after.fetch};
        JANGTEO_TRY(store::Rows rows, tx.Query(kMerchantPage, params));
        JANGTEO_TRY(store::Rows lines, tx.Query(kMerchantPageLines, params));
        OrderPage page;
        page.items = Assemble(rows, lines, static_cast<std::size_t>(query.limit));
        if (rows.size() > static_cast<std::size_t>(query.limit) && !page.items.empty()) {
            const Order& last = page.items.back();
            page.next_cursor = store::FormatKeyset(core::ToUnixMicros(last.created_at), last.id.key());
        }
        return page;
    }));
    return page;
}

core::Result<OrderPage> OrderService::ListForCustomer(platform::UserId customer,
                                                      const std::optional<std::string>& cursor, int limit) {
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(cursor, limit));
    return db_.Read([&](store::Tx& tx) -> core::Result<OrderPage> {
        std::initializer_list<store::Value> params = {customer.key(), after.time_us, after.id, after.fetch};
        JANGTEO_TRY(store::Rows rows, tx.Query(kCustomerPage, params));
        JANGTEO_TRY(store::Rows lines, tx.Query(kCustomerPageLines, params));
        OrderPage page;
        page.items = Assemble(rows, lines, static_cast<std::size_t>(limit));
        if (rows.size() > static_cast<std::size_t>(limit) && !page.items.empty()) {
            const Order& last = page.items.back();
            page.next_cursor = store::FormatKeyset(core::ToUnixMicros(last.created_at), last.id.key());
        }
        return page;
    });
}

namespace {

core::Result<std::vector<OrderEvent>> ReadEvents(store::Tx& tx, OrderId id) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetEvents, {id.key()}));
    std::vector<OrderEvent> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView r = rows[i];
        OrderEvent& e = out.emplace_back();
        e.seq = static_cast<int>(r.Int(0));
        if (!r.IsNull(1)) e.from = ParseOrderStatus(r.TextView(1));
        e.to = ParseOrderStatus(r.TextView(2)).value_or(OrderStatus::kPendingPayment);
        std::string_view kind = r.TextView(3);
        e.actor.kind = kind == "customer"   ? ActorKind::kCustomer
                       : kind == "staff"    ? ActorKind::kStaff
                       : kind == "provider" ? ActorKind::kProvider
                                            : ActorKind::kSystem;
        if (!r.IsNull(4)) e.actor.user = platform::UserId(r.Int(4));
        e.note = r.Text(5);
        e.at = core::FromUnixMicros(r.Int(6));
    }
    return out;
}

}  // namespace

core::Result<std::vector<OrderEvent>> OrderService::EventsForMerchant(platform::MerchantId merchant, OrderId id) {
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<OrderEvent>> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetOrder, {id.key()}));
        if (rows.empty() || OrderOf(rows[0]).merchant != merchant) return OrderNotFound();
        return ReadEvents(tx, id);
    });
}

core::Result<std::vector<OrderEvent>> OrderService::EventsForCustomer(platform::UserId customer, OrderId id) {
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<OrderEvent>> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetOrder, {id.key()}));
        if (rows.empty() || OrderOf(rows[0]).customer.user != customer) return OrderNotFound();
        return ReadEvents(tx, id);
    });
}

core::Result<Order> OrderService::TransitionInTx(store::Tx& tx, OrderId id,
                                                 std::optional<platform::MerchantId> merchant, OrderStatus to,
                                                 const Actor& actor, std::optional<std::int64_t> expected_version,
                                                 const TransitionDetails& details) {
    if (!expected_version && !details.only_from) {
        return core::Error::Internal("unguarded_transition", "a transition names the version or the status it read");
    }
    JANGTEO_TRY(Order o, GetInTx(tx, id, merchant));
    if (expected_version && *expected_version != o.version) return VersionChanged();
    if (details.only_from && *details.only_from != o.status) return InvalidTransition(o.status, to);
    const OrderStatus from = o.status;
    const bool deferred = IsDeferred(o.payment_method);
    // The details first: a bad carrier is the caller's to fix whatever the state.
    std::vector<core::FieldError> fields;
    TransitionDetails d;
    Take(fields,
         core::NormalizeText(details.note, "note", {.max_code_points = 500, .required = false, .multi_line = true}),
         d.note);
    Take(fields, core::NormalizeText(details.pickup_place, "pickup_place", {.max_code_points = 300, .required = false}),
         d.pickup_place);
    if (to == OrderStatus::kShipped) {
        Take(fields, core::NormalizeText(details.carrier, "carrier", {.max_code_points = 50}), d.carrier);
        if (!IsTrackingNumber(details.tracking_number)) {
            fields.push_back({"tracking_number", "invalid_tracking_number", "must be 1 to 50 letters, digits and '-'"});
        }
        d.tracking_number = details.tracking_number;
    }
    if (details.payment_collected && (!deferred || (to != OrderStatus::kDelivered && to != OrderStatus::kPickedUp))) {
        fields.push_back({"payment_collected", "not_allowed",
                          "only the payment of an order paid at the end is collected, when it is handed over"});
    }
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_transition_details", "the transition's details are not acceptable",
                                    std::move(fields));
    }
    if (to == OrderStatus::kCompleted && deferred && o.payment_status == PaymentStatus::kUnpaid &&
        (from == OrderStatus::kDelivered || from == OrderStatus::kPickedUp)) {
        return core::Error::Conflict("payment_outstanding",
                                     "record the payment collected before the order is completed");
    }
    if (!TransitionAllowed(o, to)) return InvalidTransition(from, to);

    if (to == OrderStatus::kShipped) {
        o.carrier = d.carrier;
        o.tracking_number = d.tracking_number;
    }
    if (to == OrderStatus::kPaid || (details.payment_collected && o.payment_status == PaymentStatus::kUnpaid)) {
        o.payment_status = PaymentStatus::kPaid;
    }
    const core::TimePoint now = clock_.Now();
    const std::int64_t now_us = core::ToUnixMicros(now);
    JANGTEO_TRY(std::int64_t changed,
                tx.Exec(kTransition, {id.key(), OrderStatusName(to), now_us, std::string_view(o.carrier),
                                      std::string_view(o.tracking_number), PaymentStatusName(o.payment_status),
                                      OrderStatusName(from), expected_version.value_or(0)}));
    if (changed != 1) {
        // Changed between the read and the update (another server): the caller reads it again.
        if (expected_version) return VersionChanged();
        return core::Error::Conflict(
            "invalid_transition", "the order changed meanwhile; it is no longer " + std::string(OrderStatusName(from)));
    }
    o.status = to;
    o.version += 1;
    o.updated_at = now;
    JANGTEO_TRY_STATUS(WriteEvent(tx, o, from, to, actor, d.note, now_us));
    JANGTEO_TRY_STATUS(MailCustomer(tx, o, d));
    return o;
}

core::Result<Order> OrderService::Transition(OrderId id, std::optional<platform::MerchantId> merchant, OrderStatus to,
                                             const Actor& actor, std::optional<std::int64_t> expected_version,
                                             const TransitionDetails& details) {
    return db_.Write(
        [&](store::Tx& tx) { return TransitionInTx(tx, id, merchant, to, actor, expected_version, details); });
}

core::Result<Order> OrderService::RecordDeferredPaymentInTx(store::Tx& tx, platform::MerchantId merchant, OrderId id,
                                                            const Actor& actor,
                                                            std::optional<std::int64_t> expected_version) {
    (void)actor;  // the payment record (payments) keeps who collected it; the order keeps the fact
    JANGTEO_TRY(Order o, GetInTx(tx, id, merchant));
    if (expected_version && *expected_version != o.version) return VersionChanged();
    if (!IsDeferred(o.payment_method)) {
        return core::Error::Conflict("not_deferred", "this order is paid before it is prepared");
    }
    if (o.payment_status != PaymentStatus::kUnpaid) {
        return core::Error::Conflict("already_paid", "the payment of this order is already recorded");
    }
    if (o.status == OrderStatus::kPendingPayment || o.status == OrderStatus::kCancelled) {
        return core::Error::Conflict("invalid_transition", "a payment is collected only for an order in progress");
    }
    const core::TimePoint now = clock_.Now();
    JANGTEO_TRY(std::int64_t changed,
                tx.Exec(kSetPaymentStatus, {id.key(), PaymentStatusName(PaymentStatus::kPaid), o.refunded.won(),
                                            core::ToUnixMicros(now), o.version}));
    if (changed != 1) return VersionChanged();
    o.payment_status = PaymentStatus::kPaid;
    o.version += 1;
    o.updated_at = now;
    return o;
}

core::Result<ReturnResult> OrderService::RecordReturnInTx(store::Tx& tx, platform::MerchantId merchant, OrderId id,
                                                          const std::vector<ReturnLine>& lines, core::Money refund,
                                                          bool restock, std::string_view reason, const Actor& actor) {
    JANGTEO_TRY(Order o, GetInTx(tx, id, merchant));
    std::vector<core::FieldError> fields;
    std::string why;
    Take(fields, core::NormalizeText(reason, "reason", {.max_code_points = 500, .required = false, .multi_line = true}),
         why);
    // Quantities per line, duplicates summed.
    std::map<int, std::int64_t> wanted;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string at = "lines[" + std::to_string(i) + "]";
        auto it = std::find_if(o.lines.begin(), o.lines.end(),
                               [&](const OrderLine& l) { return l.line_no == lines[i].line_no; });
        if (it == o.lines.end()) {
            fields.push_back({at + ".line_no", "unknown_line", "is not a line of this order"});
            continue;
        }
        if (lines[i].quantity < 1) {
            fields.push_back({at + ".quantity", "out_of_range", "must be at least 1"});
            continue;
        }
        std::int64_t& sum = wanted[lines[i].line_no];
        sum += lines[i].quantity;
        if (sum > it->quantity - it->returned_quantity) {
            fields.push_back({at + ".quantity", "exceeds_returnable",
                              "at most " + std::to_string(it->quantity - it->returned_quantity) + " can come back"});
        }
    }
    auto refundable = o.total.Minus(o.refunded);
    if (refund.won() < 0 || !refundable.ok() || refund > *refundable) {
        fields.push_back(
            {"refund_won", "exceeds_refundable",
             "at most " + (refundable.ok() ? refundable->Format() : std::string("0원")) + " is left to refund"});
    }
    if (lines.empty() && refund.won() == 0) {
        fields.push_back({"refund_won", "required", "a refund without returned goods needs an amount"});
    }
    if (!fields.empty())
        return core::Error::Invalid("invalid_return", "the return is not acceptable", std::move(fields));
    if (!lines.empty() && o.status != OrderStatus::kDelivered && o.status != OrderStatus::kPickedUp &&
        o.status != OrderStatus::kCompleted) {
        return core::Error::Conflict("return_not_allowed",
                                     "goods come back only after they were handed over; this "
                                     "order is " +
                                         std::string(OrderStatusName(o.status)));
    }
    if (refund.won() > 0 && o.payment_status == PaymentStatus::kUnpaid) {
        return core::Error::Conflict("nothing_to_refund", "this order's payment was not received");
    }

    const core::TimePoint now = clock_.Now();
    const std::int64_t now_us = core::ToUnixMicros(now);
    JANGTEO_TRY(core::Money refunded, o.refunded.Plus(refund));
    PaymentStatus status = o.payment_status;
    if (refund.won() > 0) status = refunded == o.total ? PaymentStatus::kRefunded : PaymentStatus::kPartiallyRefunded;
    JANGTEO_TRY(std::int64_t changed,
                tx.Exec(kSetPaymentStatus, {id.key(), PaymentStatusName(status), refunded.won(), now_us, o.version}));
    if (changed != 1) return VersionChanged();
    ReturnResult result;
    result.recorded.id = ReturnId::New(random_);
    result.recorded.order = id;
    result.recorded.refund = refund;
    result.recorded.restock = restock;
    result.recorded.reason = why;
    result.recorded.created_at = now;
    std::string lines_json = "[";
    for (const auto& [line_no, quantity] : wanted) {
        JANGTEO_TRY(std::int64_t updated,
                    tx.Exec(kReturnLine, {id.key(), static_cast<std::int64_t>(line_no), quantity}));
        if (updated != 1) return VersionChanged();
        OrderLine& l =
            *std::find_if(o.lines.begin(), o.lines.end(), [&](const OrderLine& x) { return x.line_no == line_no; });
        l.returned_quantity += quantity;
        result.recorded.lines.push_back(
            {.line_no = line_no, .quantity = quantity, .variant_key = l.variant_key, .location_key = l.location_key});
        if (lines_json.size() > 1) lines_json += ",";
        lines_json += "{\"line_no\":" + std::to_string(line_no) + ",\"quantity\":" + std::to_string(quantity) + "}";
    }
    lines_json += "]";
    JANGTEO_TRY_STATUS(
        tx.Exec(kInsertReturn,
                {result.recorded.id.key(), id.key(), o.merchant.key(), std::string_view(lines_json), refund.won(),
                 restock, std::string_view(why), ActorKindName(actor.kind), UserKey(actor.user), now_us}));
    o.refunded = refunded;
    o.payment_status = status;
    o.version += 1;
    o.updated_at = now;
    result.order = std::move(o);
    return result;
}

core::Result<Order> OrderService::UndoRefundInTx(store::Tx& tx, platform::MerchantId merchant, OrderId id,
                                                 core::Money amount) {
    JANGTEO_TRY(std::int64_t n,
                tx.Exec(kUndoRefund, {id.key(), merchant.key(), amount.won(), core::ToUnixMicros(clock_.Now())}));
    if (n != 1) return core::Error::Conflict("nothing_to_undo", "less than that was refunded on the order");
    return GetInTx(tx, id, merchant);
}

core::Result<std::vector<DueOrder>> OrderService::DuePendingOrders(core::TimePoint now, int limit) {
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<DueOrder>> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kDueOrders, {core::ToUnixMicros(now),
                                                            static_cast<std::int64_t>(std::clamp(limit, 1, 1000))}));
        std::vector<DueOrder> out;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            out.push_back({.id = OrderId(rows[i].Int(0)),
                           .checkout = CheckoutId(rows[i].Int(1)),
                           .merchant = platform::MerchantId(rows[i].Int(2)),
                           .version = rows[i].Int(3)});
        }
        return out;
    });
}

}  // namespace jangteo::orders
