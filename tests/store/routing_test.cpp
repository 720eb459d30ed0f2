// Routing and crediting of web orders by territory (docs/routing.md) on every backend, through the
// checkout flow with a real store: the territory shop with the stock fulfils and is credited; a short
// territory shop passes the order to the first location by priority and is credited still; an order no
// single location has is split or refused as the policy says, refused with nothing reserved; a pickup
// goes to its shop. The credit ledger: a credit when paid (by a confirmed transfer, by the card
// gateway's webhook however often it comes), reversed in full on a cancellation after payment and in
// proportion on a partial return, never twice; its sums are what the shop is owed. The policy accepts
// only the merchant's own locations and a rate of 0..10000 basis points, by version, audited.
#include "channels/routing.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "backend_fixture.hpp"
#include "catalog/category.hpp"
#include "catalog/product.hpp"
#include "channels/credit.hpp"
#include "flows/channel_routing.hpp"
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
using orders::CreditReason;
using orders::RoutingReason;

class RoutingTest : public BackendTest {
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
        owner_ = owner->id;
        buyer_ = buyer->id;
        platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
        auto apply = [&](const char* name, const char* number) {
            auto m = merchants.Apply(owner_,
                                     {.name_ko = name,
                                      .business_number = number,
                                      .representative = "김사장",
                                      .industry_code = "seafood",
                                      .district_code = "26110",
                                      .address = "부산광역시 중구 자갈치해안로 52",
                                      .phone = "051-245-2594"},
                                     "");
            EXPECT_TRUE(m.ok()) << m.error().message;
            EXPECT_TRUE(merchants.ChangeStatus(m->id, platform::MerchantStatus::kApproved, owner_, "", "").ok());
            return m->id;
        };
        shop_ = apply("자갈치 고등어", "2208162517");
        other_ = apply("해운대 꽃집", "1234567891");

        categories_.emplace(db(), clock_, random_);
        auto fish = categories_->Create({.code = "fish", .name_ko = "생선", .name_en = "Fish"}, owner_, "");
        ASSERT_TRUE(fish.ok());
        products_.emplace(db(), clock_, random_, *categories_);
        auto made = products_->Create(
            shop_, {.category = fish->id,
                    .title_ko = "순살 고등어",
                    .variants = {{.sku = "MK-1", .base_price_won = 10'000}, {.sku = "MK-2", .base_price_won = 5'000}}});
        ASSERT_TRUE(made.ok()) << made.error().message;
        ASSERT_TRUE(products_->SetStatus(shop_, made->id, catalog::ProductStatus::kActive, made->version).ok());
        mackerel_ = made->variants[0].id;
        roe_ = made->variants[1].id;

