// Points on every backend: earned at the merchant's rate once per purchase, redeemed from the
// credits that expire first, refused beyond the balance or under the minimum, reversed in proportion
// on a refund, expired when due; and after every step the balance (the sum of the deltas) equals what
// is left of the credits.
#include "customers/points.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "customers/member.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using customers::PointKind;

class PointsTest : public MerchantFixture {
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
        points_.emplace(db(), clock_, random_);
        ASSERT_TRUE(points_->SetPolicy(shop_, {.earn_bp = 100, .expiry_days = 365, .min_redeem = 100}).ok());
    }

    core::Result<std::optional<customers::PointEntry>> Earn(std::int64_t paid, const std::string& ref) {
        return db().Write([&](store::Tx& tx) { return points_->EarnInTx(tx, shop_, person_, paid, ref); });
    }
    core::Result<customers::PointEntry> Redeem(std::int64_t points, const std::string& ref) {
        return db().Write([&](store::Tx& tx) { return points_->RedeemInTx(tx, shop_, person_, points, ref); });
    }
    std::int64_t Balance() {
        auto b = points_->Balance(shop_, person_);
        EXPECT_TRUE(b.ok()) << b.error().message;
        return b.ok() ? b->balance : -1;
    }
    // The ledger's invariant: the balance equals what is left of the credits.
    void ExpectBalanced() {
        EXPECT_EQ(QueryInt("SELECT COALESCE(SUM(delta), 0) FROM customers_point_entries"),
                  QueryInt("SELECT COALESCE(SUM(remaining), 0) FROM customers_point_entries"));
    }

    customers::PersonId person_{777};
    platform::MerchantId shop_, other_;
    std::optional<customers::PointService> points_;
};

