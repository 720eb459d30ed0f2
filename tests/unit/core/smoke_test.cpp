#include <gtest/gtest.h>

#include "core/money.hpp"

TEST(MoneySmoke, FormatsWon) { EXPECT_EQ(jangteo::core::Money::Won(1234500).Format(), "1,234,500원"); }