        locations_.emplace(db(), clock_, random_, platform::BusanRegion());
        stock_.emplace(db(), clock_, random_);
        auto place = [&](platform::MerchantId m, inventory::LocationKind kind, const char* name, const char* district,
                         const char* postal, inventory::Territory territory) {
            auto l = locations_->Create(m, {.kind = kind,
                                            .name_ko = name,
                                            .district_code = district,
                                            .postal_code = postal,
                                            .road_address = "부산 어딘가 1",
                                            .pickup = kind == inventory::LocationKind::kShop,
                                            .territory = std::move(territory)});
            EXPECT_TRUE(l.ok()) << l.error().message;
            return l->id;
        };
        haeundae_ =
            place(shop_, inventory::LocationKind::kShop, "해운대점", "26350", "48058", {.districts = {"26350"}});
        suyeong_ = place(shop_, inventory::LocationKind::kShop, "광안리점", "26500", "48303",
                         {.postal_ranges = {{"48200", "48399"}}});
        depot_ = place(shop_, inventory::LocationKind::kWarehouse, "감천 창고", "26380", "49400", {});
        stranger_ = place(other_, inventory::LocationKind::kShop, "옆가게", "26350", "48058", {});

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
        channel_.emplace(db(), *locations_, *orders_, *routing_, *credits_);
        flows_.emplace(db(), clock_, random_, *cart_flows_, *carts_, *orders_, *payments_, *shipping_, *locations_,
                       *stock_, *routing_, *credits_,
                       flows::CheckoutOptions{.bank_transfer_timeout = 30min, .card_timeout = 15min});
    }

    void Receive(inventory::LocationId at, catalog::VariantId variant, std::int64_t units) {
        ASSERT_TRUE(
            db().Write([&](store::Tx& tx) -> core::Status {
                    std::vector<inventory::Adjustment> in{{at, variant.key(), units, inventory::Reason::kReceipt, ""}};
                    auto r = stock_->AdjustInTx(tx, shop_, in, inventory::Actor::System());
                    return r.ok() ? core::Status() : core::Status(std::move(r).error());
                })
                .ok());
    }

    void SetPolicy(std::vector<inventory::LocationId> priorities, bool split, std::int64_t bp) {
        auto now = channel_->Policy(shop_);
        ASSERT_TRUE(now.ok());
        auto saved = channel_->SavePolicy(
            shop_, {.priorities = std::move(priorities), .allow_split = split, .commission_bp = bp}, now->version,
            {.user = owner_});
        ASSERT_TRUE(saved.ok()) << saved.error().message;
    }

    // The buyer orders `lines` (variant, quantity) for delivery to `postal` (or pickup at `pickup`).
    core::Result<orders::Order> Buy(std::vector<std::pair<catalog::VariantId, std::int64_t>> lines,
                                    const std::string& postal, orders::PaymentMethod method,
                                    std::optional<inventory::LocationId> pickup = std::nullopt) {
        auto owner = orders::CartOwner::User(buyer_);
        for (const auto& [variant, quantity] : lines) {
            auto added = cart_flows_->Add(owner, variant, quantity);
            EXPECT_TRUE(added.ok()) << (added.ok() ? "" : added.error().message);
        }
        flows::CheckoutOrderInput o{.merchant = shop_};
        if (pickup) {
            o.fulfilment = orders::Fulfilment::kPickup;
            o.pickup = pickup;
        } else {
            o.address = {.recipient = "박손님",
                         .phone = "010-2345-6789",
                         .postal_code = postal,
                         .road_address = "부산 해운대구 해운대해변로 264"};
        }
        flows::CheckoutInput in{.owner = owner,
                                .email = "buyer@example.kr",
                                .name = "박손님",
                                .phone = "010-2345-6789",
                                .method = method,
                                .orders = {o}};
        auto done = flows_->Checkout(in);
        if (!done.ok()) {
            // Leave the cart empty for the next purchase.
            for (const auto& [variant, quantity] : lines) (void)carts_->Remove(owner, variant.key());
            return std::move(done).error();
        }
        return done->checkout.orders[0];
    }

    orders::Order Get(orders::OrderId id) {
        auto o = orders_->GetForMerchant(shop_, id);
        EXPECT_TRUE(o.ok());
        return o.ok() ? *o : orders::Order{};
    }

    std::vector<inventory::Allocation> Held(orders::OrderId id) {
        auto held = db().Read([&](store::Tx& tx) { return stock_->ReservationsOf(tx, id.key(), true); });
        EXPECT_TRUE(held.ok());
        return held.ok() ? *held : std::vector<inventory::Allocation>{};
    }

    std::vector<channels::CreditEntry> Credits(orders::OrderId id) {
        auto c = credits_->OfOrder(shop_, id.key());
        EXPECT_TRUE(c.ok());
        return c.ok() ? *c : std::vector<channels::CreditEntry>{};
    }

    // The ledger's sums for one location: goods and commission.
    std::pair<std::int64_t, std::int64_t> Owed(inventory::LocationId at) {
        return {
            QueryInt("SELECT COALESCE(SUM(goods_won), 0) FROM channels_credits WHERE location_key = $1", {at.key()}),
            QueryInt("SELECT COALESCE(SUM(commission_won), 0) FROM channels_credits WHERE location_key = $1",
                     {at.key()})};
    }

    orders::Order Confirm(orders::OrderId id) {
        auto paid = flows_->ConfirmPayment(shop_, id, owner_, Get(id).version);
        EXPECT_TRUE(paid.ok()) << (paid.ok() ? "" : paid.error().message);
        return Get(id);
    }

    void Deliver(orders::OrderId id) {
        for (auto to :
             {orders::OrderStatus::kPreparing, orders::OrderStatus::kShipped, orders::OrderStatus::kDelivered}) {
            orders::TransitionDetails d;
            if (to == orders::OrderStatus::kShipped) d = {.carrier = "CJ대한통운", .tracking_number = "6543210987"};
            auto moved = flows_->Advance(shop_, id, to, owner_, Get(id).version, d);
            ASSERT_TRUE(moved.ok()) << moved.error().message;
        }
    }

    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{61};
    platform::PasswordHasher hasher_{platform::WeakParamsForTests{{1, 8 * 1024}}};
    platform::UserId owner_, buyer_;
    platform::MerchantId shop_, other_;
    catalog::VariantId mackerel_, roe_;
    inventory::LocationId haeundae_, suyeong_, depot_, stranger_;
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
    std::optional<flows::ChannelFlows> channel_;
    std::optional<flows::CheckoutFlows> flows_;
};

