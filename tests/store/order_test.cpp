// Checkouts and orders on every backend: totals and the VAT included, validation that writes nothing,
// every allowed transition with its events and mails, a table of refused ones that change nothing,
// versions, returns and refunds, scoping to the customer and the merchant, keyset pages, and the
// sweeper's query.
#include "orders/order.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "orders_fixture.hpp"

namespace jangteo::store_test {
namespace {

using core::Money;
using orders::Actor;
using orders::Fulfilment;
using orders::OrderStatus;
using orders::PaymentMethod;
using orders::PaymentStatus;
using S = orders::OrderStatus;
using namespace std::chrono_literals;

class OrderTest : public OrdersFixture {
protected:
    void SetUp() override {
        OrdersFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        orders_.emplace(db(), clock_, random_);
    }

    static orders::DeliveryAddress Haeundae() {
        return {.recipient = "김민수",
                .phone = "010-1234-5678",
                .postal_code = "48058",
                .road_address = "부산광역시 해운대구 해운대해변로 264",
                .detail = "101동 1001호"};
    }

    static orders::OrderLineDraft LineDraft(std::int64_t variant, std::int64_t unit, std::int64_t qty,
                                            orders::LineVat vat = orders::LineVat::kTaxable) {
        return {.variant_key = variant,
                .product_key = variant + 100,
                .sku = "SKU-" + std::to_string(variant),
                .title_ko = "상품 " + std::to_string(variant),
                .title_en = "Item " + std::to_string(variant),
                .options_json = R"({"size":"L"})",
                .vat = vat,
                .unit_price = Money::Won(unit),
                .quantity = qty,
                .location_key = 77};
    }

