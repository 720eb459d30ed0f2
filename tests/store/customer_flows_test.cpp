// What sales and orders do to their customers, on every backend (flows/customer_flows.hpp): a counter
// sale with a mobile number records the customer once per merchant and number, joins the member who
// has that number, earns points, redeems a points tender within the balance and raises nothing beyond
// it; the same sale again changes nothing; a return and a void reverse; a paid web order earns and its
// cancellation reverses; an imported membership list becomes records with its points carried over,
// once; the counter's search shows the balance, and another merchant sees none of it.
#include "flows/customer_flows.hpp"

#include <gtest/gtest.h>

#include "customers/member.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using channels::SaleKind;
using channels::TenderMethod;

class CustomerFlowsTest : public MerchantFixture {
protected:
    void SetUp() override {
        MerchantFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : customers::SchemaMigrations()) all.push_back(m);
        auto applied = store::Migrator(db(), all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        shop_ = MustApply(1).id;
        other_ = MustApply(2).id;
        profiles_.emplace(db(), clock_, random_);
        points_.emplace(db(), clock_, random_);
        member_list_.emplace(db(), clock_, random_);
        flows_.emplace(db(), *profiles_, *points_, *member_list_, *users_);
        ASSERT_TRUE(points_->SetPolicy(shop_, {.earn_bp = 100, .expiry_days = 0, .min_redeem = 100}).ok());
    }

    channels::PosSale Sale(SaleKind kind, std::int64_t total, std::string phone,
                           std::vector<channels::Tender> payments = {}) {
        channels::PosSale s;
        s.id = channels::PosSaleId::New(random_);
        s.merchant = shop_;
        s.kind = kind;
        s.customer_phone = std::move(phone);
        s.total_won = total;
        s.sold_at = clock_.Now();
        s.payments = payments.empty() ? std::vector<channels::Tender>{{TenderMethod::kCard, total}} : payments;
        return s;
    }

    flows::CounterEffect Apply(const channels::PosSale& sale, const channels::PosSale* original = nullptr) {
        auto got = db().Write([&](store::Tx& tx) { return flows_->SaleInTx(tx, sale, original); });
        EXPECT_TRUE(got.ok()) << got.error().message;
        return got.ok() ? *got : flows::CounterEffect{};
    }

    std::int64_t Balance(customers::PersonId person, platform::MerchantId merchant) {
        auto b = points_->Balance(merchant, person);
        EXPECT_TRUE(b.ok()) << b.error().message;
        return b.ok() ? b->balance : -1;
    }

    void ImportMembers(std::string_view csv) {
        auto imported = member_list_->Import(shop_, csv, {});
        ASSERT_TRUE(imported.ok()) << imported.error().message;
        auto recorded = flows_->RecordMembers(shop_);
        ASSERT_TRUE(recorded.ok()) << recorded.error().message;
    }

    std::int64_t Count(const std::string& table) { return QueryInt("SELECT count(*) FROM " + table); }

    platform::MerchantId shop_, other_;
    std::optional<customers::ProfileService> profiles_;
    std::optional<customers::PointService> points_;
    std::optional<customers::MemberStore> member_list_;
    std::optional<flows::CustomerFlows> flows_;
};