TEST_P(RoutingTest, TheTerritoryShopWithTheStockFulfilsAndIsCreditedWhenPaid) {
    Receive(haeundae_, mackerel_, 5);
    Receive(depot_, mackerel_, 50);
    SetPolicy({depot_}, true, 300);
    auto order = Buy({{mackerel_, 3}}, "48058", orders::PaymentMethod::kBankTransfer);  // 해운대구
    ASSERT_TRUE(order.ok()) << order.error().message;
    EXPECT_EQ(order->routing.reason, RoutingReason::kTerritory) << "the territory shop first, before the priorities";
    EXPECT_EQ(order->routing.location_key, haeundae_.key());
    EXPECT_EQ(order->routing.credit_reason, CreditReason::kTerritory);
    EXPECT_EQ(order->routing.credit_location_key, haeundae_.key());
    auto held = Held(order->id);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(held[0].location, haeundae_);
    EXPECT_EQ(held[0].quantity, 3);
    EXPECT_EQ(Get(order->id).routing.reason, RoutingReason::kTerritory) << "stored";

    EXPECT_TRUE(Credits(order->id).empty()) << "not before it is paid";
    Confirm(order->id);
    auto credits = Credits(order->id);
    ASSERT_EQ(credits.size(), 1u);
    EXPECT_EQ(credits[0].kind, channels::CreditKind::kCredit);
    EXPECT_EQ(credits[0].location_key, haeundae_.key());
    EXPECT_EQ(credits[0].goods_won, 30'000) << "the goods, without the delivery fee";
    EXPECT_EQ(credits[0].commission_won, 900) << "3 % of 30,000원";
    EXPECT_EQ(credits[0].rate_bp, 300);
    EXPECT_EQ(credits[0].actor_kind, "staff");
}

TEST_P(RoutingTest, AShortTerritoryShopPassesTheOrderOnByPriorityAndIsCreditedStill) {
    Receive(haeundae_, mackerel_, 1);
    Receive(suyeong_, mackerel_, 10);
    Receive(depot_, mackerel_, 10);
    SetPolicy({depot_, suyeong_}, false, 250);
    auto order = Buy({{mackerel_, 2}}, "48100", orders::PaymentMethod::kBankTransfer);  // 해운대구, by its prefix
    ASSERT_TRUE(order.ok()) << order.error().message;
    EXPECT_EQ(order->routing.reason, RoutingReason::kPriority);
    EXPECT_EQ(order->routing.location_key, depot_.key()) << "the first by the merchant's priorities";
    EXPECT_EQ(order->routing.credit_location_key, haeundae_.key()) << "credited whichever location ships";
    auto held = Held(order->id);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(held[0].location, depot_);

    // Without priorities: by id among the locations that have everything.
    SetPolicy({}, false, 250);
    auto next = Buy({{mackerel_, 2}}, "48100", orders::PaymentMethod::kBankTransfer);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_EQ(next->routing.reason, RoutingReason::kPriority);
    EXPECT_EQ(next->routing.location_key, std::min(suyeong_.key(), depot_.key()));
}

TEST_P(RoutingTest, AnOrderNoSingleLocationHasIsSplitWhenAllowedAndRefusedOtherwise) {
    Receive(haeundae_, mackerel_, 2);  // the mackerel here, the roe elsewhere
    Receive(depot_, roe_, 4);
    Receive(suyeong_, mackerel_, 1);
    SetPolicy({suyeong_, depot_}, false, 0);
    auto refused = Buy({{mackerel_, 2}, {roe_, 1}}, "48058", orders::PaymentMethod::kBankTransfer);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, "cart_changed");
    // The depot (first of the best, with the roe) lacks the mackerel: that is the line to change.
    ASSERT_EQ(refused.error().fields.size(), 1u);
    EXPECT_EQ(refused.error().fields[0].field, "lines." + mackerel_.ToString());
    EXPECT_EQ(refused.error().fields[0].code, "short_of_stock");
    EXPECT_NE(refused.error().fields[0].message.find("only 0 from one place"), std::string::npos)
        << refused.error().fields[0].message;
    EXPECT_EQ(QueryInt("SELECT COALESCE(SUM(reserved), 0) FROM inventory_stock"), 0) << "nothing held";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders_orders"), 0) << "nothing written";

    SetPolicy({suyeong_, depot_}, true, 0);
    auto split = Buy({{mackerel_, 2}, {roe_, 1}}, "48058", orders::PaymentMethod::kBankTransfer);
    ASSERT_TRUE(split.ok()) << split.error().message;
    EXPECT_EQ(split->routing.reason, RoutingReason::kSplit);
    EXPECT_FALSE(split->routing.location_key);
    EXPECT_EQ(split->routing.credit_location_key, haeundae_.key());
    // Taken by priority: the one mackerel of 광안리 first, then 해운대's; the roe from the depot.
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> held;
    for (const auto& a : Held(split->id)) held[{a.location.key(), a.variant_key}] = a.quantity;
    EXPECT_EQ(held,
              (std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t>{{{suyeong_.key(), mackerel_.key()}, 1},
                                                                             {{haeundae_.key(), mackerel_.key()}, 1},
                                                                             {{depot_.key(), roe_.key()}, 1}}));
}

