#include "core/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace jangteo::core {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

struct FormatCase {
    std::int64_t won;
    const char* expected;
};

class MoneyFormatTest : public testing::TestWithParam<FormatCase> {};

TEST_P(MoneyFormatTest, Formats) {
    EXPECT_EQ(Money::Won(GetParam().won).Format(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MoneyFormatTest,
    testing::Values(FormatCase{0, "0원"}, FormatCase{1, "1원"}, FormatCase{999, "999원"}, FormatCase{1000, "1,000원"},
                    FormatCase{12900, "12,900원"}, FormatCase{100000, "100,000원"}, FormatCase{1234500, "1,234,500원"},
                    FormatCase{-1, "-1원"}, FormatCase{-1200, "-1,200원"}, FormatCase{-123456, "-123,456원"},
                    FormatCase{kMax, "9,223,372,036,854,775,807원"}, FormatCase{kMin, "-9,223,372,036,854,775,808원"}));

TEST(MoneyTest, DefaultIsZero) {
    EXPECT_EQ(Money().won(), 0);
}

TEST(MoneyTest, ArithmeticInRange) {
    auto sum = Money::Won(12900).Plus(Money::Won(100));
    ASSERT_TRUE(sum.ok());
    EXPECT_EQ(sum->won(), 13000);
    auto diff = Money::Won(100).Minus(Money::Won(300));
    ASSERT_TRUE(diff.ok());
    EXPECT_EQ(diff->won(), -200);
    auto product = Money::Won(12900).Times(3);
    ASSERT_TRUE(product.ok());
    EXPECT_EQ(*product, Money::Won(38700));
    auto edge = Money::Won(kMax - 1).Plus(Money::Won(1));
    ASSERT_TRUE(edge.ok());
    EXPECT_EQ(edge->won(), kMax);
}

struct OverflowCase {
    const char* name;
    Result<Money> (*op)();
};

class MoneyOverflowTest : public testing::TestWithParam<OverflowCase> {};

TEST_P(MoneyOverflowTest, ReportsOutOfRange) {
    auto result = GetParam().op();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().reason, "amount_out_of_range");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MoneyOverflowTest,
    testing::Values(OverflowCase{"PlusAboveMax", [] { return Money::Won(kMax).Plus(Money::Won(1)); }},
                    OverflowCase{"PlusBelowMin", [] { return Money::Won(kMin).Plus(Money::Won(-1)); }},
                    OverflowCase{"MinusBelowMin", [] { return Money::Won(kMin).Minus(Money::Won(1)); }},
                    OverflowCase{"MinusAboveMax", [] { return Money::Won(0).Minus(Money::Won(kMin)); }},
                    OverflowCase{"TimesLarge", [] { return Money::Won(kMax / 2 + 1).Times(2); }},
                    OverflowCase{"TimesNegativeOne", [] { return Money::Won(kMin).Times(-1); }},
                    OverflowCase{"TimesHuge", [] { return Money::Won(10'000'000).Times(10'000'000'000'000); }}),
    [](const testing::TestParamInfo<OverflowCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace jangteo::core
