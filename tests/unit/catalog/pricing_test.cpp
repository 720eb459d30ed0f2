#include "catalog/pricing.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace jangteo::catalog {
namespace {

using core::Money;
using namespace std::chrono_literals;

const core::TimePoint kNow = core::FromUnixMicros(1'795'000'000'000'000);

VariantPricing Mackerel() {
    return {
        .base = Money::Won(12'900),
        .channel_prices = {{SalesChannel::kShop, Money::Won(12'000)}, {SalesChannel::kBusiness, Money::Won(11'500)}},
        .tiers = {{10, Money::Won(11'000)}, {50, Money::Won(10'000)}, {5, Money::Won(11'200)}}};
}

PriceQuote Quote(const VariantPricing& p, SalesChannel c, std::int64_t qty, core::TimePoint now = kNow) {
    auto q = QuotePrice(p, c, qty, now);
    EXPECT_TRUE(q.ok()) << q.error().message;
    return q.ok() ? *q : PriceQuote{};
}

TEST(PricingTest, BaseAndChannelPrices) {
    PriceQuote online = Quote(Mackerel(), SalesChannel::kOnline, 2);
    EXPECT_EQ(online.unit, Money::Won(12'900));
    EXPECT_EQ(online.total, Money::Won(25'800));
    EXPECT_EQ(online.source, PriceSource::kBase);
    PriceQuote shop = Quote(Mackerel(), SalesChannel::kShop, 1);
    EXPECT_EQ(shop.unit, Money::Won(12'000));
    EXPECT_EQ(shop.source, PriceSource::kChannel);
}

TEST(PricingTest, BusinessBuyersGetTheTierTheyReach) {
    EXPECT_EQ(Quote(Mackerel(), SalesChannel::kBusiness, 4).unit, Money::Won(11'500));
    EXPECT_EQ(Quote(Mackerel(), SalesChannel::kBusiness, 5).unit, Money::Won(11'200));
    EXPECT_EQ(Quote(Mackerel(), SalesChannel::kBusiness, 49).unit, Money::Won(11'000));
    PriceQuote bulk = Quote(Mackerel(), SalesChannel::kBusiness, 50);
    EXPECT_EQ(bulk.unit, Money::Won(10'000));
    EXPECT_EQ(bulk.source, PriceSource::kTier);
    EXPECT_EQ(bulk.total, Money::Won(500'000));
    // Tiers are for business buyers only.
    EXPECT_EQ(Quote(Mackerel(), SalesChannel::kOnline, 100).unit, Money::Won(12'900));
}

TEST(PricingTest, ASaleRunsInItsWindowAndOnlyWhenLower) {
    VariantPricing p = Mackerel();
    p.sales = {{.unit = Money::Won(9'900), .starts = kNow - 1h, .ends = kNow + 1h}};
    PriceQuote sale = Quote(p, SalesChannel::kOnline, 1);
    EXPECT_EQ(sale.unit, Money::Won(9'900));
    EXPECT_EQ(sale.source, PriceSource::kSale);
    EXPECT_EQ(sale.sale_ends, kNow + 1h);
    EXPECT_EQ(Quote(p, SalesChannel::kOnline, 1, kNow - 1h).unit, Money::Won(9'900)) << "the start is inclusive";
    EXPECT_EQ(Quote(p, SalesChannel::kOnline, 1, kNow + 1h).unit, Money::Won(12'900)) << "the end is exclusive";
    EXPECT_EQ(Quote(p, SalesChannel::kBusiness, 50).unit, Money::Won(9'900));
    // A sale above the tier price leaves the tier.
    p.sales = {{.unit = Money::Won(10'500), .starts = kNow - 1h, .ends = kNow + 1h}};
    EXPECT_EQ(Quote(p, SalesChannel::kBusiness, 50).unit, Money::Won(10'000));
    // A sale for the shop only.
    p.sales = {{.unit = Money::Won(9'000), .starts = kNow - 1h, .ends = kNow + 1h, .channel = SalesChannel::kShop}};
    EXPECT_EQ(Quote(p, SalesChannel::kShop, 1).unit, Money::Won(9'000));
    EXPECT_EQ(Quote(p, SalesChannel::kOnline, 1).unit, Money::Won(12'900));
}

TEST(PricingTest, VatIsIncludedInTaxablePrices) {
    EXPECT_EQ(IncludedVat(11'000), 1'000);
    EXPECT_EQ(IncludedVat(12'900), 1'173);  // supply 11,727.27… → 11,727
    EXPECT_EQ(IncludedVat(0), 0);
    EXPECT_EQ(IncludedVat(1), 0);   // supply 0.909… → 1
    EXPECT_EQ(IncludedVat(6), 1);   // supply 5.454… → 5
    EXPECT_EQ(IncludedVat(17), 2);  // supply 15.45… → 15
    std::int64_t big = std::numeric_limits<std::int64_t>::max();
    EXPECT_GT(IncludedVat(big), 0) << "no overflow for the largest amount";
    PriceQuote taxed = Quote(Mackerel(), SalesChannel::kOnline, 2);
    EXPECT_EQ(taxed.vat, Money::Won(IncludedVat(25'800)));
    VariantPricing exempt = Mackerel();
    exempt.vat = VatMode::kExempt;  // fresh produce and fish are exempt
    EXPECT_EQ(Quote(exempt, SalesChannel::kOnline, 2).vat, Money::Won(0));
}

TEST(PricingTest, RefusesBadQuantitiesNegativePricesAndOverflow) {
    for (std::int64_t qty : {std::int64_t{0}, std::int64_t{-1}, kMaxOrderQuantity + 1}) {
        auto q = QuotePrice(Mackerel(), SalesChannel::kOnline, qty, kNow);
        ASSERT_FALSE(q.ok());
        EXPECT_EQ(q.error().reason, "invalid_quantity");
        EXPECT_EQ(q.error().fields.at(0).field, "quantity");
    }
    VariantPricing negative = Mackerel();
    negative.tiers.push_back({100, Money::Won(-1)});
    EXPECT_EQ(QuotePrice(negative, SalesChannel::kOnline, 1, kNow).error().reason, "invalid_price");
    VariantPricing huge{.base = Money::Won(std::numeric_limits<std::int64_t>::max() / 2)};
    auto overflow = QuotePrice(huge, SalesChannel::kOnline, 3, kNow);
    ASSERT_FALSE(overflow.ok());
    EXPECT_EQ(overflow.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(PricingTest, NamesRoundTrip) {
    for (SalesChannel c : {SalesChannel::kOnline, SalesChannel::kShop, SalesChannel::kBusiness}) {
        EXPECT_EQ(ParseSalesChannel(SalesChannelName(c)), c);
    }
    EXPECT_FALSE(ParseSalesChannel("wholesale").has_value());
    EXPECT_EQ(PriceSourceName(PriceSource::kTier), "tier");
}

}  // namespace
}  // namespace jangteo::catalog
