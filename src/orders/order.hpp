// Checkouts and orders. A checkout is what a customer pays at once; it splits into one order per
// merchant, each with its own fulfilment (delivery to a Korean address, or pickup at one of the
// merchant's locations), shipping fee, lines, totals and life. The orders module knows nothing of the
// catalog, the stock or the payments: the checkout flow (src/flows/) quotes the prices, reserves the
// stock and computes the shipping fees, then calls CreateCheckoutInTx inside its own transaction, so
// that orders, reservations and payments commit together or not at all.
//
// An order's life (TransitionAllowed is the one rule; anything else is kConflict "invalid_transition"
// and changes nothing):
//
//   from               to                 when
//   pending_payment    paid               prepaid methods (bank_transfer, card): the payment arrived
//   pending_payment    preparing          deferred methods (pay_at_pickup, cash_on_delivery)
//   pending_payment    cancelled          by the customer, the merchant, or the sweeper when unpaid in time
//   paid               preparing | cancelled
//   preparing          shipped            delivery only; carrier and tracking number required
//   preparing          ready_for_pickup   pickup only
//   preparing          cancelled
//   ready_for_pickup   picked_up | cancelled
//   shipped            delivered
//   delivered          completed
//   picked_up          completed          (from delivered or picked_up: a deferred-method order must be
//                                          paid first: TransitionDetails::payment_collected on the
//                                          delivered / picked_up step, or RecordDeferredPaymentInTx)
//
// Every transition writes an event (who, when, from, to, note) and, for paid, shipped,
// ready_for_pickup and cancelled, a mail to the customer through the outbox, in the same transaction.
// Staff transitions carry the version they read (kConflict "version_changed" when it moved); system
// transitions (the sweeper, a provider's webhook) carry none and instead name the status they read
// (TransitionDetails::only_from), which the UPDATE requires to be unchanged. One of the two is
// required, so that no caller moves an order it has not looked at.
//
//   orders::OrderService orders(db, clock, random);
//   // in the checkout flow's transaction:
//   JANGTEO_TRY(orders::Checkout checkout, orders.CreateCheckoutInTx(tx, draft));
//   // in the back office:
//   auto shipped = orders.Transition(order_id, merchant, orders::OrderStatus::kShipped,
//                                    orders::Actor::Staff(user), version, {.carrier = "CJ대한통운",
//                                                                          .tracking_number = "6543210987"});
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/random.hpp"
#include "orders/address.hpp"
#include "orders/ids.hpp"
#include "orders/method.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace jangteo::orders {

enum class OrderStatus {
    kPendingPayment,
    kPaid,
    kPreparing,
    kShipped,
    kReadyForPickup,
    kDelivered,
    kPickedUp,
    kCompleted,
    kCancelled,
};
std::string_view OrderStatusName(OrderStatus status);  // "pending_payment", …: the stored form
std::optional<OrderStatus> ParseOrderStatus(std::string_view name);

enum class Fulfilment { kDelivery, kPickup };
std::string_view FulfilmentName(Fulfilment fulfilment);  // "delivery", "pickup"
std::optional<Fulfilment> ParseFulfilment(std::string_view name);

enum class PaymentStatus { kUnpaid, kPaid, kPartiallyRefunded, kRefunded };
std::string_view PaymentStatusName(PaymentStatus status);  // "unpaid", "paid", "partially_refunded", "refunded"

enum class LineVat { kTaxable, kExempt };  // as the catalog's VatMode, which this module does not see

enum class ActorKind { kCustomer, kStaff, kSystem, kProvider };
std::string_view ActorKindName(ActorKind kind);

// Who did something to an order: a customer or a staff member (their user id), the system (the
// sweeper) or a payment provider (its webhook).
struct Actor {
    ActorKind kind = ActorKind::kSystem;
    std::optional<platform::UserId> user;

    static Actor Customer(std::optional<platform::UserId> user) { return {ActorKind::kCustomer, user}; }
    static Actor Staff(platform::UserId user) { return {ActorKind::kStaff, user}; }
    static Actor System() { return {ActorKind::kSystem, std::nullopt}; }
    static Actor Provider() { return {ActorKind::kProvider, std::nullopt}; }
};

// Where an order is fulfilled from and which shop it is credited to, as the checkout flow decided
// (the offline channel's routing policy, docs/routing.md). The orders module keeps what it is told.
enum class RoutingReason { kNone, kPickup, kTerritory, kPriority, kSplit };
// "" (orders placed before routing), "pickup", "territory", "priority", "split": the stored form.
std::string_view RoutingReasonName(RoutingReason reason);
std::optional<RoutingReason> ParseRoutingReason(std::string_view name);
enum class CreditReason { kNone, kPickup, kTerritory, kNoTerritory };
// "" (orders placed before crediting), "pickup", "territory", "no_territory": the stored form.
std::string_view CreditReasonName(CreditReason reason);
std::optional<CreditReason> ParseCreditReason(std::string_view name);

