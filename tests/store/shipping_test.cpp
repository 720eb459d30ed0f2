// Merchants' shipping rules on every backend: the defaults without a row, a first save, a
// compare-and-set on the version, amounts out of range refused with nothing written.
#include "orders/shipping.hpp"

#include <gtest/gtest.h>

#include "orders_fixture.hpp"

namespace jangteo::store_test {
namespace {

using core::Money;

class ShippingTest : public OrdersFixture {};

TEST_P(ShippingTest, DefaultsUntilSetThenCompareAndSet) {
    orders::ShippingService shipping(db(), clock_);
    auto defaults = shipping.Get(fish_shop_);
    ASSERT_TRUE(defaults.ok()) << defaults.error().message;
    EXPECT_EQ(defaults->version, 0);
    EXPECT_EQ(defaults->flat_fee, Money::Won(orders::kDefaultFlatFeeWon));
    EXPECT_EQ(defaults->free_over, Money::Won(orders::kDefaultFreeOverWon));

    auto set = shipping.Set(fish_shop_,
                            {.flat_fee_won = 4'000,
                             .free_over_won = std::nullopt,
                             .jeju_surcharge_won = 4'000,
                             .islands_surcharge_won = 7'000},
                            0);
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->version, 1);
    EXPECT_EQ(set->free_over, std::nullopt);
    EXPECT_EQ(*orders::ShippingFee(*set, Money::Won(900'000), "63001"), Money::Won(8'000));

    // A second "first save" and a stale version both lose.
    auto again = shipping.Set(fish_shop_, {}, 0);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().reason, "version_changed");
    auto next = shipping.Set(fish_shop_, {.flat_fee_won = 2'500}, 1);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_EQ(next->version, 2);
    auto stale = shipping.Set(fish_shop_, {}, 1);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(shipping.Get(fish_shop_)->flat_fee, Money::Won(2'500));
    // The other merchant still has the defaults.
    EXPECT_EQ(shipping.Get(shoe_shop_)->version, 0);
}

TEST_P(ShippingTest, AmountsOutOfRangeAreRefused) {
    orders::ShippingService shipping(db(), clock_);
    auto bad = shipping.Set(
        fish_shop_,
        {.flat_fee_won = -1, .free_over_won = 1'000'001, .jeju_surcharge_won = 0, .islands_surcharge_won = 2'000'000},
        0);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "invalid_shipping_rules");
    ASSERT_EQ(bad.error().fields.size(), 3u);
    EXPECT_EQ(bad.error().fields[0].field, "flat_fee_won");
    EXPECT_EQ(bad.error().fields[1].field, "free_over_won");
    EXPECT_EQ(bad.error().fields[2].field, "islands_surcharge_won");
    EXPECT_EQ(Count("orders_merchant_shipping"), 0);
}

JANGTEO_STORE_BACKENDS(ShippingTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
