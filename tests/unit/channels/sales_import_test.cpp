// The cells of legacy sales files as people and old POS systems wrote them: times in Korea's many
// forms, won with commas and signs.
#include "channels/sales_import.hpp"

#include <gtest/gtest.h>

namespace jangteo::channels {
namespace {

TEST(LegacyTimeTest, ReadsTheFormsOldLedgersUseInKoreanTime) {
    const auto expected = core::ParseRfc3339("2023-05-01T14:23:00+09:00");
    for (const char* text : {"2023-05-01 14:23", "2023/05/01 14:23", "2023.05.01 14:23", "202305011423",
                             "2023-05-01T14:23:00+09:00", "2023-05-01 14:23:00", " 2023-05-01 14:23 "}) {
        EXPECT_EQ(ParseLegacyTime(text), expected) << text;
    }
    EXPECT_EQ(ParseLegacyTime("2023-05-01"), core::ParseRfc3339("2023-05-01T00:00:00+09:00"));
    EXPECT_EQ(ParseLegacyTime("2023.05.01."), core::ParseRfc3339("2023-05-01T00:00:00+09:00"));
    EXPECT_EQ(ParseLegacyTime("20230501142305"), core::ParseRfc3339("2023-05-01T14:23:05+09:00"));
    for (const char* bad : {"", "yesterday", "2023-13-01", "2023-02-30", "2023-05-01 25:00", "23-05-01", "1989-01-01",
                            "2023-05-01 14", "2023-05-01 14:23:61", "2023-05-01x14:23"}) {
        EXPECT_FALSE(ParseLegacyTime(bad)) << bad;
    }
}

TEST(LegacyTimeTest, ReadsWonAsPeopleWriteIt) {
    EXPECT_EQ(ParseWon("12900"), 12900);
    EXPECT_EQ(ParseWon("12,900"), 12900);
    EXPECT_EQ(ParseWon("12,900원"), 12900);
    EXPECT_EQ(ParseWon("₩12,900"), 12900);
    EXPECT_EQ(ParseWon("-500"), -500);
    EXPECT_EQ(ParseWon(" 0 "), 0);
    for (const char* bad : {"", "12.5", "abc", "1e5", "12 900", "9999999999999999"}) {
        EXPECT_FALSE(ParseWon(bad)) << bad;
    }
}

}  // namespace
}  // namespace jangteo::channels