TEST_P(RoutingTest, NoTerritoryCreditsNobodyAndAPickupCreditsItsShop) {
    Receive(depot_, mackerel_, 10);
    Receive(suyeong_, mackerel_, 10);
    SetPolicy({}, true, 500);
    auto far = Buy({{mackerel_, 1}}, "49400", orders::PaymentMethod::kBankTransfer);  // 사하구: nobody's
    ASSERT_TRUE(far.ok()) << far.error().message;
    EXPECT_EQ(far->routing.credit_reason, CreditReason::kNoTerritory);
    EXPECT_FALSE(far->routing.credit_location_key);
    Confirm(far->id);
    EXPECT_TRUE(Credits(far->id).empty());

    auto pickup = Buy({{mackerel_, 2}}, "", orders::PaymentMethod::kPayAtPickup, suyeong_);
    ASSERT_TRUE(pickup.ok()) << pickup.error().message;
    EXPECT_EQ(pickup->routing.reason, RoutingReason::kPickup);
    EXPECT_EQ(pickup->routing.location_key, suyeong_.key());
    EXPECT_EQ(pickup->routing.credit_reason, CreditReason::kPickup);
    EXPECT_EQ(pickup->routing.credit_location_key, suyeong_.key());
    // Paid at the counter when it is picked up: credited then.
    for (auto to : {orders::OrderStatus::kPreparing, orders::OrderStatus::kReadyForPickup}) {
        ASSERT_TRUE(flows_->Advance(shop_, pickup->id, to, owner_, Get(pickup->id).version, {}).ok());
    }
    EXPECT_TRUE(Credits(pickup->id).empty());
    auto handed = flows_->Advance(shop_, pickup->id, orders::OrderStatus::kPickedUp, owner_, Get(pickup->id).version,
                                  {.payment_collected = true});
    ASSERT_TRUE(handed.ok()) << handed.error().message;
    auto credits = Credits(pickup->id);
    ASSERT_EQ(credits.size(), 1u);
    EXPECT_EQ(credits[0].location_key, suyeong_.key());
    EXPECT_EQ(credits[0].goods_won, 20'000);
    EXPECT_EQ(credits[0].commission_won, 1'000);
}

TEST_P(RoutingTest, AWebhookPaysAndCreditsOnceHoweverOftenItComes) {
    Receive(haeundae_, mackerel_, 5);
    SetPolicy({}, true, 300);
    auto order = Buy({{mackerel_, 1}}, "48058", orders::PaymentMethod::kCard);
    ASSERT_TRUE(order.ok()) << order.error().message;
    auto charge =
        flows_->PayByCard(order->checkout, buyer_, {.number = "4000000000000077", .expiry = "12/39", .cvc = "123"});
    ASSERT_TRUE(charge.ok()) << charge.error().message;
    auto delivery = gateway_->SettlePending(charge->provider_ref);
    ASSERT_TRUE(delivery.ok()) << delivery.error().message;
    ASSERT_TRUE(flows_->Webhook("test_card", delivery->headers, delivery->body).ok());
    ASSERT_TRUE(flows_->Webhook("test_card", delivery->headers, delivery->body).ok());
    auto credits = Credits(order->id);
    ASSERT_EQ(credits.size(), 1u);
    EXPECT_EQ(credits[0].actor_kind, "provider");
    EXPECT_EQ(credits[0].commission_won, 300);
}

TEST_P(RoutingTest, ACancellationAfterPaymentReversesTheWholeCredit) {
    Receive(haeundae_, mackerel_, 5);
    SetPolicy({}, true, 333);
    auto order = Buy({{mackerel_, 3}}, "48058", orders::PaymentMethod::kBankTransfer);
    ASSERT_TRUE(order.ok()) << order.error().message;
    Confirm(order->id);
    auto cancelled =
        flows_->Cancel(order->id, shop_, std::nullopt, orders::Actor::Staff(owner_), Get(order->id).version, "품절");
    ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
    auto credits = Credits(order->id);
    ASSERT_EQ(credits.size(), 2u);
    EXPECT_EQ(credits[1].kind, channels::CreditKind::kReversal);
    EXPECT_EQ(credits[1].goods_won, -30'000);
    EXPECT_EQ(credits[1].commission_won, -credits[0].commission_won);
    EXPECT_EQ(Owed(haeundae_), std::make_pair(std::int64_t{0}, std::int64_t{0}));
    // Cancelled before payment: nothing was credited, nothing is reversed.
    auto unpaid = Buy({{mackerel_, 1}}, "48058", orders::PaymentMethod::kBankTransfer);
    ASSERT_TRUE(unpaid.ok());
    ASSERT_TRUE(
        flows_->Cancel(unpaid->id, shop_, std::nullopt, orders::Actor::Staff(owner_), Get(unpaid->id).version, "x")
            .ok());
    EXPECT_TRUE(Credits(unpaid->id).empty());
}

TEST_P(RoutingTest, PartialReturnsReverseInProportionAndTheLedgerSumsToWhatIsOwed) {
    Receive(haeundae_, mackerel_, 10);
    Receive(haeundae_, roe_, 10);
    SetPolicy({}, true, 333);  // 3.33 %: the commission does not divide evenly
    auto order = Buy({{mackerel_, 3}, {roe_, 1}}, "48058", orders::PaymentMethod::kBankTransfer);
    ASSERT_TRUE(order.ok()) << order.error().message;
    Confirm(order->id);
    Deliver(order->id);
    auto credit = Credits(order->id);
    ASSERT_EQ(credit.size(), 1u);
    EXPECT_EQ(credit[0].goods_won, 35'000);
    EXPECT_EQ(credit[0].commission_won, 1'166) << "1,165.5 rounded half up";

    // One mackerel back (10,000원 of 35,000원): its share of the commission, 333.
    clock_.Advance(1h);
    const orders::Order delivered = Get(order->id);
    int mackerel_line = delivered.lines[0].variant_key == mackerel_.key() ? 1 : 2;
    auto first = flows_->Return(shop_, order->id, {{.line_no = mackerel_line, .quantity = 1}}, core::Money::Won(10'000),
                                true, "파손", owner_);
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto after_first = Credits(order->id);
    ASSERT_EQ(after_first.size(), 2u);
    EXPECT_EQ(after_first[1].goods_won, -10'000);
    EXPECT_EQ(after_first[1].commission_won, -333);
    EXPECT_EQ(after_first[1].ref_key, first->recorded.id.key());

    // A refund without goods back (a price cut of 2,000원) counts as goods refunded.
    clock_.Advance(1h);
    auto cut = flows_->Return(shop_, order->id, {}, core::Money::Won(2'000), false, "가격 조정", owner_);
    ASSERT_TRUE(cut.ok()) << cut.error().message;
    EXPECT_EQ(Credits(order->id).back().goods_won, -2'000);

    // The rest of the money back: the order is refunded in full, so the credit is gone to the won.
    clock_.Advance(1h);
    const orders::Order now = Get(order->id);
    auto rest = flows_->Return(shop_, order->id, {}, core::Money::Won(now.total.won() - now.refunded.won()), false,
                               "전액 환불", owner_);
    ASSERT_TRUE(rest.ok()) << rest.error().message;
    EXPECT_EQ(Get(order->id).payment_status, orders::PaymentStatus::kRefunded);
    EXPECT_EQ(Owed(haeundae_), std::make_pair(std::int64_t{0}, std::int64_t{0}));
    auto all = Credits(order->id);
    ASSERT_EQ(all.size(), 4u);
    std::int64_t goods = 0, commission = 0;
    for (const auto& e : all) {
        goods += e.goods_won;
        commission += e.commission_won;
        if (e.kind == channels::CreditKind::kReversal) {
            EXPECT_LE(e.goods_won, 0);
            EXPECT_LE(e.commission_won, 0);
        }
    }
    EXPECT_EQ(goods, 0);
    EXPECT_EQ(commission, 0);

    // The report of the shop says the same.
    auto report = channel_->Report(shop_, haeundae_, clock_.Now() - 48h, clock_.Now() + 24h);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->credited.credited_orders, 1);
    EXPECT_EQ(report->credited.credited_goods_won, 35'000);
    EXPECT_EQ(report->credited.credited_commission_won, 1'166);
    EXPECT_EQ(report->credited.reversals, 3);
    EXPECT_EQ(report->credited.reversed_goods_won, 35'000);
    EXPECT_EQ(report->credited.net_goods_won, 0);
    EXPECT_EQ(report->credited.net_commission_won, 0);
    EXPECT_EQ(report->fulfilled.orders, 1);
    EXPECT_EQ(report->fulfilled.goods_won, 35'000);
    EXPECT_EQ(report->fulfilled.returned_won, 10'000);
}

TEST_P(RoutingTest, AnOrderIsNeverCreditedOrAReturnReversedTwice) {
    Receive(haeundae_, mackerel_, 5);
    SetPolicy({}, true, 1'000);
    auto order = Buy({{mackerel_, 2}}, "48058", orders::PaymentMethod::kBankTransfer);
    ASSERT_TRUE(order.ok()) << order.error().message;
    Confirm(order->id);
    channels::CreditActor system;
    auto again = db().Write([&](store::Tx& tx) {
        return credits_->CreditInTx(tx, shop_, suyeong_.key(), order->id.key(), 99'999, 10'000, system);
    });
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_FALSE(*again) << "a second credit of the order changes nothing";
    auto first = db().Write(
        [&](store::Tx& tx) { return credits_->ReverseInTx(tx, shop_, order->id.key(), 777, 5'000, system); });
    ASSERT_TRUE(first.ok() && *first);
    EXPECT_EQ((*first)->commission_won, -500);
    auto twice = db().Write(
        [&](store::Tx& tx) { return credits_->ReverseInTx(tx, shop_, order->id.key(), 777, 5'000, system); });
    ASSERT_TRUE(twice.ok());
    EXPECT_FALSE(*twice) << "one reversal per return";
    auto beyond = db().Write(
        [&](store::Tx& tx) { return credits_->ReverseInTx(tx, shop_, order->id.key(), 778, 50'000, system); });
    ASSERT_TRUE(beyond.ok() && *beyond);
    EXPECT_EQ((*beyond)->goods_won, -15'000) << "at most what is still credited";
    auto nothing_left = db().Write(
        [&](store::Tx& tx) { return credits_->ReverseInTx(tx, shop_, order->id.key(), 779, std::nullopt, system); });
    ASSERT_TRUE(nothing_left.ok());
    EXPECT_FALSE(*nothing_left);
    EXPECT_EQ(Owed(haeundae_), std::make_pair(std::int64_t{0}, std::int64_t{0}));

    // The table itself refuses a second credit or a second reversal of one return.
    auto raw = [&](std::int64_t id, const char* kind, std::int64_t ref, std::int64_t goods) {
        store::Sql insert{"test.insert_credit",
                          "INSERT INTO channels_credits (id, merchant_id, location_key, order_key, kind, ref_key,"
                          " goods_won, commission_won, rate_bp, actor_kind, actor_id, at_us) VALUES ($1, $2, $3, $4,"
                          " $5, $6, $7, 0, 0, 'system', NULL, 1)"};
        return db().Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(std::int64_t n, tx.Exec(insert, {id, shop_.key(), haeundae_.key(), order->id.key(),
                                                         std::string_view(kind), ref, goods}));
            (void)n;
            return {};
        });
    };
    EXPECT_FALSE(raw(1, "credit", 0, 10).ok());
    EXPECT_FALSE(raw(2, "reversal", 777, -1).ok());
    EXPECT_FALSE(raw(3, "reversal", 780, 10).ok()) << "a reversal is never positive";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM channels_credits"), 3);
}

TEST_P(RoutingTest, APolicyTakesOnlyTheMerchantsLocationsByVersionAndIsAudited) {
    auto fresh = channel_->Policy(shop_);
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(fresh->version, 0);
    EXPECT_TRUE(fresh->allow_split) << "the defaults reproduce the split of before";
    EXPECT_EQ(fresh->commission_bp, 0);

    auto bad = channel_->SavePolicy(
        shop_, {.priorities = {depot_, stranger_, inventory::LocationId(12345), depot_}, .commission_bp = 10'001}, 0,
        {.user = owner_});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "invalid_routing_policy");
    std::set<std::pair<std::string, std::string>> fields;
    for (const auto& f : bad.error().fields) fields.emplace(f.field, f.code);
    EXPECT_EQ(fields, (std::set<std::pair<std::string, std::string>>{{"commission_bp", "out_of_range"},
                                                                     {"priorities[1]", "unknown_location"},
                                                                     {"priorities[2]", "unknown_location"},
                                                                     {"priorities[3]", "duplicate_location"}}));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM channels_routing_policies"), 0) << "nothing saved";

    auto saved = channel_->SavePolicy(
        shop_, {.priorities = {depot_, haeundae_}, .allow_split = false, .commission_bp = 10'000}, 0, {.user = owner_});
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    EXPECT_EQ(saved->version, 1);
    EXPECT_EQ(saved->priorities, (std::vector<std::int64_t>{depot_.key(), haeundae_.key()}));
    EXPECT_FALSE(saved->allow_split);
    EXPECT_EQ(saved->updated_by, owner_);

    auto stale = channel_->SavePolicy(shop_, {.commission_bp = 1}, 0, {.user = owner_});
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().reason, "version_changed");
    auto stale_too = channel_->SavePolicy(shop_, {.commission_bp = 1}, 7, {.user = owner_});
    ASSERT_FALSE(stale_too.ok());
    EXPECT_EQ(stale_too.error().reason, "version_changed");
    auto now = channel_->Policy(shop_);
    EXPECT_EQ(now->commission_bp, 10'000) << "unchanged";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'routing.policy_changed'"), 1);
    // The other merchant keeps its defaults.
    EXPECT_EQ(channel_->Policy(other_)->version, 0);
}

TEST_P(RoutingTest, TerritoriesThatOverlapAnotherShopsAreReported) {
    // 해운대점 serves 26350 (해운대구, 480–481); 광안리점 48200–48399 (수영구).
    auto mine = locations_->Get(shop_, suyeong_);
    ASSERT_TRUE(mine.ok());
    auto none = locations_->OverlapsOf(shop_, *mine);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());

    inventory::LocationInput edit{
        .kind = mine->kind,
        .name_ko = mine->name_ko,
        .district_code = mine->district_code,
        .postal_code = mine->postal_code,
        .road_address = mine->road_address,
        .pickup = mine->pickup,
        .territory = {.districts = {"26350", "26500"}, .postal_ranges = {{"48150", "48250"}}}};
    auto updated = locations_->Update(shop_, suyeong_, edit, mine->version);
    ASSERT_TRUE(updated.ok()) << "an overlap is allowed";
    auto warnings = locations_->OverlapsOf(shop_, *updated);
    ASSERT_TRUE(warnings.ok());
    ASSERT_EQ(warnings->size(), 1u) << "the warehouse has no territory; the other merchant's shop is not ours";
    EXPECT_EQ((*warnings)[0].location, haeundae_);
    EXPECT_EQ((*warnings)[0].overlap.districts, (std::vector<std::string>{"26350"}));
    EXPECT_TRUE((*warnings)[0].overlap.postal_ranges.empty()) << "48150–48199 lies in 해운대구, told already";

    // A closed shop overlaps nobody.
    auto theirs = locations_->Get(shop_, haeundae_);
    inventory::LocationInput close{.kind = theirs->kind,
                                   .name_ko = theirs->name_ko,
                                   .district_code = theirs->district_code,
                                   .postal_code = theirs->postal_code,
                                   .road_address = theirs->road_address,
                                   .pickup = theirs->pickup,
                                   .territory = theirs->territory,
                                   .active = false};
    ASSERT_TRUE(locations_->Update(shop_, haeundae_, close, theirs->version).ok());
    EXPECT_TRUE(locations_->OverlapsOf(shop_, *updated)->empty());
}

TEST_P(RoutingTest, LockedLevelsAreTheActiveLocationsRowsOfTheVariants) {
    Receive(haeundae_, mackerel_, 3);
    Receive(depot_, mackerel_, 4);
    Receive(depot_, roe_, 5);
    auto levels = db().Write([&](store::Tx& tx) {
        std::vector<std::int64_t> keys{roe_.key(), mackerel_.key(), roe_.key()};
        return stock_->LockLevelsInTx(tx, shop_, keys);
    });
    ASSERT_TRUE(levels.ok()) << levels.error().message;
    ASSERT_EQ(levels->size(), 3u);
    for (std::size_t i = 1; i < levels->size(); ++i) {
        auto a = std::pair((*levels)[i - 1].variant_key, (*levels)[i - 1].location.key());
        auto b = std::pair((*levels)[i].variant_key, (*levels)[i].location.key());
        EXPECT_LT(a, b) << "in (variant, location) order";
    }
}

JANGTEO_STORE_BACKENDS(RoutingTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
