// The order state machine as a table: for every status, fulfilment, payment method and payment
// status, which targets TransitionAllowed accepts; and the VAT included in an amount.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "orders/order.hpp"

namespace jangteo::orders {
namespace {

using S = OrderStatus;

constexpr S kAll[] = {S::kPendingPayment, S::kPaid,     S::kPreparing, S::kShipped,  S::kReadyForPickup,
                      S::kDelivered,      S::kPickedUp, S::kCompleted, S::kCancelled};

Order Make(S status, Fulfilment f, PaymentMethod m, PaymentStatus p = PaymentStatus::kUnpaid) {
    Order o;
    o.status = status;
    o.fulfilment = f;
    o.payment_method = m;
    o.payment_status = p;
    return o;
}

std::set<S> Allowed(const Order& o) {
    std::set<S> out;
    for (S to : kAll) {
        if (OrderService::TransitionAllowed(o, to)) out.insert(to);
    }
    return out;
}

TEST(OrderRulesTest, PrepaidDelivery) {
    auto at = [](S s, PaymentStatus p = PaymentStatus::kPaid) {
        return Allowed(Make(s, Fulfilment::kDelivery, PaymentMethod::kCard, p));
    };
    EXPECT_EQ(at(S::kPendingPayment, PaymentStatus::kUnpaid), (std::set<S>{S::kPaid, S::kCancelled}));
    EXPECT_EQ(at(S::kPaid), (std::set<S>{S::kPreparing, S::kCancelled}));
    EXPECT_EQ(at(S::kPreparing), (std::set<S>{S::kShipped, S::kCancelled}));
    EXPECT_EQ(at(S::kShipped), (std::set<S>{S::kDelivered}));
    EXPECT_EQ(at(S::kDelivered), (std::set<S>{S::kCompleted}));
    EXPECT_EQ(at(S::kCompleted), (std::set<S>{}));
    EXPECT_EQ(at(S::kCancelled), (std::set<S>{}));
}

TEST(OrderRulesTest, PrepaidPickup) {
    auto at = [](S s) {
        return Allowed(Make(s, Fulfilment::kPickup, PaymentMethod::kBankTransfer, PaymentStatus::kPaid));
    };
    EXPECT_EQ(at(S::kPreparing), (std::set<S>{S::kReadyForPickup, S::kCancelled}));
    EXPECT_EQ(at(S::kReadyForPickup), (std::set<S>{S::kPickedUp, S::kCancelled}));
    EXPECT_EQ(at(S::kPickedUp), (std::set<S>{S::kCompleted}));
}

TEST(OrderRulesTest, DeferredMethodsSkipPaidAndMustBePaidToComplete) {
    Order pickup = Make(S::kPendingPayment, Fulfilment::kPickup, PaymentMethod::kPayAtPickup);
    EXPECT_EQ(Allowed(pickup), (std::set<S>{S::kPreparing, S::kCancelled}));
    pickup.status = S::kPickedUp;
    EXPECT_EQ(Allowed(pickup), (std::set<S>{}));
    pickup.payment_status = PaymentStatus::kPaid;
    EXPECT_EQ(Allowed(pickup), (std::set<S>{S::kCompleted}));
    Order cod = Make(S::kDelivered, Fulfilment::kDelivery, PaymentMethod::kCashOnDelivery);
    EXPECT_EQ(Allowed(cod), (std::set<S>{}));
    cod.payment_status = PaymentStatus::kPartiallyRefunded;
    EXPECT_EQ(Allowed(cod), (std::set<S>{S::kCompleted}));
}

TEST(OrderRulesTest, NamesRoundTrip) {
    for (S s : kAll) EXPECT_EQ(ParseOrderStatus(OrderStatusName(s)), s);
    EXPECT_EQ(ParseOrderStatus("shipping"), std::nullopt);
    for (PaymentMethod m : {PaymentMethod::kBankTransfer, PaymentMethod::kCard, PaymentMethod::kPayAtPickup,
                            PaymentMethod::kCashOnDelivery}) {
        EXPECT_EQ(ParsePaymentMethod(PaymentMethodName(m)), m);
    }
    EXPECT_TRUE(IsDeferred(PaymentMethod::kPayAtPickup));
    EXPECT_FALSE(IsDeferred(PaymentMethod::kBankTransfer));
}

TEST(OrderRulesTest, IncludedVat) {
    const std::pair<std::int64_t, std::int64_t> cases[] = {
        {0, 0},          {1, 0},       {5, 0},
        {6, 1},          {11, 1},      {11'000, 1'000},
        {12'900, 1'173}, {3'000, 273}, {9'223'372'036'854'775'807LL, 838'488'366'986'797'801LL}};
    for (auto [amount, vat] : cases) EXPECT_EQ(IncludedVatWon(amount), vat) << amount;
}

}  // namespace
}  // namespace jangteo::orders
