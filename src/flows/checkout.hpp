// The checkout: the shopper's cart becomes one order per merchant under one checkout, in ONE
// transaction that reads the cart again, prices every line now (catalog), checks that each merchant
// still sells (platform), computes each order's delivery fee (orders' shipping rules), reserves the
// stock (inventory: a conditional increment per row, rows locked in one fixed order), writes the
// checkout, its orders and their pending payments (orders), and takes the ordered lines out of the
// cart. Either all of it commits or none of it.
//
// Then the order's life: the customer pays by card (the gateway is called outside any transaction;
// the capture moves the orders to paid in the transaction that records it), or the merchant confirms
// a bank transfer, and fulfils the order (its reservation becomes a sale when it ships or is picked
// up); cancellation releases the stock and refunds what was paid; returns restock when asked; the
// sweeper cancels orders whose payment did not arrive in time.
//
// The offline channel (docs/routing.md): the checkout routes each order by the merchant's routing
// policy (flows/order_routing.hpp) and records on the order where it is fulfilled from and which shop
// it credits; the transaction that makes an order paid credits that shop in the credit ledger, and
// those that refund or take goods back (a cancellation after payment, a return) reverse their part.
//
// The customer (issue 7; flows/customer_flows.hpp): points spent at checkout are redeemed in its
// transaction; every transaction that makes an order paid records the buyer, the purchase and the
// points earned, those that refund reverse their part, and an order cancelled unpaid gives its
// points back.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/product.hpp"
#include "channels/credit.hpp"
#include "channels/routing.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "flows/cart.hpp"
#include "flows/customer_flows.hpp"
#include "inventory/location.hpp"
#include "inventory/stock.hpp"
#include "orders/address.hpp"
#include "orders/cart.hpp"
#include "orders/order.hpp"
#include "orders/payment.hpp"
#include "orders/shipping.hpp"
#include "platform/merchant.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

// How one merchant's part of the cart is to be fulfilled.
struct CheckoutOrderInput {
    platform::MerchantId merchant;
    orders::Fulfilment fulfilment = orders::Fulfilment::kDelivery;
    orders::DeliveryAddress address;              // delivery
    std::optional<inventory::LocationId> pickup;  // pickup: one of the merchant's pickup shops
};

struct CheckoutInput {
    orders::CartOwner owner;
    // The contact: for a signed-in customer the flow's caller fills it from the account when empty.
    std::string email;
    std::string name;
    std::string phone;
    orders::PaymentMethod method = orders::PaymentMethod::kCard;
    std::vector<CheckoutOrderInput> orders;  // one per merchant of the cart
    // The total the shopper was shown; when given and different now, kFailedPrecondition "total_changed".
    std::optional<std::int64_t> expected_total_won;
    // Points to spend with merchants of the cart (a signed-in buyer's; 1 point = 1 won off the goods).
    std::vector<PointsToSpend> points;
};

struct CheckoutOutcome {
    orders::Checkout checkout;
    std::vector<orders::Payment> payments;
};

// Runs inside the checkout's transaction after everything else, with what it made (the route
// records the idempotent answer there, so that the answer commits with the orders).
using CheckoutCommitHook = std::function<core::Status(store::Tx&, const CheckoutOutcome&)>;

struct CheckoutOptions {
    // How long an order paid by bank transfer or card may stay unpaid before the sweeper cancels it
    // and releases its stock.
    std::chrono::minutes bank_transfer_timeout{30};
    std::chrono::minutes card_timeout{15};
};

// Why a checkout could not go ahead, line by line (409 "cart_changed" carries them as field errors
// "lines.<variant id>" with the problem as the code).
struct LineIssue {
    catalog::VariantId variant;
    LineProblem problem = LineProblem::kNone;
    core::Money was;  // the price the shopper saw
    core::Money now;  // the price now
    std::int64_t available = 0;
};

// What an order names only by id, for showing it: its merchant and its pickup shop.
struct OrderContext {
    std::unordered_map<std::int64_t, platform::Merchant> merchants;
    std::unordered_map<std::int64_t, inventory::Location> pickup_places;
};

// Thread-safe: holds references only.
class CheckoutFlows {
public:
    CheckoutFlows(store::Db& db, core::Clock& clock, core::Random& random, CartFlows& carts_view,
                  orders::CartService& carts, orders::OrderService& orders, orders::PaymentService& payments,
                  orders::ShippingService& shipping, inventory::LocationService& locations,
                  inventory::StockService& stock, channels::RoutingService& routing, channels::CreditService& credits,
                  CheckoutOptions options = {}, CustomerFlows* customers = nullptr)
        : db_(db),
          clock_(clock),
          random_(random),
          carts_view_(carts_view),
          carts_(carts),
          orders_(orders),
          payments_(payments),
          shipping_(shipping),
          locations_(locations),
          stock_(stock),
          routing_(routing),
          credits_(credits),
          options_(options),
          customers_(customers) {}

