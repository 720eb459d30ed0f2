// The price parity rules: the allowed range around the shop price in whole won (rounded inwards, so
// that every price in it keeps the tolerance), the difference in basis points, what the effective
// prices of each channel are at a moment (list price, base price, sales for one channel or all), the
// first breach from now on (a sale that starts later), the field that sets a breaching price, and
// the words and figures of its field error.
#include "catalog/price_parity.hpp"

#include <gtest/gtest.h>

#include <variant>

namespace jangteo::catalog {
namespace {

using core::Money;
using namespace std::chrono_literals;

const core::TimePoint kNow = core::FromUnixMicros(1'795'000'000'000'000);

ParityPolicy Within(std::int64_t bp, ParityEnforcement e = ParityEnforcement::kWarn) {
    return {.rule = ParityRule::kWithin, .tolerance_bp = bp, .enforcement = e};
}
ParityPolicy Equal(ParityEnforcement e = ParityEnforcement::kWarn) {
    return {.rule = ParityRule::kEqual, .tolerance_bp = 0, .enforcement = e};
}

struct RangeCase {
    const char* name;
    ParityPolicy policy;
    std::int64_t shop;
    std::int64_t min;
    std::int64_t max;
};

TEST(PriceParityTest, TheAllowedRangeIsRoundedInwards) {
    const RangeCase cases[] = {
        {"equal", Equal(), 10'000, 10'000, 10'000},
        {"5% of a round price", Within(500), 10'000, 9'500, 10'500},
        // 9,999 × 0.95 = 9,499.05 → 9,500 (up); 9,999 × 1.05 = 10,498.95 → 10,498 (down).
        {"5% of 9,999", Within(500), 9'999, 9'500, 10'498},
        // 0.01% of 9,999 is 0.9999 won: no whole won of room either side.
        {"1 bp of 9,999", Within(1), 9'999, 9'999, 9'999},
        // 0.01% of 10,000 is exactly 1 won: the bounds are included.
        {"1 bp of 10,000", Within(1), 10'000, 9'999, 10'001},
        {"50%", Within(5'000), 12'345, 6'173, 18'517},  // 6,172.5 → 6,173; 18,517.5 → 18,517
        {"2.5% of 1 won", Within(250), 1, 1, 1},
        {"a free shop price", Within(5'000), 0, 0, 0},
        {"the largest price", Within(5'000), 1'000'000'000'000, 500'000'000'000, 1'500'000'000'000},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ParityRange r = AllowedRange(c.policy, Money::Won(c.shop));
        EXPECT_EQ(r.min, Money::Won(c.min));
        EXPECT_EQ(r.max, Money::Won(c.max));
        // The edges are allowed, one won past them is not.
        EXPECT_TRUE(Allows(c.policy, Money::Won(c.shop), r.min));
        EXPECT_TRUE(Allows(c.policy, Money::Won(c.shop), r.max));
        EXPECT_FALSE(Allows(c.policy, Money::Won(c.shop), Money::Won(c.max + 1)));
        if (c.min > 0) {
            EXPECT_FALSE(Allows(c.policy, Money::Won(c.shop), Money::Won(c.min - 1)));
        }
    }
}

TEST(PriceParityTest, TheDifferenceIsInBasisPointsRoundedHalfAwayFromZero) {
    struct Case {
        std::int64_t shop, price;
        std::optional<std::int64_t> bp;
    };
    const Case cases[] = {
        {10'000, 9'000, -1'000}, {10'000, 10'500, 500}, {10'000, 10'000, 0},
        {3, 2, -3'333},          {3, 4, 3'333},         {6, 5, -1'667},  // −1,666.67 → −1,667
        {20'000, 20'001, 1},     {20'000, 19'999, -1},                   // ±0.5 bp → ±1
        {30'000, 30'001, 0},     {30'000, 29'999, 0},                    // ±0.33 bp → 0
        {0, 100, std::nullopt},  {0, 0, std::nullopt},  {1'000'000'000'000, 1, -10'000},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::to_string(c.shop) + " → " + std::to_string(c.price));
        EXPECT_EQ(DifferenceBp(Money::Won(c.shop), Money::Won(c.price)), c.bp);
    }
}

TEST(PriceParityTest, BasisPointsReadAsPercentages) {
    EXPECT_EQ(FormatBasisPoints(500), "5%");
    EXPECT_EQ(FormatBasisPoints(250), "2.5%");
    EXPECT_EQ(FormatBasisPoints(125), "1.25%");
    EXPECT_EQ(FormatBasisPoints(5), "0.05%");
    EXPECT_EQ(FormatBasisPoints(5'000), "50%");
    EXPECT_EQ(FormatBasisPoints(-1'050), "-10.5%");
    EXPECT_EQ(FormatBasisPoints(0), "0%");
}

TEST(PriceParityTest, PoliciesAreValidated) {
    EXPECT_TRUE(ValidateParityPolicy(Within(1), "online").ok());
    EXPECT_TRUE(ValidateParityPolicy(Within(5'000), "online").ok());
    EXPECT_TRUE(ValidateParityPolicy(Equal(), "online").ok());
    struct Case {
        ParityPolicy policy;
        const char* code;
    };
    const Case bad[] = {{Within(0), "out_of_range"},
                        {Within(5'001), "out_of_range"},
                        {Within(-5), "out_of_range"},
                        {{.rule = ParityRule::kEqual, .tolerance_bp = 100}, "not_allowed"}};
    for (const auto& c : bad) {
        auto r = ValidateParityPolicy(c.policy, "business");
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().reason, "invalid_price_policy");
        ASSERT_EQ(r.error().fields.size(), 1u);
        EXPECT_EQ(r.error().fields[0].field, "business.tolerance_bp");
        EXPECT_EQ(r.error().fields[0].code, c.code);
    }
}

// A variant as the back office fills it: base 10,000, shop 10,000, online 9,600.
VariantPricing Variant() {
    return {.base = Money::Won(10'000),
            .channel_prices = {{SalesChannel::kShop, Money::Won(10'000)}, {SalesChannel::kOnline, Money::Won(9'600)}}};
}

struct AtCase {
    const char* name;
    VariantPricing pricing;
    std::int64_t price;
    PriceSource source;
    std::optional<std::size_t> index;
    std::int64_t shop;
    bool breaks;  // under ±5%
};

TEST(PriceParityTest, EffectivePricesAtAMoment) {
    ParityPolicies policies{.online = Within(500)};
    VariantPricing online_sale = Variant();
    online_sale.sales = {
        {.unit = Money::Won(7'000), .starts = kNow - 1h, .ends = kNow + 1h, .channel = SalesChannel::kOnline}};
    VariantPricing shop_sale = Variant();
    shop_sale.sales = {
        {.unit = Money::Won(8'000), .starts = kNow - 1h, .ends = kNow + 1h, .channel = SalesChannel::kShop}};
    VariantPricing everywhere = Variant();
    everywhere.sales = {{.unit = Money::Won(9'000), .starts = kNow - 1h, .ends = kNow + 1h}};
    VariantPricing ended = Variant();
    ended.sales = {{.unit = Money::Won(1'000), .starts = kNow - 2h, .ends = kNow, .channel = SalesChannel::kOnline}};
    VariantPricing no_lists{.base = Money::Won(10'000)};
    VariantPricing base_online{.base = Money::Won(8'000),
                               .channel_prices = {{SalesChannel::kShop, Money::Won(10'000)}}};
    VariantPricing business_sale = Variant();
    business_sale.sales = {
        {.unit = Money::Won(1'000), .starts = kNow - 1h, .ends = kNow + 1h, .channel = SalesChannel::kBusiness}};
    VariantPricing two_sales = Variant();
    two_sales.sales = {
        {.unit = Money::Won(9'500), .starts = kNow - 1h, .ends = kNow + 1h},
        {.unit = Money::Won(5'000), .starts = kNow - 1h, .ends = kNow + 1h, .channel = SalesChannel::kOnline}};
    const AtCase cases[] = {
        {"list prices within 5%", Variant(), 9'600, PriceSource::kChannel, 1, 10'000, false},
        {"a web-only sale far below", online_sale, 7'000, PriceSource::kSale, 0, 10'000, true},
        {"a shop-only sale leaves the web above", shop_sale, 9'600, PriceSource::kChannel, 1, 8'000, true},
        {"a sale for every channel moves both", everywhere, 9'000, PriceSource::kSale, 0, 9'000, false},
        {"a sale that ended (its end is exclusive)", ended, 9'600, PriceSource::kChannel, 1, 10'000, false},
        {"no list prices: the base price both ways", no_lists, 10'000, PriceSource::kBase, std::nullopt, 10'000, false},
        {"no online list price: the base price", base_online, 8'000, PriceSource::kBase, std::nullopt, 10'000, true},
        {"a business sale is no online price", business_sale, 9'600, PriceSource::kChannel, 1, 10'000, false},
        {"the lowest running sale, and its index", two_sales, 5'000, PriceSource::kSale, 1, 9'500, true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::vector<ParityBreach> found = BreachesAt(policies, c.pricing, kNow);
        ASSERT_EQ(found.size(), c.breaks ? 1u : 0u);
        if (!c.breaks) continue;
        const ParityBreach& b = found[0];
        EXPECT_EQ(b.list, SalesChannel::kOnline);
        EXPECT_EQ(b.price, Money::Won(c.price));
        EXPECT_EQ(b.price_source, c.source);
        EXPECT_EQ(b.price_index, c.index);
        EXPECT_EQ(b.shop, Money::Won(c.shop));
        EXPECT_EQ(b.allowed, AllowedRange(Within(500), Money::Won(c.shop)));
        EXPECT_EQ(b.at, kNow);
    }
}

TEST(PriceParityTest, NoPolicyNoBreachAndEachListHasItsOwn) {
    VariantPricing p = Variant();
    p.channel_prices.push_back({SalesChannel::kBusiness, Money::Won(8'000)});
    EXPECT_TRUE(BreachesAt({}, p, kNow).empty());
    EXPECT_TRUE(BreachesFrom({}, p, kNow).empty());
    // Online 9,600 is within 5% but not equal; business 8,000 is 20% below.
    ParityPolicies both{.online = Equal(ParityEnforcement::kRefuse), .business = Within(1'000)};
    std::vector<ParityBreach> found = BreachesAt(both, p, kNow);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].list, SalesChannel::kOnline);
    EXPECT_EQ(found[0].policy.enforcement, ParityEnforcement::kRefuse);
    EXPECT_EQ(found[0].allowed, (ParityRange{Money::Won(10'000), Money::Won(10'000)}));
    EXPECT_EQ(found[0].difference_bp, -400);
    EXPECT_EQ(found[1].list, SalesChannel::kBusiness);
    EXPECT_EQ(found[1].allowed, (ParityRange{Money::Won(9'000), Money::Won(11'000)}));
    EXPECT_EQ(found[1].difference_bp, -2'000);
    ParityPolicies business_only{.business = Within(2'000)};
    EXPECT_TRUE(BreachesAt(business_only, p, kNow).empty()) << "20% below is within ±20%";
}

TEST(PriceParityTest, ASaleThatStartsLaterIsFoundFromNowOn) {
    ParityPolicies policies{.online = Within(500)};
    VariantPricing p = Variant();
    p.sales = {{.unit = Money::Won(9'700), .starts = kNow - 1h, .ends = kNow + 24h},
               {.unit = Money::Won(6'000), .starts = kNow + 48h, .ends = kNow + 72h, .channel = SalesChannel::kOnline}};
    EXPECT_TRUE(BreachesAt(policies, p, kNow).empty()) << "fine now";
    std::vector<ParityBreach> later = BreachesFrom(policies, p, kNow);
    ASSERT_EQ(later.size(), 1u);
    EXPECT_EQ(later[0].at, kNow + 48h) << "when the web sale starts";
    EXPECT_EQ(later[0].price, Money::Won(6'000));
    EXPECT_EQ(later[0].price_index, 1u);
    EXPECT_EQ(ParityField(3, later[0]), "variants[3].sales[1].unit_price_won");

    // A shop-only sale running now puts the web price above the range now: found at now.
    VariantPricing shop_sale = Variant();
    shop_sale.sales = {
        {.unit = Money::Won(8'000), .starts = kNow - 1h, .ends = kNow + 1h, .channel = SalesChannel::kShop}};
    std::vector<ParityBreach> now = BreachesFrom(policies, shop_sale, kNow);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0].at, kNow);
    EXPECT_EQ(now[0].shop_source, PriceSource::kSale);

    // A sale that ended before now is not looked at; the moments judged are now and later ones.
    VariantPricing past = Variant();
    past.sales = {
        {.unit = Money::Won(1'000), .starts = kNow - 48h, .ends = kNow - 24h, .channel = SalesChannel::kOnline}};
    EXPECT_TRUE(BreachesFrom(policies, past, kNow).empty());
}

TEST(PriceParityTest, TheFieldThatSetsThePrice) {
    ParityPolicies policies{.online = Equal()};
    VariantPricing channel = Variant();
    EXPECT_EQ(ParityField(1, BreachesAt(policies, channel, kNow).at(0)),
              "variants[1].channel_prices[1].unit_price_won");
    VariantPricing base{.base = Money::Won(9'000), .channel_prices = {{SalesChannel::kShop, Money::Won(10'000)}}};
    EXPECT_EQ(ParityField(0, BreachesAt(policies, base, kNow).at(0)), "variants[0].base_price_won");
}

std::optional<std::variant<std::int64_t, std::string>> Param(const core::FieldError& e, std::string_view name) {
    for (const auto& p : e.params) {
        if (p.name == name) return p.value;
    }
    return std::nullopt;
}

TEST(PriceParityTest, TheFieldErrorSaysBothPricesAndTheRange) {
    ParityPolicies policies{.online = Within(500, ParityEnforcement::kRefuse)};
    VariantPricing p{
        .base = Money::Won(12'900),
        .channel_prices = {{SalesChannel::kShop, Money::Won(12'000)}, {SalesChannel::kOnline, Money::Won(9'900)}}};
    ParityBreach b = BreachesAt(policies, p, kNow).at(0);
    core::FieldError e = ParityFieldError(ParityField(0, b), b, kNow);
    EXPECT_EQ(e.field, "variants[0].channel_prices[1].unit_price_won");
    EXPECT_EQ(e.code, "price_parity");
    EXPECT_EQ(e.message, "the online price 9,900 won is outside 11,400–12,600 won, the shop price 12,000 won ± 5%");
    EXPECT_EQ(Param(e, "price_won"), (std::variant<std::int64_t, std::string>(std::int64_t{9'900})));
    EXPECT_EQ(Param(e, "shop_price_won"), (std::variant<std::int64_t, std::string>(std::int64_t{12'000})));
    EXPECT_EQ(Param(e, "min_won"), (std::variant<std::int64_t, std::string>(std::int64_t{11'400})));
    EXPECT_EQ(Param(e, "max_won"), (std::variant<std::int64_t, std::string>(std::int64_t{12'600})));
    EXPECT_EQ(Param(e, "difference_bp"), (std::variant<std::int64_t, std::string>(std::int64_t{-1'750})));
    EXPECT_EQ(Param(e, "price_list"), (std::variant<std::int64_t, std::string>(std::string("online"))));
    EXPECT_EQ(Param(e, "enforcement"), (std::variant<std::int64_t, std::string>(std::string("refuse"))));
    EXPECT_FALSE(Param(e, "from").has_value()) << "it breaks now";

    ParityPolicies equal{.online = Equal()};
    VariantPricing later = Variant();
    later.channel_prices[1].unit = Money::Won(10'000);
    later.sales = {
        {.unit = Money::Won(9'000), .starts = kNow + 1h, .ends = kNow + 2h, .channel = SalesChannel::kOnline}};
    ParityBreach l = BreachesFrom(equal, later, kNow).at(0);
    core::FieldError le = ParityFieldError(ParityField(0, l), l, kNow);
    EXPECT_EQ(le.message, "from " + core::FormatRfc3339(kNow + 1h) +
                              ", the online price 9,000 won (a sale) differs from the shop price 10,000 won; they must "
                              "be equal");
    EXPECT_EQ(Param(le, "from"), (std::variant<std::int64_t, std::string>(core::FormatRfc3339(kNow + 1h))));
}

}  // namespace
}  // namespace jangteo::catalog