struct OrderRouting {
    RoutingReason reason = RoutingReason::kNone;
    // The location that fulfils the whole order; none when it is split over several.
    std::optional<std::int64_t> location_key;
    CreditReason credit_reason = CreditReason::kNone;
    // The shop credited with the order when it is paid; none when no shop's territory holds it.
    std::optional<std::int64_t> credit_location_key;
};

// The customer of a checkout: signed in (user) or a guest; the contact is copied into each order.
struct Customer {
    std::optional<platform::UserId> user;
    std::string email;
    std::string name;
    std::string phone;
};

inline constexpr std::size_t kMaxOrdersPerCheckout = 20;
inline constexpr std::size_t kMaxLinesPerOrder = 100;
inline constexpr std::int64_t kMaxLineQuantity = 999;
inline constexpr std::int64_t kMaxUnitPriceWon = 1'000'000'000'000;  // as the catalog's bound
inline constexpr std::int64_t kMaxShippingFeeWon = 10'000'000;

// A line as the flow quoted it. Keys are those of the catalog's variant and product and of the
// inventory location where the stock is reserved.
struct OrderLineDraft {
    std::int64_t variant_key = 0;
    std::int64_t product_key = 0;
    std::string sku;
    std::string title_ko;
    std::string title_en;
    std::string options_json = "{}";  // a JSON object, option name → value
    LineVat vat = LineVat::kTaxable;
    core::Money unit_price;
    std::int64_t quantity = 1;
    std::int64_t location_key = 0;
};

struct OrderDraft {
    // The order's id when the flow chose it beforehand (its stock reservations name the order before
    // the order is written); a new one otherwise.
    std::optional<OrderId> id;
    platform::MerchantId merchant;
    Fulfilment fulfilment = Fulfilment::kDelivery;
    DeliveryAddress address;                          // for delivery
    std::optional<std::int64_t> pickup_location_key;  // for pickup
    core::Money shipping_fee;                         // the flow computed it with ShippingFee (0 for pickup)
    std::int64_t points_used = 0;  // points the buyer spent with the merchant (the flow redeemed them): 0..goods
    std::vector<OrderLineDraft> lines;
    OrderRouting routing;
};

struct CheckoutDraft {
    Customer customer;
    PaymentMethod payment_method = PaymentMethod::kCard;
    // When an unpaid order is cancelled; required for prepaid methods, none for deferred ones.
    std::optional<core::TimePoint> payment_due;
    std::vector<OrderDraft> orders;  // one per merchant
};

struct OrderLine {
    int line_no = 0;  // from 1
    std::int64_t variant_key = 0;
    std::int64_t product_key = 0;
    std::string sku;
    std::string title_ko;
    std::string title_en;
    std::string options_json;
    LineVat vat = LineVat::kTaxable;
    core::Money unit_price;
    std::int64_t quantity = 0;
    core::Money line_total;
    std::int64_t location_key = 0;
    std::int64_t returned_quantity = 0;
};

struct Order {
    OrderId id;
    CheckoutId checkout;
    platform::MerchantId merchant;
    Customer customer;
    OrderStatus status = OrderStatus::kPendingPayment;
    Fulfilment fulfilment = Fulfilment::kDelivery;
    std::optional<DeliveryAddress> address;  // delivery only
    std::optional<std::int64_t> pickup_location_key;
    core::Money subtotal;
    core::Money shipping_fee;
    core::Money total;  // subtotal + shipping fee − points_used: what is paid in money
    core::Money vat;
    std::int64_t points_used = 0;  // 1 point = 1 won off the goods
    PaymentMethod payment_method = PaymentMethod::kCard;
    PaymentStatus payment_status = PaymentStatus::kUnpaid;
    std::optional<core::TimePoint> payment_due;
    std::string carrier;
    std::string tracking_number;
    core::Money refunded;
    OrderRouting routing;
    std::int64_t version = 1;
    core::TimePoint created_at;
    core::TimePoint updated_at;
    std::vector<OrderLine> lines;
};

struct Checkout {
    CheckoutId id;
    Customer customer;
    PaymentMethod payment_method = PaymentMethod::kCard;
    core::Money total;
    core::TimePoint created_at;
    std::vector<Order> orders;  // in the draft's order when made; by id when read
};

struct OrderEvent {
    int seq = 0;
    std::optional<OrderStatus> from;  // none for the first event
    OrderStatus to = OrderStatus::kPendingPayment;
    Actor actor;
    std::string note;
    core::TimePoint at;
};