TEST_P(PointsTest, APurchaseEarnsOnceAtTheMerchantsRate) {
    auto earned = Earn(25'900, "pos:pos_1");
    ASSERT_TRUE(earned.ok()) << earned.error().message;
    ASSERT_TRUE(earned->has_value());
    EXPECT_EQ((*earned)->delta, 259) << "1 % of 25,900, rounded down";
    ASSERT_TRUE((*earned)->expires_at.has_value());
    EXPECT_EQ(*(*earned)->expires_at, clock_.Now() + std::chrono::hours(24 * 365));
    auto again = Earn(25'900, "pos:pos_1");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ((*again)->id, (*earned)->id) << "the same purchase earns once";
    EXPECT_EQ(Balance(), 259);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_point_entries"), 1);

    // A merchant without a policy gives no points; a tiny amount earns nothing.
    auto none = db().Write([&](store::Tx& tx) { return points_->EarnInTx(tx, other_, person_, 50'000, "ord:1"); });
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
    auto tiny = Earn(99, "pos:pos_2");
    ASSERT_TRUE(tiny.ok());
    EXPECT_FALSE(tiny->has_value());
    ExpectBalanced();
}

TEST_P(PointsTest, RedemptionTakesWhatExpiresFirstAndIsRefusedBeyondTheBalance) {
    ASSERT_TRUE(Earn(30'000, "pos:a").ok());  // 300, expires in 365 days
    clock_.Advance(std::chrono::hours(24 * 10));
    ASSERT_TRUE(Earn(20'000, "pos:b").ok());  // 200, expires 10 days later
    auto used = Redeem(350, "order:ord_1");
    ASSERT_TRUE(used.ok()) << used.error().message;
    EXPECT_EQ(used->delta, -350);
    EXPECT_EQ(QueryInt("SELECT remaining FROM customers_point_entries WHERE ref = 'pos:a'"), 0);
    EXPECT_EQ(QueryInt("SELECT remaining FROM customers_point_entries WHERE ref = 'pos:b'"), 150);
    auto retried = Redeem(350, "order:ord_1");
    ASSERT_TRUE(retried.ok());
    EXPECT_EQ(retried->id, used->id) << "a retried redemption takes once";
    EXPECT_EQ(Balance(), 150);

    auto too_much = Redeem(151, "order:ord_2");
    ASSERT_FALSE(too_much.ok());
    EXPECT_EQ(too_much.error().reason, "insufficient_points");
    auto too_little = Redeem(50, "order:ord_3");
    ASSERT_FALSE(too_little.ok());
    EXPECT_EQ(too_little.error().reason, "invalid_points");
    EXPECT_EQ(Balance(), 150);
    ExpectBalanced();

    // The redemption refunded: the points come back once.
    auto back = db().Write([&](store::Tx& tx) { return points_->ReverseRedeemInTx(tx, shop_, "order:ord_1"); });
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_TRUE(back->has_value());
    EXPECT_EQ((*back)->delta, 350);
    auto twice = db().Write([&](store::Tx& tx) { return points_->ReverseRedeemInTx(tx, shop_, "order:ord_1"); });
    ASSERT_TRUE(twice.ok());
    EXPECT_EQ((*twice)->id, (*back)->id);
    EXPECT_EQ(Balance(), 500);
    ExpectBalanced();
}

TEST_P(PointsTest, ARefundTakesBackItsShareOfWhatThePurchaseEarned) {
    ASSERT_TRUE(Earn(40'000, "order:ord_9").ok());  // 400
    auto part = db().Write([&](store::Tx& tx) {
        return points_->ReverseEarnInTx(tx, shop_, "order:ord_9", 10'000, 40'000, "refund:rfd_1");
    });
    ASSERT_TRUE(part.ok()) << part.error().message;
    ASSERT_TRUE(part->has_value());
    EXPECT_EQ((*part)->delta, -100);
    EXPECT_EQ(Balance(), 300);
    // Spent points are not taken back twice: 250 redeemed, the rest refunded takes what is left.
    ASSERT_TRUE(Redeem(250, "pos:redeem_1").ok());
    auto rest = db().Write([&](store::Tx& tx) {
        return points_->ReverseEarnInTx(tx, shop_, "order:ord_9", 30'000, 40'000, "refund:rfd_2");
    });
    ASSERT_TRUE(rest.ok());
    ASSERT_TRUE(rest->has_value());
    EXPECT_EQ((*rest)->delta, -50);
    EXPECT_EQ(Balance(), 0);
    ExpectBalanced();
}

TEST_P(PointsTest, DuePointsExpireAndAdjustmentsCorrect) {
    ASSERT_TRUE(Earn(10'000, "pos:old").ok());  // 100
    clock_.Advance(std::chrono::hours(24 * 200));
    ASSERT_TRUE(Earn(20'000, "pos:new").ok());  // 200
    auto balance = points_->Balance(shop_, person_);
    ASSERT_TRUE(balance.ok());
    EXPECT_EQ(balance->balance, 300);
    EXPECT_EQ(balance->expiring_next, 100);
    clock_.Advance(std::chrono::hours(24 * 166));  // the first has passed its 365 days
    EXPECT_EQ(Balance(), 200);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_point_entries WHERE kind = 'expire'"), 1);
    EXPECT_EQ(Balance(), 200) << "expired once";

    auto plus = points_->Adjust(shop_, person_, 40, "staff:fix-1");
    ASSERT_TRUE(plus.ok()) << plus.error().message;
    auto minus = points_->Adjust(shop_, person_, -240, "staff:fix-2");
    ASSERT_TRUE(minus.ok()) << minus.error().message;
    EXPECT_EQ(Balance(), 0);
    auto below = points_->Adjust(shop_, person_, -1, "staff:fix-3");
    ASSERT_FALSE(below.ok());
    EXPECT_EQ(below.error().reason, "insufficient_points");
    EXPECT_FALSE(points_->Adjust(shop_, person_, 0, "staff:fix-4").ok());
    EXPECT_EQ(Balance(), 0);
    ExpectBalanced();

    auto ledger = points_->Ledger(shop_, person_, 50);
    ASSERT_TRUE(ledger.ok());
    EXPECT_EQ(ledger->size(), 5u);
}

TEST_P(PointsTest, ABadPolicyIsRefusedAndChangesNothing) {
    auto bad = points_->SetPolicy(shop_, {.earn_bp = 10'001, .expiry_days = -1, .min_redeem = -5});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "invalid_point_policy");
    EXPECT_EQ(bad.error().fields.size(), 3u);
    auto policy = points_->Policy(shop_);
    ASSERT_TRUE(policy.ok());
    EXPECT_EQ(policy->earn_bp, 100);
    EXPECT_EQ(policy->min_redeem, 100);
}

JANGTEO_STORE_BACKENDS(PointsTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
