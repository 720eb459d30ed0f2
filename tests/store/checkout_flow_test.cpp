// The checkout flow on every backend with a clock of its own: orders unpaid in time are cancelled by
// the sweeper and their stock released, deferred payments are left alone; a card charge still pending at
// the gateway is not cancelled under it, and the gateway's signed webhook settles it into a paid order.
#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "catalog/category.hpp"
#include "catalog/product.hpp"
#include "flows/checkout.hpp"
#include "inventory/location.hpp"
#include "inventory/stock.hpp"
#include "orders/payment_test_card.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/password.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using namespace std::chrono_literals;

class CheckoutFlowTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : catalog::SchemaMigrations()) all.push_back(m);
        for (const auto& m : orders::SchemaMigrations()) all.push_back(m);
        for (const auto& m : inventory::SchemaMigrations()) all.push_back(m);
        for (const auto& m : channels::SchemaMigrations()) all.push_back(m);
        auto applied = store::Migrator(db(), all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;

        platform::UserService users(db(), clock_, random_, hasher_);
        auto owner = users.SignUp({"owner@example.kr", std::nullopt, "김사장", "바다가보이는부산항구"});
        auto buyer = users.SignUp({"buyer@example.kr", std::nullopt, "박손님", "바다가보이는부산항구"});
        ASSERT_TRUE(owner.ok() && buyer.ok());
        buyer_ = buyer->id;
        platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
        auto shop = merchants.Apply(owner->id,
                                    {.name_ko = "자갈치 고등어",
                                     .business_number = "2208162517",
                                     .representative = "김사장",
                                     .industry_code = "seafood",
                                     .district_code = "26110",
                                     .address = "부산광역시 중구 자갈치해안로 52",
                                     .phone = "051-245-2594"},
                                    "");
        ASSERT_TRUE(shop.ok()) << shop.error().message;
        shop_ = shop->id;
        ASSERT_TRUE(merchants.ChangeStatus(shop_, platform::MerchantStatus::kApproved, owner->id, "", "").ok());

        categories_.emplace(db(), clock_, random_);
        auto fish = categories_->Create({.code = "fish", .name_ko = "생선", .name_en = "Fish"}, owner->id, "");
        ASSERT_TRUE(fish.ok());
        products_.emplace(db(), clock_, random_, *categories_);
        auto made = products_->Create(
            shop_,
            {.category = fish->id, .title_ko = "순살 고등어", .variants = {{.sku = "MK-1", .base_price_won = 10'000}}});
        ASSERT_TRUE(made.ok()) << made.error().message;
        ASSERT_TRUE(products_->SetStatus(shop_, made->id, catalog::ProductStatus::kActive, made->version).ok());
        variant_ = made->variants[0].id;
        product_ = made->id;

        locations_.emplace(db(), clock_, random_, platform::BusanRegion());
        stock_.emplace(db(), clock_, random_);
        auto depot = locations_->Create(shop_, {.kind = inventory::LocationKind::kWarehouse,
                                                .name_ko = "감천 창고",
                                                .district_code = "26380",
                                                .postal_code = "49400",
                                                .road_address = "부산 사하구 감천항로 1"});
        ASSERT_TRUE(depot.ok()) << depot.error().message;
        depot_ = depot->id;
        ASSERT_TRUE(db().Write([&](store::Tx& tx) -> core::Status {
                            std::vector<inventory::Adjustment> in{
                                {depot_, variant_.key(), 10, inventory::Reason::kReceipt, ""}};
                            auto r = stock_->AdjustInTx(tx, shop_, in, inventory::Actor::System());
                            return r.ok() ? core::Status() : core::Status(std::move(r).error());
                        })
                        .ok());

        carts_.emplace(db(), clock_, random_);
        shipping_.emplace(db(), clock_);
        orders_.emplace(db(), clock_, random_);
        gateway_.emplace(db(), clock_, random_,
                         orders::TestCardOptions{.webhook_secret = "a-test-secret-of-the-gateway"});
        providers_.Add(*gateway_);
        payments_.emplace(db(), clock_, random_, providers_);
        cart_flows_.emplace(db(), clock_, *carts_, *shipping_, *locations_, *stock_);
        routing_.emplace(db(), clock_, random_);
        credits_.emplace(db(), clock_, random_);
        flows_.emplace(db(), clock_, random_, *cart_flows_, *carts_, *orders_, *payments_, *shipping_, *locations_,
                       *stock_, *routing_, *credits_,
                       flows::CheckoutOptions{.bank_transfer_timeout = 30min, .card_timeout = 15min});
    }

    // The buyer puts `quantity` in the cart and checks out with `method`, delivery.
    orders::Order Buy(orders::PaymentMethod method, std::int64_t quantity) {
        auto owner = orders::CartOwner::User(buyer_);
        auto added = cart_flows_->Add(owner, variant_, quantity);
        EXPECT_TRUE(added.ok()) << (added.ok() ? "" : added.error().message);
        flows::CheckoutInput in{.owner = owner,
                                .email = "buyer@example.kr",
                                .name = "박손님",
                                .phone = "010-2345-6789",
                                .method = method,
                                .orders = {{.merchant = shop_,
                                            .fulfilment = orders::Fulfilment::kDelivery,
                                            .address = {.recipient = "박손님",
                                                        .phone = "010-2345-6789",
                                                        .postal_code = "48058",
                                                        .road_address = "부산 해운대구 해운대해변로 264"}}}};
        auto done = flows_->Checkout(in);
        EXPECT_TRUE(done.ok()) << (done.ok() ? "" : done.error().message);
        if (!done.ok()) return {};
        return done->checkout.orders[0];
    }

    std::int64_t Reserved() { return QueryInt("SELECT COALESCE(SUM(reserved), 0) FROM inventory_stock"); }

    orders::OrderStatus StatusOf(orders::OrderId id) {
        auto o = orders_->GetForMerchant(shop_, id);
        EXPECT_TRUE(o.ok());
        return o.ok() ? o->status : orders::OrderStatus::kPendingPayment;
    }

    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{23};
    platform::PasswordHasher hasher_{platform::WeakParamsForTests{{1, 8 * 1024}}};
    platform::UserId buyer_;
    platform::MerchantId shop_;
    catalog::VariantId variant_;
    catalog::ProductId product_;
    inventory::LocationId depot_;
    std::optional<catalog::CategoryService> categories_;
    std::optional<catalog::ProductService> products_;
    std::optional<inventory::LocationService> locations_;
    std::optional<inventory::StockService> stock_;
    std::optional<orders::CartService> carts_;
    std::optional<orders::ShippingService> shipping_;
    std::optional<orders::OrderService> orders_;
    std::optional<orders::TestCardProvider> gateway_;
    orders::PaymentProviders providers_;
    std::optional<orders::PaymentService> payments_;
    std::optional<flows::CartFlows> cart_flows_;
    std::optional<channels::RoutingService> routing_;
    std::optional<channels::CreditService> credits_;
    std::optional<flows::CheckoutFlows> flows_;
};

TEST_P(CheckoutFlowTest, UnpaidOrdersAreCancelledInTimeAndTheirStockReleased) {
    orders::Order bank = Buy(orders::PaymentMethod::kBankTransfer, 3);
    orders::Order cod = Buy(orders::PaymentMethod::kCashOnDelivery, 2);
    EXPECT_EQ(Reserved(), 5);

    clock_.Advance(29min);
    auto early = flows_->CancelOverdue();
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(*early, 0) << "not yet due";
    clock_.Advance(2min);
    auto due = flows_->CancelOverdue();
    ASSERT_TRUE(due.ok()) << due.error().message;
    EXPECT_EQ(*due, 1);
    EXPECT_EQ(StatusOf(bank.id), orders::OrderStatus::kCancelled);
    EXPECT_EQ(StatusOf(cod.id), orders::OrderStatus::kPendingPayment) << "paid on delivery: it has no deadline";
    EXPECT_EQ(Reserved(), 2);
    auto payment = payments_->ForOrder(shop_, bank.id);
    ASSERT_TRUE(payment.ok());
    EXPECT_EQ(payment->state, orders::PaymentState::kCancelled);
    EXPECT_EQ(*flows_->CancelOverdue(), 0) << "once";
    // A deposit that arrives after the cancel is refused.
    auto late = flows_->ConfirmPayment(shop_, bank.id, buyer_, 2);
    EXPECT_FALSE(late.ok());
    EXPECT_EQ(Reserved(), 2);
}

TEST_P(CheckoutFlowTest, APendingCardChargeIsLeftToTheGatewayWhoseWebhookPaysTheOrder) {
    orders::Order order = Buy(orders::PaymentMethod::kCard, 2);
    auto charge =
        flows_->PayByCard(order.checkout, buyer_, {.number = "4000000000000077", .expiry = "12/39", .cvc = "123"});
    ASSERT_TRUE(charge.ok()) << charge.error().message;
    EXPECT_EQ(charge->status, orders::ChargeStatus::kPending);
    EXPECT_EQ(StatusOf(order.id), orders::OrderStatus::kPendingPayment);

    // Past the deadline the sweeper leaves a charge the gateway has not settled.
    clock_.Advance(20min);
    auto swept = flows_->CancelOverdue();
    ASSERT_TRUE(swept.ok());
    EXPECT_EQ(*swept, 0);
    EXPECT_EQ(Reserved(), 2);

    // The gateway settles it: the order is paid, once however often the webhook comes.
    auto delivery = gateway_->SettlePending(charge->provider_ref);
    ASSERT_TRUE(delivery.ok()) << delivery.error().message;
    auto first = flows_->Webhook("test_card", delivery->headers, delivery->body);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->applied, 1);
    EXPECT_EQ(StatusOf(order.id), orders::OrderStatus::kPaid);
    auto again = flows_->Webhook("test_card", delivery->headers, delivery->body);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->duplicates, 1);
    EXPECT_EQ(*flows_->CancelOverdue(), 0) << "a paid order is not swept";
    EXPECT_EQ(Reserved(), 2);
    // A tampered webhook is refused.
    auto forged = flows_->Webhook("test_card", delivery->headers, delivery->body + " ");
    EXPECT_FALSE(forged.ok());
}

JANGTEO_STORE_BACKENDS(CheckoutFlowTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