// What a transition may carry.
struct TransitionDetails {
    std::string carrier;          // to shipped: required, ≤ 50
    std::string tracking_number;  // to shipped: required, ≤ 50 of letters, digits and '-'
    std::string note;             // on the event and in the customer's mail, ≤ 500
    // To ready_for_pickup: where to come, for the customer's mail (the flow reads the location).
    std::string pickup_place;
    // To delivered / picked_up of a deferred-method order: the staff collected the payment.
    bool payment_collected = false;
    // For a transition without an expected version (the sweeper, a provider's webhook): the status
    // the caller read, which the order must still have (kConflict "invalid_transition" otherwise), so
    // that the sweeper never cancels an order that was paid a moment ago.
    std::optional<OrderStatus> only_from;
};

// A merchant's list: newest first by pages, with filters.
struct OrderQuery {
    std::optional<OrderStatus> status;
    std::optional<Fulfilment> fulfilment;
    std::optional<core::TimePoint> created_from;  // inclusive
    std::optional<core::TimePoint> created_to;    // exclusive
    std::string q;                                // an order id (ord_…), or empty
    std::optional<std::string> cursor;
    int limit = 50;  // 1..200
};

struct OrderPage {
    std::vector<Order> items;  // with their lines
    std::optional<std::string> next_cursor;
};

struct ReturnLine {
    int line_no = 0;
    std::int64_t quantity = 0;
};

// A return as recorded, with what the flow needs to restock (each line's variant and location).
struct ReturnedLine {
    int line_no = 0;
    std::int64_t quantity = 0;
    std::int64_t variant_key = 0;
    std::int64_t location_key = 0;
};

struct OrderReturn {
    ReturnId id;
    OrderId order;
    std::vector<ReturnedLine> lines;  // empty for a refund without goods back
    core::Money refund;
    bool restock = false;
    std::string reason;
    core::TimePoint created_at;
};

struct ReturnResult {
    OrderReturn recorded;
    Order order;  // after
};

// An unpaid order whose payment time has passed (the sweeper cancels it and releases its stock).
struct DueOrder {
    OrderId id;
    CheckoutId checkout;
    platform::MerchantId merchant;
    std::int64_t version = 0;
};

// What a location shipped or handed out of a merchant's web orders placed in a period (the channel
// report): the orders with a line there, those lines' goods, and the goods of those lines that came
// back. Cancelled orders are not counted.
struct LocationOrderFigures {
    std::int64_t orders = 0;
    std::int64_t goods_won = 0;
    std::int64_t returned_won = 0;
};

// The module's migrations (schema/), applied after platform's and catalog's.
std::span<const store::Migration> SchemaMigrations();

// The VAT included in a price with VAT (10%): amount − round(amount ÷ 1.1), half up; the same rule
// as catalog::IncludedVat, written here because the orders module does not see the catalog.
std::int64_t IncludedVatWon(std::int64_t amount_won);

