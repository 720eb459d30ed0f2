// The routing policy's rules that need no store: the commission in whole won (rounded half up, in
// 128 bits) and the shape of a policy (rate, duplicates, count).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "channels/routing.hpp"

namespace jangteo::channels {
namespace {

TEST(CommissionTest, IsGoodsTimesBasisPointsRoundedHalfUp) {
    struct Case {
        std::int64_t goods, bp, won;
    };
    const Case cases[] = {
        {0, 300, 0},          {12'345, 300, 370},                       // 370.35
        {12'350, 300, 371},                                             // 370.5 → up
        {50, 100, 1},                                                   // 0.5 → up
        {49, 100, 0},                                                   // 0.49
        {10'000, 0, 0},       {10'000, 10'000, 10'000}, {1, 5'000, 1},  // 0.5
        {1, 4'999, 0},        {99'999, 1, 10},                          // 9.9999
        {-12'350, 300, -371},                                           // a reversal mirrors its credit
    };
    for (const Case& c : cases) EXPECT_EQ(CommissionWon(c.goods, c.bp), c.won) << c.goods << " at " << c.bp;
    // The largest goods an order can have, at the highest rate, without overflow.
    const std::int64_t huge = std::numeric_limits<std::int64_t>::max() / 2;
    EXPECT_EQ(CommissionWon(huge, 10'000), huge);
    EXPECT_EQ(CommissionWon(huge, 5'000), huge / 2 + 1);
}

TEST(RoutingPolicyTest, ProblemsNameTheirFields) {
    EXPECT_TRUE(PolicyProblems({.priorities = {1, 2, 3}, .allow_split = false, .commission_bp = 10'000}).empty());
    EXPECT_TRUE(PolicyProblems({}).empty()) << "the defaults";

    auto bad = PolicyProblems({.priorities = {7, 8, 7, 8}, .commission_bp = 10'001});
    ASSERT_EQ(bad.size(), 3u);
    EXPECT_EQ(bad[0].field, "commission_bp");
    EXPECT_EQ(bad[0].code, "out_of_range");
    EXPECT_EQ(bad[1].field, "priorities[2]");
    EXPECT_EQ(bad[1].code, "duplicate_location");
    EXPECT_EQ(bad[2].field, "priorities[3]");

    auto negative = PolicyProblems({.commission_bp = -1});
    ASSERT_EQ(negative.size(), 1u);
    EXPECT_EQ(negative[0].field, "commission_bp");

    RoutingPolicyInput many;
    for (std::int64_t i = 1; i <= 201; ++i) many.priorities.push_back(i);
    auto too_many = PolicyProblems(many);
    ASSERT_EQ(too_many.size(), 1u);
    EXPECT_EQ(too_many[0].field, "priorities");
    EXPECT_EQ(too_many[0].code, "too_many");
}

}  // namespace
}  // namespace jangteo::channels