TEST_P(CustomerFlowsTest, ACounterSaleWithAPhoneEarnsJoinsTheMemberAndOnceOnly) {
    ImportMembers("card_no,name,phone,points\r\nM-1,김민준,010-1234-5678,500\r\n");
    auto members = member_list_->FindByPhone(shop_, "01012345678");
    ASSERT_TRUE(members.ok() && members->size() == 1u);
    auto sale = Sale(SaleKind::kSale, 25'000, "010-1234-5678");
    flows::CounterEffect effect = Apply(sale);
    ASSERT_TRUE(effect.person.has_value());
    EXPECT_EQ(effect.earned, 250);
    // The record carried the member's card, so it joined the member's person, whose legacy 500 points
    // were carried over: one person, one balance.
    auto items = flows_->CounterCustomers(shop_, "010 1234 5678");
    ASSERT_TRUE(items.ok()) << items.error().message;
    ASSERT_EQ(items->size(), 1u);
    ASSERT_TRUE((*items)[0].member.has_value());
    ASSERT_TRUE((*items)[0].person.has_value());
    EXPECT_EQ(*(*items)[0].person, *effect.person);
    EXPECT_EQ((*items)[0].points, 750);
    EXPECT_EQ(QueryInt("SELECT purchases FROM customers_relationships"), 1);

    // The same sale again (a retried upload): nothing changes.
    const std::int64_t records = Count("customers_records"), entries = Count("customers_point_entries"),
                       events = Count("customers_relationship_events");
    Apply(sale);
    EXPECT_EQ(Count("customers_records"), records);
    EXPECT_EQ(Count("customers_point_entries"), entries);
    EXPECT_EQ(Count("customers_relationship_events"), events);
    EXPECT_EQ(Balance(*effect.person, shop_), 750);

    // A second sale with the same number is the same record, not a new one.
    Apply(Sale(SaleKind::kSale, 10'000, "010-1234-5678"));
    EXPECT_EQ(Count("customers_records"), records);
    EXPECT_EQ(Balance(*effect.person, shop_), 850);

    // Another merchant sees nothing of it.
    auto theirs = flows_->CounterCustomers(other_, "010-1234-5678");
    ASSERT_TRUE(theirs.ok());
    EXPECT_TRUE(theirs->empty());
    EXPECT_EQ(Balance(*effect.person, other_), 0);
}

TEST_P(CustomerFlowsTest, APointsTenderIsTakenWithinTheBalanceAndRaisedBeyondIt) {
    flows::CounterEffect first = Apply(Sale(SaleKind::kSale, 50'000, "010-2222-3333"));  // earns 500
    ASSERT_TRUE(first.person.has_value());
    ASSERT_EQ(Balance(*first.person, shop_), 500);
    flows::CounterEffect within = Apply(
        Sale(SaleKind::kSale, 10'000, "010-2222-3333", {{TenderMethod::kPoints, 300}, {TenderMethod::kCash, 9'700}}));
    EXPECT_EQ(within.redeemed, 300);
    EXPECT_EQ(within.points_short, 0);
    EXPECT_EQ(within.earned, 97);  // on what was paid other than points
    EXPECT_EQ(Balance(*first.person, shop_), 500 - 300 + 97);
    flows::CounterEffect beyond = Apply(
        Sale(SaleKind::kSale, 10'000, "010-2222-3333", {{TenderMethod::kPoints, 5'000}, {TenderMethod::kCash, 5'000}}));
    EXPECT_EQ(beyond.redeemed, 0);
    EXPECT_EQ(beyond.points_short, 5'000);
    EXPECT_EQ(beyond.balance_then, 297);
    EXPECT_EQ(Balance(*first.person, shop_), 297 + 50);
}

TEST_P(CustomerFlowsTest, AReturnAndAVoidReverseWhatTheSaleDid) {
    auto sale = Sale(SaleKind::kSale, 20'000, "010-4444-5555", {{TenderMethod::kCash, 20'000}});
    flows::CounterEffect sold = Apply(sale);  // 200
    ASSERT_TRUE(sold.person.has_value());
    auto paid_with_points = Sale(SaleKind::kSale, 10'000, "010-4444-5555",
                                 {{TenderMethod::kPoints, 150}, {TenderMethod::kCash, 9'850}});  // −150, +98
    Apply(paid_with_points);
    ASSERT_EQ(Balance(*sold.person, shop_), 200 - 150 + 98);

    // A return of half of the first sale takes back half of what it earned, but only what is left of
    // that credit: the 150 points spent came from it, so 50 are taken back.
    auto back = Sale(SaleKind::kReturn, 10'000, "", {{TenderMethod::kCash, 10'000}});
    flows::CounterEffect returned = Apply(back, &sale);
    EXPECT_EQ(returned.earned, -50);
    EXPECT_EQ(Balance(*sold.person, shop_), 148 - 50);
    // The void of the second gives the 150 points back and takes its 98.
    auto voided = Sale(SaleKind::kVoid, 10'000, "");
    flows::CounterEffect undone = Apply(voided, &paid_with_points);
    EXPECT_EQ(undone.given_back, 150);
    EXPECT_EQ(undone.earned, -98);
    EXPECT_EQ(Balance(*sold.person, shop_), 98 + 150 - 98);
    EXPECT_EQ(QueryInt("SELECT total_won FROM customers_relationships"), 30'000 - 10'000 - 10'000);
    EXPECT_EQ(QueryInt("SELECT COALESCE(SUM(delta), 0) FROM customers_point_entries"),
              QueryInt("SELECT COALESCE(SUM(remaining), 0) FROM customers_point_entries"));
    // A sale without a customer does nothing.
    const std::int64_t events = Count("customers_relationship_events");
    EXPECT_FALSE(Apply(Sale(SaleKind::kSale, 5'000, "")).person.has_value());
    EXPECT_EQ(Count("customers_relationship_events"), events);
}

TEST_P(CustomerFlowsTest, APaidWebOrderEarnsAndItsCancellationReverses) {
    orders::Order order;
    order.id = orders::OrderId::New(random_);
    order.merchant = shop_;
    order.customer = {.user = minsu_, .email = "user1@example.kr", .name = "김민수", .phone = "010-9999-0000"};
    order.subtotal = core::Money::Won(30'000);
    order.shipping_fee = core::Money::Won(3'000);
    order.points_used = 0;
    order.updated_at = clock_.Now();
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return flows_->OrderPaidInTx(tx, order); }).ok());
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return flows_->OrderPaidInTx(tx, order); }).ok());  // replayed
    auto person = db().Write([&](store::Tx& tx) { return flows_->UserPersonInTx(tx, minsu_); });
    ASSERT_TRUE(person.ok()) << person.error().message;
    EXPECT_EQ(Balance(*person, shop_), 300);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_records WHERE source = 'web'"), 1);

    // Spending points on a later order, then that order cancelled unpaid: the points come back.
    orders::Order second = order;
    second.id = orders::OrderId::New(random_);
    second.points_used = 200;
    auto used = db().Write([&](store::Tx& tx) { return flows_->RedeemForOrderInTx(tx, second, *person); });
    ASSERT_TRUE(used.ok()) << used.error().message;
    EXPECT_EQ(Balance(*person, shop_), 100);
    second.points_used = 50;  // under the minimum of 100
    second.id = orders::OrderId::New(random_);
    auto small = db().Write([&](store::Tx& tx) { return flows_->RedeemForOrderInTx(tx, second, *person); });
    ASSERT_FALSE(small.ok());
    EXPECT_EQ(small.error().reason, "invalid_points");
    second.points_used = 5'000;
    auto much = db().Write([&](store::Tx& tx) { return flows_->RedeemForOrderInTx(tx, second, *person); });
    ASSERT_FALSE(much.ok());
    EXPECT_EQ(much.error().reason, "insufficient_points");
    EXPECT_EQ(Balance(*person, shop_), 100);

    // The first order cancelled after payment: its purchase and points are reversed.
    orders::ReturnResult cancelled;
    cancelled.order = order;
    cancelled.order.status = orders::OrderStatus::kCancelled;
    cancelled.recorded.id = orders::ReturnId::New(random_);
    cancelled.recorded.refund = core::Money::Won(33'000);
    cancelled.recorded.created_at = clock_.Now();
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return flows_->OrderRefundedInTx(tx, cancelled); }).ok());
    // Of the 300 earned only 100 are left (200 were spent): only those are taken back.
    EXPECT_EQ(Balance(*person, shop_), 0);
    EXPECT_EQ(QueryInt("SELECT total_won FROM customers_relationships"), 0);
}

TEST_P(CustomerFlowsTest, AMemberImportMakesRecordsAndCarriesPointsOnce) {
    ImportMembers(
        "card_no,name,phone,points\r\nM-1,김민준,010-1234-5678,500\r\nM-2,이서연,010-5555-6666,0\r\n"
        "M-3,박지훈,,1200\r\n");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_records WHERE source = 'member'"), 3);
    EXPECT_EQ(QueryInt("SELECT COALESCE(SUM(delta), 0) FROM customers_point_entries WHERE kind = 'adjust'"), 1'700);
    // Every member is the shop's customer (with its card) before buying anything through the platform.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_relationships WHERE purchases = 0 AND card_no LIKE 'M-%'"), 3);
    const std::int64_t persons = Count("customers_persons"), entries = Count("customers_point_entries");
    ImportMembers("card_no,name,phone,points\r\nM-1,김민준,010-1234-5678,500\r\n");  // again
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_records WHERE source = 'member'"), 3);
    EXPECT_EQ(Count("customers_persons"), persons);
    EXPECT_EQ(Count("customers_point_entries"), entries);
}

JANGTEO_STORE_BACKENDS(CustomerFlowsTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
