// The postal-code areas (Jeju, the other islands, the mainland) at the edges of their ranges, and the
// delivery fee: flat, free from an amount, and the area surcharge on top in every case.
#include "orders/shipping.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jangteo::orders {
namespace {

using core::Money;

struct AreaCase {
    std::string code;
    RemoteArea area;
};

TEST(ShippingTest, AreaOfPostalCodes) {
    const AreaCase cases[] = {
        {"63000", RemoteArea::kJeju},          {"63644", RemoteArea::kJeju},      {"63100", RemoteArea::kJeju},
        {"63645", RemoteArea::kMainland},      {"62999", RemoteArea::kMainland},  {"48058", RemoteArea::kMainland},
        {"06236", RemoteArea::kMainland},      {"40200", RemoteArea::kIsland},    {"40240", RemoteArea::kIsland},
        {"40199", RemoteArea::kMainland},      {"40241", RemoteArea::kMainland},  {"23100", RemoteArea::kIsland},
        {"23116", RemoteArea::kIsland},        {"23117", RemoteArea::kMainland},  {"23124", RemoteArea::kIsland},
        {"23136", RemoteArea::kIsland},        {"58826", RemoteArea::kIsland},    {"58827", RemoteArea::kMainland},
        {"58866", RemoteArea::kIsland},        {"59790", RemoteArea::kIsland},    {"59791", RemoteArea::kMainland},
        {"54000", RemoteArea::kIsland},        {"23004", RemoteArea::kIsland},    {"", RemoteArea::kMainland},
        {"6300", RemoteArea::kMainland},       {"630000", RemoteArea::kMainland}, {"63a00", RemoteArea::kMainland},
        {"６３０００", RemoteArea::kMainland},
    };
    for (const AreaCase& c : cases) {
        EXPECT_EQ(AreaOf(c.code), c.area) << c.code;
    }
    EXPECT_EQ(RemoteAreaName(RemoteArea::kJeju), "jeju");
}

TEST(ShippingTest, DefaultRulesFlatFreeOverAndSurcharges) {
    ShippingRules rules;  // the defaults: 3,000 flat, free from 50,000, Jeju +3,000, islands +5,000
    EXPECT_EQ(*ShippingFee(rules, Money::Won(49'999), "48058"), Money::Won(3'000));
    EXPECT_EQ(*ShippingFee(rules, Money::Won(50'000), "48058"), Money::Won(0));
    EXPECT_EQ(*ShippingFee(rules, Money::Won(10'000), "63000"), Money::Won(6'000));
    // Carriers bill the island surcharge even when the shop sends for free.
    EXPECT_EQ(*ShippingFee(rules, Money::Won(80'000), "63644"), Money::Won(3'000));
    EXPECT_EQ(*ShippingFee(rules, Money::Won(10'000), "40200"), Money::Won(8'000));
    EXPECT_EQ(*ShippingFee(rules, Money::Won(80'000), "40240"), Money::Won(5'000));
}

TEST(ShippingTest, NeverFreeWithoutFreeOver) {
    ShippingRules rules{.flat_fee = Money::Won(4'000),
                        .free_over = std::nullopt,
                        .jeju_surcharge = Money::Won(2'500),
                        .islands_surcharge = Money::Won(7'000)};
    EXPECT_EQ(*ShippingFee(rules, Money::Won(1'000'000), "48058"), Money::Won(4'000));
    EXPECT_EQ(*ShippingFee(rules, Money::Won(1'000'000), "63001"), Money::Won(6'500));
    EXPECT_EQ(*ShippingFee(rules, Money::Won(0), "23100"), Money::Won(11'000));
    ShippingRules free{.flat_fee = Money::Won(0), .free_over = Money::Won(0)};
    EXPECT_EQ(*ShippingFee(free, Money::Won(0), "48058"), Money::Won(0));
}

}  // namespace
}  // namespace jangteo::orders