// Thread-safe: holds references only.
class OrderService {
public:
    OrderService(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // Writes the checkout, its orders (pending_payment, unpaid) with their lines and first event, and
    // the "order placed" mail, inside the flow's transaction. Totals are computed here from the
    // quoted unit prices. Every problem at once: kInvalidArgument "invalid_checkout" with field errors
    // (email, name, phone, payment_due_at, orders (1..20), orders[i].merchant_id ("duplicate_merchant"),
    // orders[i].address.*, orders[i].pickup_location_id, orders[i].fulfilment (pay_at_pickup needs
    // pickup, cash_on_delivery delivery), orders[i].shipping_fee_won, orders[i].lines (1..100),
    // orders[i].lines[j].quantity (1..999), .unit_price_won, .sku, .title_ko, .options, …).
    core::Result<Checkout> CreateCheckoutInTx(store::Tx& tx, const CheckoutDraft& draft);

    // The customer's order; another customer's or a guest's: kNotFound "order_not_found".
    core::Result<Order> GetForCustomer(platform::UserId customer, OrderId id);
    // The merchant's order; another merchant's: kNotFound "order_not_found".
    core::Result<Order> GetForMerchant(platform::MerchantId merchant, OrderId id);
    // Inside a transaction; `merchant` none: any merchant's (for flows that hold the order id only).
    core::Result<Order> GetInTx(store::Tx& tx, OrderId id, std::optional<platform::MerchantId> merchant);
    // The checkout with its orders, when it is the customer's (a guest checkout: customer none);
    // else kNotFound "checkout_not_found".
    core::Result<Checkout> ByCheckout(CheckoutId id, std::optional<platform::UserId> customer);
    core::Result<Checkout> ByCheckoutInTx(store::Tx& tx, CheckoutId id, std::optional<platform::UserId> customer);

    // The merchant's orders, newest first. kInvalidArgument "bad_cursor" / "bad_limit" / "bad_query".
    core::Result<OrderPage> ListForMerchant(platform::MerchantId merchant, const OrderQuery& query);
    // The customer's orders, newest first.
    core::Result<OrderPage> ListForCustomer(platform::UserId customer, const std::optional<std::string>& cursor,
                                            int limit);
    // An order's events in order; scoped like the Get calls.
    core::Result<std::vector<OrderEvent>> EventsForMerchant(platform::MerchantId merchant, OrderId id);
    core::Result<std::vector<OrderEvent>> EventsForCustomer(platform::UserId customer, OrderId id);

    // Whether `order` may go to `to` (the table above, with the fulfilment, method and payment rules).
    static bool TransitionAllowed(const Order& order, OrderStatus to);

    // Moves the order (the merchant's when given) to `to`; answers the order after. kNotFound
    // "order_not_found"; kConflict "invalid_transition" (from and to in the message) or
    // "version_changed" (expected_version given and not current) or "payment_outstanding" (completing
    // an unpaid deferred-method order); kInvalidArgument "invalid_transition_details" (carrier,
    // tracking_number, note, payment_collected); kInternal "unguarded_transition" when neither
    // expected_version nor details.only_from is given. Nothing changes on an error.
    core::Result<Order> TransitionInTx(store::Tx& tx, OrderId id, std::optional<platform::MerchantId> merchant,
                                       OrderStatus to, const Actor& actor, std::optional<std::int64_t> expected_version,
                                       const TransitionDetails& details = {});
    core::Result<Order> Transition(OrderId id, std::optional<platform::MerchantId> merchant, OrderStatus to,
                                   const Actor& actor, std::optional<std::int64_t> expected_version,
                                   const TransitionDetails& details = {});

    // Records that the staff collected a deferred-method order's payment (at the counter, from the
    // courier) without changing its status. kConflict "not_deferred" for a prepaid order,
    // "already_paid", "invalid_transition" on a cancelled or pending_payment order, "version_changed".
    core::Result<Order> RecordDeferredPaymentInTx(store::Tx& tx, platform::MerchantId merchant, OrderId id,
                                                  const Actor& actor, std::optional<std::int64_t> expected_version);

    // A return and/or refund of the merchant's order. With lines (goods coming back): on delivered,
    // picked_up or completed orders; each quantity 1..(quantity − returned so far). Without lines (a
    // refund only, e.g. a partial refund for a damaged item, or the full refund of a cancelled paid
    // order): on any order whose payment was received (payment_status not unpaid). refund_won must be
    // 0..(total − refunded so far), and positive when there are no lines. Updates the lines'
    // returned_quantity, the order's refunded_won, payment_status (partially_refunded / refunded) and
    // version. Errors: kNotFound "order_not_found"; kInvalidArgument "invalid_return" with fields
    // (lines[i].line_no, lines[i].quantity, refund_won, reason); kConflict "return_not_allowed" or
    // "nothing_to_refund". Answers what was recorded, so that the flow can restock and refund.
    core::Result<ReturnResult> RecordReturnInTx(store::Tx& tx, platform::MerchantId merchant, OrderId id,
                                                const std::vector<ReturnLine>& lines, core::Money refund, bool restock,
                                                std::string_view reason, const Actor& actor);

    // Gives an order back `amount` of its refunded total (a refund the gateway refused): refunded_won
    // goes down, payment_status back to partially_refunded or paid. kConflict "nothing_to_undo" when
    // less was refunded.
    core::Result<Order> UndoRefundInTx(store::Tx& tx, platform::MerchantId merchant, OrderId id, core::Money amount);

    // The merchant's orders placed in [from, to) with lines fulfilled at `location_key`.
    core::Result<LocationOrderFigures> FulfilledAt(platform::MerchantId merchant, std::int64_t location_key,
                                                   core::TimePoint from, core::TimePoint to);

    // pending_payment orders whose payment_due_at passed before `now`, oldest due first.
    core::Result<std::vector<DueOrder>> DuePendingOrders(core::TimePoint now, int limit = 100);

private:
    core::Status WriteEvent(store::Tx& tx, const Order& order, std::optional<OrderStatus> from, OrderStatus to,
                            const Actor& actor, std::string_view note, std::int64_t at_us);
    core::Status MailCustomer(store::Tx& tx, const Order& order, const TransitionDetails& details);
    core::Status MailPlaced(store::Tx& tx, const Checkout& checkout);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::orders
