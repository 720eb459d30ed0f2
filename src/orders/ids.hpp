// The typed ids of the orders module, in one place so that the cart, the orders and the payments
// name them the same way: crt_… a cart, chk_… a checkout (one payment, one order per merchant),
// ord_… an order, pay_… a payment, rtn_… a return.
#pragma once

#include <string_view>

#include "core/id.hpp"

namespace jangteo::orders {

struct CartTag {
    static constexpr std::string_view kPrefix = "crt";
};
using CartId = core::Id<CartTag>;

struct CheckoutTag {
    static constexpr std::string_view kPrefix = "chk";
};
using CheckoutId = core::Id<CheckoutTag>;

struct OrderTag {
    static constexpr std::string_view kPrefix = "ord";
};
using OrderId = core::Id<OrderTag>;

struct PaymentTag {
    static constexpr std::string_view kPrefix = "pay";
};
using PaymentId = core::Id<PaymentTag>;

struct ReturnTag {
    static constexpr std::string_view kPrefix = "rtn";
};
using ReturnId = core::Id<ReturnTag>;

}  // namespace jangteo::orders
