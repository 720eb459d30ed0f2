#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

namespace jangteo::core {
namespace {

constexpr std::int64_t kSecond = 1'000'000;
// 2026-11-22T03:04:05Z
constexpr std::int64_t kBase = 1'795'316'645 * kSecond;

struct FormatCase {
    std::int64_t micros;
    const char* expected;
};

class FormatRfc3339Test : public testing::TestWithParam<FormatCase> {};

TEST_P(FormatRfc3339Test, Formats) {
    EXPECT_EQ(FormatRfc3339(FromUnixMicros(GetParam().micros)), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, FormatRfc3339Test,
                         testing::Values(FormatCase{0, "1970-01-01T00:00:00Z"},
                                         FormatCase{kBase, "2026-11-22T03:04:05Z"},
                                         FormatCase{kBase + 123456, "2026-11-22T03:04:05.123456Z"},
                                         FormatCase{kBase + 1, "2026-11-22T03:04:05.000001Z"},
                                         FormatCase{kBase + 500000, "2026-11-22T03:04:05.500000Z"},
                                         FormatCase{1'709'164'800 * kSecond, "2024-02-29T00:00:00Z"},
                                         FormatCase{-kSecond, "1969-12-31T23:59:59Z"},
                                         FormatCase{-1, "1969-12-31T23:59:59.999999Z"}));

struct ParseCase {
    const char* text;
    std::optional<std::int64_t> micros;  // nullopt: must be refused
};

class ParseRfc3339Test : public testing::TestWithParam<ParseCase> {};

TEST_P(ParseRfc3339Test, Parses) {
    auto parsed = ParseRfc3339(GetParam().text);
    if (!GetParam().micros) {
        EXPECT_FALSE(parsed.has_value()) << FormatRfc3339(*parsed);
        return;
    }
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(ToUnixMicros(*parsed), *GetParam().micros);
}

INSTANTIATE_TEST_SUITE_P(
    Accepted, ParseRfc3339Test,
    testing::Values(ParseCase{"2026-11-22T03:04:05Z", kBase}, ParseCase{"2026-11-22t03:04:05z", kBase},
                    ParseCase{"2026-11-22T12:04:05+09:00", kBase}, ParseCase{"2026-11-21T18:04:05-09:00", kBase},
                    ParseCase{"2026-11-22T03:04:05+00:00", kBase}, ParseCase{"2026-11-22T03:04:05-00:00", kBase},
                    ParseCase{"2026-11-22T08:34:05+05:30", kBase}, ParseCase{"2026-11-22T03:04:05.1Z", kBase + 100000},
                    ParseCase{"2026-11-22T03:04:05.123Z", kBase + 123000},
                    ParseCase{"2026-11-22T03:04:05.123456Z", kBase + 123456},
                    ParseCase{"2026-11-22T03:04:05.000001Z", kBase + 1},
                    ParseCase{"2026-11-22T03:04:05.1234569Z", kBase + 123456},  // beyond micros: cut off
                    ParseCase{"2026-11-22T12:04:05.25+09:00", kBase + 250000},
                    ParseCase{"2024-02-29T00:00:00Z", 1'709'164'800 * kSecond}, ParseCase{"1970-01-01T00:00:00Z", 0},
                    ParseCase{"1969-12-31T23:59:59Z", -kSecond},
                    ParseCase{"2016-12-31T23:59:60Z", 1'483'228'799 * kSecond}));  // leap second

INSTANTIATE_TEST_SUITE_P(
    Refused, ParseRfc3339Test,
    testing::Values(
        ParseCase{"", std::nullopt}, ParseCase{"2026", std::nullopt}, ParseCase{"2026-11-22", std::nullopt},
        ParseCase{"2026-11-22T03:04:05", std::nullopt}, ParseCase{"2026-11-22T03:04Z", std::nullopt},
        ParseCase{"2026-11-22 03:04:05Z", std::nullopt}, ParseCase{"2026/11/22T03:04:05Z", std::nullopt},
        ParseCase{"2026-11-22T03-04-05Z", std::nullopt}, ParseCase{"26-11-22T03:04:05Z", std::nullopt},
        ParseCase{"2026-1-22T03:04:05Z", std::nullopt}, ParseCase{"2026-02-30T00:00:00Z", std::nullopt},
        ParseCase{"2025-02-29T00:00:00Z", std::nullopt}, ParseCase{"2026-13-01T00:00:00Z", std::nullopt},
        ParseCase{"2026-00-01T00:00:00Z", std::nullopt}, ParseCase{"2026-04-31T00:00:00Z", std::nullopt},
        ParseCase{"2026-11-00T00:00:00Z", std::nullopt}, ParseCase{"2026-11-22T24:00:00Z", std::nullopt},
        ParseCase{"2026-11-22T03:60:00Z", std::nullopt}, ParseCase{"2026-11-22T03:04:61Z", std::nullopt},
        ParseCase{"2026-11-22T03:04:05.Z", std::nullopt}, ParseCase{"2026-11-22T03:04:05.12a3Z", std::nullopt},
        ParseCase{"2026-11-22T03:04:05+0900", std::nullopt}, ParseCase{"2026-11-22T03:04:05+09", std::nullopt},
        ParseCase{"2026-11-22T03:04:05+24:00", std::nullopt}, ParseCase{"2026-11-22T03:04:05+09:60", std::nullopt},
        ParseCase{"2026-11-22T03:04:05+09:00 ", std::nullopt}, ParseCase{"2026-11-22T03:04:05ZZ", std::nullopt},
        ParseCase{" 2026-11-22T03:04:05Z", std::nullopt}, ParseCase{"2026-11-22T03:04:05UTC", std::nullopt},
        ParseCase{"+026-11-22T03:04:05Z", std::nullopt},
        // Found by fuzz_rfc3339 (corpus: year_0000_east_offset): the offset carries the instant out
        // of years 0000-9999, where FormatRfc3339 would write "-001-12-31T…", which does not parse.
        ParseCase{"0000-01-01T00:15:05.456+09:00", std::nullopt},
        ParseCase{"0000-01-01T00:00:00.999999+00:01", std::nullopt},
        ParseCase{"9999-12-31T23:59:59-00:01", std::nullopt}));

// The edges of the four-digit years.
INSTANTIATE_TEST_SUITE_P(YearEdges, ParseRfc3339Test,
                         testing::Values(ParseCase{"0000-01-01T00:00:00Z", -62'167'219'200 * kSecond},
                                         ParseCase{"0000-01-01T09:00:00+09:00", -62'167'219'200 * kSecond},
                                         ParseCase{"9999-12-31T23:59:59.999999Z", 253'402'300'800 * kSecond - 1},
                                         ParseCase{"9999-12-31T14:59:59.999999-09:00", 253'402'300'800 * kSecond - 1}));

TEST(ClockTest, FormatThenParseRoundTrips) {
    for (std::int64_t micros : {std::int64_t{0}, kBase, kBase + 7, kBase + 999999, -kSecond - 5,
                                -62'167'219'200 * kSecond, 253'402'300'800 * kSecond - 1}) {
        auto t = FromUnixMicros(micros);
        auto parsed = ParseRfc3339(FormatRfc3339(t));
        ASSERT_TRUE(parsed.has_value()) << micros;
        EXPECT_EQ(*parsed, t);
    }
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
    ManualClock clock(FromUnixMicros(kBase));
    EXPECT_EQ(ToUnixMicros(clock.Now()), kBase);
    EXPECT_EQ(ToUnixMicros(clock.Now()), kBase);
    clock.Advance(std::chrono::seconds(90));
    EXPECT_EQ(ToUnixMicros(clock.Now()), kBase + 90 * kSecond);
    clock.Set(FromUnixMicros(5));
    EXPECT_EQ(ToUnixMicros(clock.Now()), 5);
}

}  // namespace
}  // namespace jangteo::core
