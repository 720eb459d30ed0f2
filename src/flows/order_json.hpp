// The JSON of the cart, checkouts, orders, payments and shipping rules, and their schemas for the API
// description: one place, so that the shopper's and the merchant's routes show an order the same way.
#pragma once

#include <vector>

#include "channels/credit.hpp"
#include "core/json.hpp"
#include "flows/cart.hpp"
#include "inventory/location.hpp"
#include "orders/order.hpp"
#include "orders/payment.hpp"
#include "orders/shipping.hpp"

namespace jangteo::flows {

core::json::object CartJson(const CartView& cart);
core::json::object CartSchema();

// An order with its lines; `events` and `payment` when the caller read them.
core::json::object OrderJson(const orders::Order& order, const std::vector<orders::OrderEvent>* events = nullptr,
                             const orders::Payment* payment = nullptr,
                             const std::vector<orders::PaymentRefund>* refunds = nullptr);
core::json::object OrderSchema();

// Adds the order's merchant {id, name_ko, name_en, phone} and its pickup shop (name, address, phone,
// hours) to the JSON of an order, as far as `context` knows them.
struct OrderContext;
void AddOrderContext(core::json::object& order, const orders::Order& source, const OrderContext& context);

// The merchant's view of how an order was routed and credited (docs/routing.md): the reason, the
// location that fulfils it and the shop credited, named when `locations` (the merchant's) are given,
// and the order's credit ledger entries when `credits` are. Set as "routing" on the order's JSON.
void AddRoutingJson(core::json::object& order, const orders::Order& source,
                    const std::vector<inventory::Location>* locations = nullptr,
                    const std::vector<channels::CreditEntry>* credits = nullptr);

core::json::object CheckoutJson(const orders::Checkout& checkout, const std::vector<orders::Payment>& payments,
                                const OrderContext* context = nullptr);
core::json::object CheckoutSchema();

core::json::object PaymentJson(const orders::Payment& payment);
core::json::object PaymentSchema();

core::json::object ShippingJson(const orders::ShippingRules& rules);
core::json::object ShippingSchema();

core::json::object AddressSchema();

}  // namespace jangteo::flows