    // Fish shop delivers (two taxable mackerel and an exempt bag of rice, 3,000 shipping); the shoe
    // shop's order is picked up.
    orders::CheckoutDraft TwoMerchants(PaymentMethod method = PaymentMethod::kCard) {
        orders::CheckoutDraft d;
        d.customer = {.user = minsu_, .email = "Minsu@Example.kr", .name = "김민수", .phone = "01012345678"};
        d.payment_method = method;
        if (!orders::IsDeferred(method)) d.payment_due = clock_.Now() + 30min;
        d.orders.push_back({.merchant = fish_shop_,
                            .fulfilment = Fulfilment::kDelivery,
                            .address = Haeundae(),
                            .shipping_fee = Money::Won(3'000),
                            .lines = {LineDraft(1, 12'900, 2), LineDraft(2, 8'000, 1, orders::LineVat::kExempt)}});
        d.orders.push_back({.merchant = shoe_shop_,
                            .fulfilment = Fulfilment::kPickup,
                            .pickup_location_key = 501,
                            .lines = {LineDraft(3, 59'000, 1)}});
        return d;
    }

    // One order of the fish shop with this fulfilment and method.
    orders::Order Single(Fulfilment f, PaymentMethod m, std::optional<platform::UserId> user = std::nullopt) {
        orders::CheckoutDraft d;
        d.customer = {.user = user ? user : std::optional(minsu_),
                      .email = "minsu@example.kr",
                      .name = "김민수",
                      .phone = "010-1234-5678"};
        d.payment_method = m;
        if (!orders::IsDeferred(m)) d.payment_due = clock_.Now() + 30min;
        orders::OrderDraft o{.merchant = fish_shop_, .fulfilment = f, .lines = {LineDraft(1, 10'000, 3)}};
        if (f == Fulfilment::kDelivery) {
            o.address = Haeundae();
            o.shipping_fee = Money::Won(3'000);
        } else {
            o.pickup_location_key = 501;
        }
        d.orders.push_back(o);
        auto c = Create(d);
        return c ? c->orders.at(0) : orders::Order{};
    }

    std::optional<orders::Checkout> Create(const orders::CheckoutDraft& d) {
        auto c = db().Write([&](store::Tx& tx) { return orders_->CreateCheckoutInTx(tx, d); });
        EXPECT_TRUE(c.ok()) << c.error().message
                            << (c.ok() || c.error().fields.empty() ? "" : " " + c.error().fields[0].field);
        if (!c.ok()) return std::nullopt;
        return *c;
    }

    core::Result<orders::Order> Move(const orders::Order& o, S to, orders::TransitionDetails details = {}) {
        return orders_->Transition(o.id, fish_shop_, to, Actor::Staff(jiyoung_), o.version, details);
    }

    // Moves `o` along `path`, each step expected to succeed.
    orders::Order Walk(orders::Order o, std::vector<S> path) {
        for (S to : path) {
            orders::TransitionDetails details;
            if (to == S::kShipped) details = {.carrier = "CJ대한통운", .tracking_number = "6543-2109-8765"};
            if ((to == S::kDelivered || to == S::kPickedUp) && orders::IsDeferred(o.payment_method)) {
                details.payment_collected = true;
            }
            auto next = Move(o, to, details);
            EXPECT_TRUE(next.ok()) << orders::OrderStatusName(o.status) << " -> " << orders::OrderStatusName(to) << ": "
                                   << next.error().message;
            if (!next.ok()) return o;
            EXPECT_EQ(next->status, to);
            EXPECT_EQ(next->version, o.version + 1);
            o = *next;
        }
        return o;
    }

    std::int64_t Events(orders::OrderId id) {
        return QueryInt("SELECT count(*) FROM orders_order_events WHERE order_id = $1", {id.key()});
    }
    std::int64_t Mails(std::string_view kind) {
        return QueryInt("SELECT count(*) FROM platform_outbox WHERE kind = $1", {kind});
    }

    std::optional<orders::OrderService> orders_;
};

TEST_P(OrderTest, CheckoutSplitsPerMerchantWithTotalsAndVat) {
    auto c = Create(TwoMerchants());
    ASSERT_TRUE(c);
    EXPECT_EQ(c->customer.email, "minsu@example.kr");
    EXPECT_EQ(c->customer.phone, "010-1234-5678");
    ASSERT_EQ(c->orders.size(), 2u);
    const orders::Order& fish = c->orders[0];
    EXPECT_EQ(fish.subtotal, Money::Won(33'800));
    EXPECT_EQ(fish.total, Money::Won(36'800));
    // VAT of the taxable lines and the shipping fee: 28,800 − round(28,800 ÷ 1.1) = 2,618.
    EXPECT_EQ(fish.vat, Money::Won(2'618));
    EXPECT_EQ(fish.lines[0].line_total, Money::Won(25'800));
    const orders::Order& shoes = c->orders[1];
    EXPECT_EQ(shoes.total, Money::Won(59'000));
    EXPECT_EQ(shoes.vat, Money::Won(5'364));
    EXPECT_EQ(c->total, Money::Won(95'800));
    EXPECT_EQ(Count("orders_checkouts"), 1);
    EXPECT_EQ(Count("orders_orders"), 2);
    EXPECT_EQ(Count("orders_order_lines"), 3);
    EXPECT_EQ(Count("orders_order_events"), 2);
    EXPECT_EQ(Mails("order_placed"), 1);
    // An order's total is the sum of its lines and its shipping fee, as stored.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_orders o WHERE o.total_won <> o.shipping_fee_won +"
                       " (SELECT SUM(l.line_total_won) FROM orders_order_lines l WHERE l.order_id = o.id)"),
              0);

    // Read back as stored, by the customer, the merchant and the checkout.
    auto mine = orders_->GetForCustomer(minsu_, fish.id);
    ASSERT_TRUE(mine.ok()) << mine.error().message;
    EXPECT_EQ(mine->status, S::kPendingPayment);
    EXPECT_EQ(mine->payment_status, PaymentStatus::kUnpaid);
    ASSERT_TRUE(mine->address);
    EXPECT_EQ(mine->address->postal_code, "48058");
    EXPECT_EQ(mine->lines.size(), 2u);
    EXPECT_EQ(mine->lines[1].vat, orders::LineVat::kExempt);
    EXPECT_EQ(mine->lines[0].options_json, R"({"size":"L"})");
    EXPECT_EQ(mine->payment_due, clock_.Now() + 30min);
    auto theirs = orders_->GetForMerchant(shoe_shop_, shoes.id);
    ASSERT_TRUE(theirs.ok());
    EXPECT_EQ(theirs->pickup_location_key, 501);
    EXPECT_FALSE(theirs->address);
    auto checkout = orders_->ByCheckout(c->id, minsu_);
    ASSERT_TRUE(checkout.ok()) << checkout.error().message;
    EXPECT_EQ(checkout->total, Money::Won(95'800));
    EXPECT_EQ(checkout->orders.size(), 2u);
    auto events = orders_->EventsForCustomer(minsu_, fish.id);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].from, std::nullopt);
    EXPECT_EQ((*events)[0].to, S::kPendingPayment);
    EXPECT_EQ((*events)[0].actor.kind, orders::ActorKind::kCustomer);

    std::string body = QueryInt("SELECT count(*) FROM platform_outbox WHERE body LIKE $1",
                                {"%" + fish.id.ToString() + "%36,800원%"}) == 1
                           ? "ok"
                           : "missing";
    EXPECT_EQ(body, "ok");
    // The payment time in Korea's time, in both languages.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_outbox WHERE body LIKE $1",
                       {std::string_view("%결제 기한 2026-11-18 20:36 KST%Pay by 2026-11-18 20:36 KST%")}),
              1);
}

TEST_P(OrderTest, OthersSeeNotFound) {
    auto c = Create(TwoMerchants());
    ASSERT_TRUE(c);
    const orders::OrderId fish = c->orders[0].id;
    auto other_customer = orders_->GetForCustomer(jiyoung_, fish);
    ASSERT_FALSE(other_customer.ok());
    EXPECT_EQ(other_customer.error().reason, "order_not_found");
    auto other_merchant = orders_->GetForMerchant(shoe_shop_, fish);
    ASSERT_FALSE(other_merchant.ok());
    EXPECT_EQ(other_merchant.error().code, core::ErrorCode::kNotFound);
    EXPECT_FALSE(orders_->ByCheckout(c->id, jiyoung_).ok());
    EXPECT_FALSE(orders_->ByCheckout(c->id, std::nullopt).ok());
    EXPECT_FALSE(orders_->EventsForMerchant(shoe_shop_, fish).ok());
    EXPECT_FALSE(orders_->EventsForCustomer(jiyoung_, fish).ok());
    // Another merchant cannot move it either.
    auto moved = orders_->Transition(fish, shoe_shop_, S::kCancelled, Actor::Staff(jiyoung_), 1);
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().reason, "order_not_found");
    EXPECT_EQ(orders_->GetForMerchant(fish_shop_, fish)->status, S::kPendingPayment);
}

TEST_P(OrderTest, BadCheckoutsWriteNothing) {
    orders::CheckoutDraft d = TwoMerchants(PaymentMethod::kBankTransfer);
    d.customer.email = "not an email";
    d.payment_due.reset();
    d.orders[0].address.postal_code = "4805";
    d.orders[0].lines[0].quantity = 0;
    d.orders[0].lines[1].unit_price = Money::Won(-1);
    d.orders[1].merchant = fish_shop_;  // twice
    d.orders[1].pickup_location_key.reset();
    auto c = db().Write([&](store::Tx& tx) { return orders_->CreateCheckoutInTx(tx, d); });
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(c.error().reason, "invalid_checkout");
    std::vector<std::string> fields;
    for (const auto& f : c.error().fields) fields.push_back(f.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"email", "payment_due_at", "orders[0].address.postal_code",
                                                "orders[0].lines[0].quantity", "orders[0].lines[1].unit_price_won",
                                                "orders[1].merchant_id", "orders[1].pickup_location_id"}));

    orders::CheckoutDraft none = TwoMerchants();
    none.orders.clear();
    auto empty = db().Write([&](store::Tx& tx) { return orders_->CreateCheckoutInTx(tx, none); });
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().fields.at(0).field, "orders");

    orders::CheckoutDraft big = TwoMerchants();
    big.orders[0].lines.assign(101, LineDraft(1, 1'000, 1));
    big.orders[1].lines[0].quantity = 1000;
    auto too_many = db().Write([&](store::Tx& tx) { return orders_->CreateCheckoutInTx(tx, big); });
    ASSERT_FALSE(too_many.ok());
    EXPECT_EQ(too_many.error().fields.at(0).field, "orders[0].lines");
    EXPECT_EQ(too_many.error().fields.at(1).field, "orders[1].lines[0].quantity");

    orders::CheckoutDraft pickup_pay = TwoMerchants(PaymentMethod::kPayAtPickup);
    auto mismatch = db().Write([&](store::Tx& tx) { return orders_->CreateCheckoutInTx(tx, pickup_pay); });
    ASSERT_FALSE(mismatch.ok());
    EXPECT_EQ(mismatch.error().fields.at(0).field, "orders[0].fulfilment");

    EXPECT_EQ(Count("orders_checkouts"), 0);
    EXPECT_EQ(Count("orders_orders"), 0);
    EXPECT_EQ(Count("orders_order_lines"), 0);
    EXPECT_EQ(Count("orders_order_events"), 0);
    EXPECT_EQ(Count("platform_outbox"), 0);
}

TEST_P(OrderTest, EveryAllowedPath) {
    orders::Order card = Walk(Single(Fulfilment::kDelivery, PaymentMethod::kCard),
                              {S::kPaid, S::kPreparing, S::kShipped, S::kDelivered, S::kCompleted});
    EXPECT_EQ(card.status, S::kCompleted);
    EXPECT_EQ(card.payment_status, PaymentStatus::kPaid);
    EXPECT_EQ(card.carrier, "CJ대한통운");
    EXPECT_EQ(card.tracking_number, "6543-2109-8765");
    EXPECT_EQ(Events(card.id), 6);
    auto events = orders_->EventsForMerchant(fish_shop_, card.id);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ((*events)[3].from, S::kPreparing);
    EXPECT_EQ((*events)[3].to, S::kShipped);
    EXPECT_EQ((*events)[3].actor.kind, orders::ActorKind::kStaff);
    EXPECT_EQ((*events)[3].actor.user, jiyoung_);

    orders::Order bank = Walk(Single(Fulfilment::kPickup, PaymentMethod::kBankTransfer),
                              {S::kPaid, S::kPreparing, S::kReadyForPickup, S::kPickedUp, S::kCompleted});
    EXPECT_EQ(bank.status, S::kCompleted);
    orders::Order at_shop = Walk(Single(Fulfilment::kPickup, PaymentMethod::kPayAtPickup),
                                 {S::kPreparing, S::kReadyForPickup, S::kPickedUp, S::kCompleted});
    EXPECT_EQ(at_shop.payment_status, PaymentStatus::kPaid);
    orders::Order cod = Walk(Single(Fulfilment::kDelivery, PaymentMethod::kCashOnDelivery),
                             {S::kPreparing, S::kShipped, S::kDelivered, S::kCompleted});
    EXPECT_EQ(cod.status, S::kCompleted);

    for (const auto& path : std::vector<std::vector<S>>{{S::kCancelled},
                                                        {S::kPaid, S::kCancelled},
                                                        {S::kPaid, S::kPreparing, S::kCancelled},
                                                        {S::kPaid, S::kPreparing, S::kReadyForPickup, S::kCancelled}}) {
        orders::Order o = Walk(Single(Fulfilment::kPickup, PaymentMethod::kCard), path);
        EXPECT_EQ(o.status, S::kCancelled);
    }
    // Mails: every placed order, and paid, shipped, ready for pickup, cancelled.
    EXPECT_EQ(Mails("order_placed"), 8);
    EXPECT_EQ(Mails("order_paid"), 5);
    EXPECT_EQ(Mails("order_shipped"), 2);
    EXPECT_EQ(Mails("order_ready_for_pickup"), 3);
    EXPECT_EQ(Mails("order_cancelled"), 4);
}

TEST_P(OrderTest, RefusedTransitionsChangeNothing) {
    struct Case {
        Fulfilment fulfilment;
        PaymentMethod method;
        std::vector<S> path;  // to reach the status under test
        std::vector<S> refused;
    };
    const std::vector<Case> cases = {
        {Fulfilment::kDelivery,
         PaymentMethod::kCard,
         {},
         {S::kPendingPayment, S::kPreparing, S::kShipped, S::kReadyForPickup, S::kDelivered, S::kPickedUp,
          S::kCompleted}},
        {Fulfilment::kPickup, PaymentMethod::kPayAtPickup, {}, {S::kPaid, S::kShipped, S::kCompleted}},
        {Fulfilment::kDelivery,
         PaymentMethod::kCard,
         {S::kPaid},
         {S::kPaid, S::kShipped, S::kDelivered, S::kCompleted}},
        {Fulfilment::kDelivery,
         PaymentMethod::kCard,
         {S::kPaid, S::kPreparing},
         {S::kReadyForPickup, S::kDelivered, S::kPaid, S::kCompleted}},
        {Fulfilment::kPickup, PaymentMethod::kCard, {S::kPaid, S::kPreparing}, {S::kShipped, S::kPickedUp}},
        {Fulfilment::kDelivery,
         PaymentMethod::kCard,
         {S::kPaid, S::kPreparing, S::kShipped},
         {S::kCancelled, S::kCompleted, S::kPreparing, S::kPickedUp}},
        {Fulfilment::kPickup,
         PaymentMethod::kCard,
         {S::kPaid, S::kPreparing, S::kReadyForPickup},
         {S::kCompleted, S::kShipped, S::kDelivered}},
        {Fulfilment::kDelivery,
         PaymentMethod::kCard,
         {S::kPaid, S::kPreparing, S::kShipped, S::kDelivered},
         {S::kCancelled, S::kShipped, S::kPickedUp}},
        {Fulfilment::kDelivery,
         PaymentMethod::kCard,
         {S::kPaid, S::kPreparing, S::kShipped, S::kDelivered, S::kCompleted},
         {S::kCancelled, S::kPaid, S::kDelivered, S::kPendingPayment}},
        {Fulfilment::kDelivery,
         PaymentMethod::kCard,
         {S::kCancelled},
         {S::kPendingPayment, S::kPaid, S::kPreparing, S::kCompleted}},
    };
    for (const Case& c : cases) {
        orders::Order o = Walk(Single(c.fulfilment, c.method), c.path);
        const std::int64_t events = Events(o.id);
        const std::int64_t mails = Count("platform_outbox");
        for (S to : c.refused) {
            auto r = Move(o, to, {.carrier = "한진택배", .tracking_number = "123"});
            ASSERT_FALSE(r.ok()) << orders::OrderStatusName(o.status) << " -> " << orders::OrderStatusName(to);
            EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
            EXPECT_EQ(r.error().reason, "invalid_transition");
            EXPECT_NE(r.error().message.find(std::string(orders::OrderStatusName(o.status))), std::string::npos);
            auto now = orders_->GetForMerchant(fish_shop_, o.id);
            ASSERT_TRUE(now.ok());
            EXPECT_EQ(now->status, o.status);
            EXPECT_EQ(now->version, o.version);
            EXPECT_EQ(Events(o.id), events);
            EXPECT_EQ(Count("platform_outbox"), mails);
        }
    }
}

TEST_P(OrderTest, VersionsDetailsAndDeferredPayment) {
    orders::Order o = Walk(Single(Fulfilment::kDelivery, PaymentMethod::kCashOnDelivery), {S::kPreparing});
    auto stale = orders_->Transition(o.id, fish_shop_, S::kCancelled, Actor::Staff(jiyoung_), o.version - 1);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().reason, "version_changed");
    auto untracked = Move(o, S::kShipped, {.carrier = "", .tracking_number = "12 34"});
    ASSERT_FALSE(untracked.ok());
    EXPECT_EQ(untracked.error().reason, "invalid_transition_details");
    ASSERT_EQ(untracked.error().fields.size(), 2u);
    EXPECT_EQ(untracked.error().fields[0].field, "carrier");
    EXPECT_EQ(untracked.error().fields[1].field, "tracking_number");
    o = Walk(o, {S::kShipped});
    auto delivered = Move(o, S::kDelivered);  // without collecting the money
    ASSERT_TRUE(delivered.ok());
    o = *delivered;
    auto complete = Move(o, S::kCompleted);
    ASSERT_FALSE(complete.ok());
    EXPECT_EQ(complete.error().reason, "payment_outstanding");
    auto paid = db().Write([&](store::Tx& tx) {
        return orders_->RecordDeferredPaymentInTx(tx, fish_shop_, o.id, Actor::Staff(jiyoung_), o.version);
    });
    ASSERT_TRUE(paid.ok()) << paid.error().message;
    EXPECT_EQ(paid->payment_status, PaymentStatus::kPaid);
    auto twice = db().Write([&](store::Tx& tx) {
        return orders_->RecordDeferredPaymentInTx(tx, fish_shop_, o.id, Actor::Staff(jiyoung_), std::nullopt);
    });
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().reason, "already_paid");
    o = Walk(*paid, {S::kCompleted});
    EXPECT_EQ(o.status, S::kCompleted);

    // A system transition (the sweeper) carries no version.
    orders::Order unpaid = Single(Fulfilment::kDelivery, PaymentMethod::kBankTransfer);
    auto unguarded = orders_->Transition(unpaid.id, std::nullopt, S::kCancelled, Actor::System(), std::nullopt);
    ASSERT_FALSE(unguarded.ok());
    EXPECT_EQ(unguarded.error().reason, "unguarded_transition");
    // The sweeper read pending_payment; a payment that arrived meanwhile wins over it.
    orders::Order paid_meanwhile = Walk(Single(Fulfilment::kDelivery, PaymentMethod::kBankTransfer), {S::kPaid});
    auto late = orders_->Transition(paid_meanwhile.id, std::nullopt, S::kCancelled, Actor::System(), std::nullopt,
                                    {.only_from = S::kPendingPayment});
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().reason, "invalid_transition");
    EXPECT_EQ(orders_->GetForMerchant(fish_shop_, paid_meanwhile.id)->status, S::kPaid);
    auto swept = orders_->Transition(unpaid.id, std::nullopt, S::kCancelled, Actor::System(), std::nullopt,
                                     {.note = "입금 기한 경과 / payment time passed", .only_from = S::kPendingPayment});
    ASSERT_TRUE(swept.ok()) << swept.error().message;
    EXPECT_EQ(swept->status, S::kCancelled);
    auto events = orders_->EventsForMerchant(fish_shop_, unpaid.id);
    EXPECT_EQ(events->back().actor.kind, orders::ActorKind::kSystem);
    EXPECT_EQ(events->back().note, "입금 기한 경과 / payment time passed");
}

TEST_P(OrderTest, ReturnsAndRefunds) {
    orders::Order o = Walk(Single(Fulfilment::kDelivery, PaymentMethod::kCard), {S::kPaid});
    // total 33,000: three at 10,000 and 3,000 shipping.
    auto early = db().Write([&](store::Tx& tx) {
        return orders_->RecordReturnInTx(tx, fish_shop_, o.id, {{1, 1}}, Money::Won(10'000), true, "",
                                         Actor::Staff(jiyoung_));
    });
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().reason, "return_not_allowed");
    // A partial refund without goods back is fine once paid.
    auto partial = db().Write([&](store::Tx& tx) {
        return orders_->RecordReturnInTx(tx, fish_shop_, o.id, {}, Money::Won(3'000), false, "배송 지연 보상",
                                         Actor::Staff(jiyoung_));
    });
    ASSERT_TRUE(partial.ok()) << partial.error().message;
    EXPECT_EQ(partial->order.payment_status, PaymentStatus::kPartiallyRefunded);
    EXPECT_EQ(partial->order.refunded, Money::Won(3'000));
    o = Walk(partial->order, {S::kPreparing, S::kShipped, S::kDelivered});

    auto bad = db().Write([&](store::Tx& tx) {
        return orders_->RecordReturnInTx(tx, fish_shop_, o.id, {{1, 2}, {1, 2}, {9, 1}}, Money::Won(30'001), true, "",
                                         Actor::Staff(jiyoung_));
    });
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "invalid_return");
    std::vector<std::string> fields;
    for (const auto& f : bad.error().fields) fields.push_back(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::vector<std::string>{"lines[1].quantity:exceeds_returnable", "lines[2].line_no:unknown_line",
                                                "refund_won:exceeds_refundable"}));

    auto back = db().Write([&](store::Tx& tx) {
        return orders_->RecordReturnInTx(tx, fish_shop_, o.id, {{1, 2}}, Money::Won(20'000), true, "사이즈 교환",
                                         Actor::Staff(jiyoung_));
    });
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->recorded.lines.size(), 1u);
    EXPECT_EQ(back->recorded.lines[0].variant_key, 1);
    EXPECT_EQ(back->recorded.lines[0].location_key, 77);
    EXPECT_EQ(back->order.lines[0].returned_quantity, 2);
    EXPECT_EQ(back->order.refunded, Money::Won(23'000));
    auto rest = db().Write([&](store::Tx& tx) {
        return orders_->RecordReturnInTx(tx, fish_shop_, o.id, {{1, 1}}, Money::Won(10'000), false, "",
                                         Actor::Staff(jiyoung_));
    });
    ASSERT_TRUE(rest.ok()) << rest.error().message;
    EXPECT_EQ(rest->order.payment_status, PaymentStatus::kRefunded);
    auto more = db().Write([&](store::Tx& tx) {
        return orders_->RecordReturnInTx(tx, fish_shop_, o.id, {{1, 1}}, Money::Won(0), false, "",
                                         Actor::Staff(jiyoung_));
    });
    ASSERT_FALSE(more.ok());
    EXPECT_EQ(more.error().fields.at(0).code, "exceeds_returnable");
    EXPECT_EQ(Count("orders_order_returns"), 3);
    auto stored = orders_->GetForMerchant(fish_shop_, o.id);
    EXPECT_EQ(stored->refunded, Money::Won(33'000));
    EXPECT_EQ(stored->lines[0].returned_quantity, 3);

    orders::Order unpaid = Single(Fulfilment::kDelivery, PaymentMethod::kBankTransfer);
    auto nothing = db().Write([&](store::Tx& tx) {
        return orders_->RecordReturnInTx(tx, fish_shop_, unpaid.id, {}, Money::Won(1'000), false, "",
                                         Actor::Staff(jiyoung_));
    });
    ASSERT_FALSE(nothing.ok());
    EXPECT_EQ(nothing.error().reason, "nothing_to_refund");
}

TEST_P(OrderTest, MerchantAndCustomerListsPageByKeyset) {
    std::vector<orders::OrderId> made;  // oldest first
    for (int i = 0; i < 5; ++i) {
        made.push_back(Single(i % 2 == 0 ? Fulfilment::kDelivery : Fulfilment::kPickup, PaymentMethod::kCard,
                              i == 4 ? jiyoung_ : minsu_)
                           .id);
        clock_.Advance(1s);
    }
    // Orders of another merchant never show.
    ASSERT_TRUE(Create(TwoMerchants()));
    std::vector<orders::OrderId> seen;
    orders::OrderQuery q{.limit = 2};
    for (int page = 0; page < 5; ++page) {
        auto p = orders_->ListForMerchant(fish_shop_, q);
        ASSERT_TRUE(p.ok()) << p.error().message;
        for (const auto& o : p->items) {
            seen.push_back(o.id);
            EXPECT_FALSE(o.lines.empty());
        }
        if (!p->next_cursor) break;
        q.cursor = p->next_cursor;
    }
    // Newest first: the two-merchant checkout's fish order, then the five.
    ASSERT_EQ(seen.size(), 6u);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i + 1)], made[static_cast<std::size_t>(4 - i)]);

    auto pickups = orders_->ListForMerchant(fish_shop_, {.fulfilment = Fulfilment::kPickup, .limit = 50});
    ASSERT_TRUE(pickups.ok());
    EXPECT_EQ(pickups->items.size(), 2u);
    auto by_id = orders_->ListForMerchant(fish_shop_, {.q = made[2].ToString(), .limit = 50});
    ASSERT_TRUE(by_id.ok());
    ASSERT_EQ(by_id->items.size(), 1u);
    EXPECT_EQ(by_id->items[0].id, made[2]);
    auto window =
        orders_->ListForMerchant(fish_shop_, {.created_from = core::FromUnixMicros(1'795'000'000'000'000) + 1s,
                                              .created_to = core::FromUnixMicros(1'795'000'000'000'000) + 3s,
                                              .limit = 50});
    ASSERT_TRUE(window.ok());
    EXPECT_EQ(window->items.size(), 2u);
    ASSERT_TRUE(Walk(orders_->GetForMerchant(fish_shop_, made[0]).value(), {S::kPaid}).status == S::kPaid);
    auto paid = orders_->ListForMerchant(fish_shop_, {.status = S::kPaid, .limit = 50});
    ASSERT_TRUE(paid.ok());
    ASSERT_EQ(paid->items.size(), 1u);
    EXPECT_EQ(paid->items[0].id, made[0]);
    auto bad = orders_->ListForMerchant(fish_shop_, {.q = "prd_123", .limit = 50});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "bad_query");
    EXPECT_FALSE(orders_->ListForMerchant(fish_shop_, {.limit = 201}).ok());

    auto mine = orders_->ListForCustomer(minsu_, std::nullopt, 3);
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine->items.size(), 3u);
    ASSERT_TRUE(mine->next_cursor);
    auto rest = orders_->ListForCustomer(minsu_, mine->next_cursor, 3);
    ASSERT_TRUE(rest.ok());
    EXPECT_EQ(rest->items.size(), 3u);  // 4 single orders and 2 of the two-merchant checkout
    EXPECT_FALSE(rest->next_cursor);
    auto hers = orders_->ListForCustomer(jiyoung_, std::nullopt, 10);
    ASSERT_EQ(hers->items.size(), 1u);
    EXPECT_EQ(hers->items[0].id, made[4]);
}

TEST_P(OrderTest, DuePendingOrdersForTheSweeper) {
    orders::Order bank = Single(Fulfilment::kDelivery, PaymentMethod::kBankTransfer);  // due in 30 minutes
    orders::Order paid = Walk(Single(Fulfilment::kDelivery, PaymentMethod::kCard), {S::kPaid});
    orders::Order cod = Single(Fulfilment::kDelivery, PaymentMethod::kCashOnDelivery);  // no due time
    (void)paid;
    (void)cod;
    auto none = orders_->DuePendingOrders(clock_.Now() + 29min);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    auto due = orders_->DuePendingOrders(clock_.Now() + 31min);
    ASSERT_TRUE(due.ok());
    ASSERT_EQ(due->size(), 1u);
    EXPECT_EQ((*due)[0].id, bank.id);
    EXPECT_EQ((*due)[0].merchant, fish_shop_);
}

JANGTEO_STORE_BACKENDS(OrderTest, AllBackends());

class OrderRaceTest : public OrderTest {};

// Two servers move the same orders at once: the sweeper cancels while the payment provider's webhook
// marks them paid, and two staff members submit the same version. Exactly one change wins each time,
// and the loser gets a 409 that changed nothing.
TEST_P(OrderRaceTest, ConcurrentTransitionsOneWins) {
    std::vector<std::unique_ptr<store::Db>> handles;
    for (int i = 0; i < 2; ++i) {
        handles.push_back(OpenAnother());
        ASSERT_TRUE(handles.back());
    }
    constexpr int kOrders = 10;
    for (int round = 0; round < kOrders; ++round) {
        orders::Order o = Single(Fulfilment::kDelivery, PaymentMethod::kBankTransfer);
        std::atomic<int> won{0}, conflicts{0}, other{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                core::SeededRandom random(static_cast<std::uint64_t>(round * 10 + t + 1));
                orders::OrderService service(*handles[static_cast<std::size_t>(t % 2)], clock_, random);
                const orders::TransitionDetails from_pending{.only_from = S::kPendingPayment};
                auto r = t % 2 == 0 ? service.Transition(o.id, std::nullopt, S::kCancelled, Actor::System(),
                                                         std::nullopt, from_pending)
                                    : service.Transition(o.id, std::nullopt, S::kPaid, Actor::Provider(), std::nullopt,
                                                         from_pending);
                if (r.ok()) {
                    ++won;
                } else if (r.error().code == core::ErrorCode::kConflict) {
                    ++conflicts;
                } else {
                    ++other;
                }
            });
        }
        for (auto& th : threads) th.join();
        EXPECT_EQ(won.load(), 1);
        EXPECT_EQ(conflicts.load(), 3);
        EXPECT_EQ(other.load(), 0);
        EXPECT_EQ(Events(o.id), 2);
        auto now = orders_->GetForMerchant(fish_shop_, o.id);
        ASSERT_TRUE(now.ok());
        EXPECT_EQ(now->version, 2);

        // Two staff members with the version they both read.
        if (now->status != S::kPaid) continue;
        std::atomic<int> staff_won{0};
        std::vector<std::thread> staff;
        for (int t = 0; t < 2; ++t) {
            staff.emplace_back([&, t] {
                core::SeededRandom random(static_cast<std::uint64_t>(round * 10 + t + 7));
                orders::OrderService service(*handles[static_cast<std::size_t>(t)], clock_, random);
                auto r = service.Transition(o.id, fish_shop_, t == 0 ? S::kPreparing : S::kCancelled,
                                            Actor::Staff(jiyoung_), now->version);
                if (r.ok()) ++staff_won;
            });
        }
        for (auto& th : staff) th.join();
        EXPECT_EQ(staff_won.load(), 1);
        EXPECT_EQ(Events(o.id), 3);
    }
}

JANGTEO_STORE_BACKENDS(OrderRaceTest, SharedBackends());

}  // namespace
}  // namespace jangteo::store_test