    // The checkout. Errors, with nothing changed:
    //   kInvalidArgument "invalid_checkout" with field errors (email, name, phone, method,
    //     orders[i].merchant_id: not_in_cart / duplicate_merchant, orders: merchant_missing (a merchant of
    //     the cart without its fulfilment), orders[i].fulfilment, orders[i].address.*,
    //     orders[i].pickup_location_id: not_a_pickup_place, …);
    //   kFailedPrecondition "cart_empty";
    //   kConflict "cart_changed": a line's price changed, its stock is short or it is no longer sold;
    //     the field errors name the lines ("lines.var_…": price_changed / short_of_stock / unavailable)
    //     and the cart now remembers the new prices, so that the shopper can look and try again;
    //   kFailedPrecondition "total_changed" when expected_total_won is not the total now;
    //   kInvalidArgument "invalid_points" (points[i].merchant_id: not_in_cart / duplicate_merchant;
    //     points[i].points: out_of_range / over_goods_total / below_minimum; points: signed_in_only);
    //   kFailedPrecondition "insufficient_points" when a balance is smaller.
    core::Result<CheckoutOutcome> Checkout(const CheckoutInput& input, const CheckoutCommitHook& on_commit = {});

    // Pays a checkout's card orders: one charge at the gateway for their total; the captured orders
    // become paid. The checkout must be the owner's (a guest: their cart's).
    core::Result<orders::CardChargeResult> PayByCard(orders::CheckoutId checkout,
                                                     std::optional<platform::UserId> customer,
                                                     const orders::CardInput& card);

    // The merchant's staff: the deposit of a bank transfer arrived, so the order is paid; or the
    // money of a pay-at-pickup / cash-on-delivery order was collected.
    core::Result<orders::Order> ConfirmPayment(platform::MerchantId merchant, orders::OrderId order,
                                               platform::UserId staff, std::int64_t expected_version);

    // The merchant moves an order on (preparing, shipped, ready_for_pickup, delivered, picked_up,
    // completed). Shipping or picking up turns the order's reservations into sales.
    core::Result<orders::Order> Advance(platform::MerchantId merchant, orders::OrderId order, orders::OrderStatus to,
                                        platform::UserId staff, std::int64_t expected_version,
                                        const orders::TransitionDetails& details);

    // Cancels an order before it ships: by the customer (their own, `merchant` none) or the merchant.
    // The stock goes back, an unpaid payment is cancelled, a paid one refunded in full.
    core::Result<orders::Order> Cancel(orders::OrderId order, std::optional<platform::MerchantId> merchant,
                                       std::optional<platform::UserId> customer, const orders::Actor& actor,
                                       std::optional<std::int64_t> expected_version, std::string_view reason);

    // A return and/or a refund, full or partial, of a merchant's order; returned units go back on hand
    // when `restock`.
    // `on_commit` runs last inside the transaction (the route records the idempotent answer there).
    using ReturnCommitHook = std::function<core::Status(store::Tx&, const orders::ReturnResult&)>;
    core::Result<orders::ReturnResult> Return(platform::MerchantId merchant, orders::OrderId order,
                                              const std::vector<orders::ReturnLine>& lines, core::Money refund,
                                              bool restock, std::string_view reason, platform::UserId staff,
                                              const ReturnCommitHook& on_commit = {});

    // Applies a payment provider's webhook: captured charges move their orders to paid.
    core::Result<orders::WebhookOutcome> Webhook(std::string_view provider, const orders::WebhookHeaders& headers,
                                                 std::string_view body);

    // The merchants and pickup shops of these orders, in a few statements whatever their number.
    core::Result<OrderContext> ContextOf(const std::vector<orders::Order>& orders);

    // Cancels orders unpaid past their due time, releasing their stock; answers how many. The sweeper
    // of each server calls it every few seconds; two servers cancelling one order do it once.
    core::Result<int> CancelOverdue(int limit = 100);
    // Asks the gateway again for card refunds it did not answer (it was unreachable); answers how many
    // are now settled. A refused one gives its order the amount back to refund.
    core::Result<int> RetryRefunds(int limit = 100);

private:
    orders::PaymentService::RefundHook UndoRefund(platform::MerchantId merchant);
    core::Status MarkPaidInTx(store::Tx& tx, const std::vector<orders::PaidOrder>& paid);
    // Reserves a delivery order's stock where the routing policy says and records the decision on the
    // draft; a refusal is the shortfalls (nothing reserved).
    core::Result<inventory::ReservationResult> RouteDeliveryInTx(
        store::Tx& tx, orders::OrderDraft& order, std::span<const inventory::ReservationRequest> requests);
    // The order became paid: its territory shop (if any) is credited with its goods.
    core::Status CreditPaidInTx(store::Tx& tx, const orders::Order& order, const orders::Actor& actor);
    // A refund or return of the order was recorded: its credit gives back that part.
    core::Status ReverseCreditInTx(store::Tx& tx, const orders::ReturnResult& recorded, const orders::Actor& actor);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    CartFlows& carts_view_;
    orders::CartService& carts_;
    orders::OrderService& orders_;
    orders::PaymentService& payments_;
    orders::ShippingService& shipping_;
    inventory::LocationService& locations_;
    inventory::StockService& stock_;
    channels::RoutingService& routing_;
    channels::CreditService& credits_;
    CheckoutOptions options_;
    CustomerFlows* customers_;  // what an order does to its customer (records, purchases, points); may be none
};

}  // namespace jangteo::flows
