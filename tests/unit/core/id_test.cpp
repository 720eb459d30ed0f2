#include "core/id.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <unordered_set>

namespace jangteo::core {
namespace {

struct TestTag {
    static constexpr std::string_view kPrefix = "tst";
};
using TestId = Id<TestTag>;

struct OtherTag {
    static constexpr std::string_view kPrefix = "oth";
};
using OtherId = Id<OtherTag>;

TEST(IdTest, EncodesKnownValues) {
    EXPECT_EQ(id_detail::Encode("tst", 1), "tst_0000000000001");
    EXPECT_EQ(id_detail::Encode("tst", 32), "tst_0000000000010");
    EXPECT_EQ(id_detail::Encode("tst", INT64_MAX), "tst_7zzzzzzzzzzzz");
}

TEST(IdTest, RoundTripsKeysOverTheWholeRange) {
    const std::int64_t keys[] = {1,
                                 2,
                                 31,
                                 32,
                                 1234567890,
                                 (std::int64_t{1} << 59) - 1,
                                 std::int64_t{1} << 60,
                                 (std::int64_t{1} << 62) + 12345,
                                 INT64_MAX - 1,
                                 INT64_MAX};
    for (std::int64_t key : keys) {
        SCOPED_TRACE(key);
        std::string text = TestId(key).ToString();
        EXPECT_EQ(text.size(), 4 + id_detail::kDigits);
        auto parsed = TestId::Parse(text);
        ASSERT_TRUE(parsed.ok()) << parsed.error().message;
        EXPECT_EQ(parsed->key(), key);
        EXPECT_EQ(parsed->ToString(), text);
    }
}

TEST(IdTest, NewIdsParseBackToTheSameKey) {
    SeededRandom random(99);
    for (int i = 0; i < 1000; ++i) {
        TestId id = TestId::New(random);
        auto parsed = TestId::Parse(id.ToString());
        ASSERT_TRUE(parsed.ok()) << id.ToString();
        EXPECT_EQ(*parsed, id);
    }
}

TEST(IdTest, NewWithSeededRandomIsPositiveAndDeterministic) {
    SeededRandom a(42);
    SeededRandom b(42);
    std::unordered_set<TestId> seen;
    for (int i = 0; i < 100; ++i) {
        TestId x = TestId::New(a);
        TestId y = TestId::New(b);
        EXPECT_GT(x.key(), 0);
        EXPECT_TRUE(x.valid());
        EXPECT_EQ(x, y);
        seen.insert(x);
    }
    EXPECT_EQ(seen.size(), 100U);
    SeededRandom c(43);
    SeededRandom d(42);
    EXPECT_NE(TestId::New(c), TestId::New(d));
}

TEST(IdTest, DefaultIdIsInvalid) {
    TestId id;
    EXPECT_EQ(id.key(), 0);
    EXPECT_FALSE(id.valid());
}

struct BadIdCase {
    const char* name;
    const char* text;
};

class IdParseRejectsTest : public testing::TestWithParam<BadIdCase> {};

TEST_P(IdParseRejectsTest, Rejects) {
    auto parsed = TestId::Parse(GetParam().text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().reason, "malformed_id");
    EXPECT_EQ(id_detail::Decode("tst", GetParam().text), -1);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IdParseRejectsTest,
    testing::Values(BadIdCase{"Empty", ""}, BadIdCase{"PrefixOnly", "tst_"},
                    BadIdCase{"OtherPrefix", "oth_0000000000001"}, BadIdCase{"PrefixCase", "TST_0000000000001"},
                    BadIdCase{"NoUnderscore", "tst00000000000001"}, BadIdCase{"Dash", "tst-0000000000001"},
                    BadIdCase{"TooShort", "tst_000000000001"}, BadIdCase{"TooLong", "tst_00000000000001"},
                    BadIdCase{"LetterI", "tst_000000000000i"}, BadIdCase{"LetterL", "tst_000000000000l"},
                    BadIdCase{"LetterO", "tst_000000000000o"}, BadIdCase{"LetterU", "tst_000000000000u"},
                    BadIdCase{"UpperCase", "tst_000000000000A"}, BadIdCase{"Space", "tst_000000000000 "},
                    BadIdCase{"Punctuation", "tst_00000000000-1"}, BadIdCase{"ZeroKey", "tst_0000000000000"},
                    // The first digit carries bits 60 to 64; above 7 the key no longer fits a positive int64.
                    BadIdCase{"FirstDigit8", "tst_8000000000000"}, BadIdCase{"FirstDigitF", "tst_f000000000001"},
                    BadIdCase{"FirstDigitG", "tst_g000000000000"}, BadIdCase{"FirstDigitZ", "tst_zzzzzzzzzzzzz"}),
    [](const testing::TestParamInfo<BadIdCase>& info) { return std::string(info.param.name); });

TEST(IdTest, ParseErrorMessageNamesThePrefixAndTruncatesLongInput) {
    auto parsed = TestId::Parse(std::string(500, 'x'));
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().message.find("tst_"), std::string::npos);
    EXPECT_LT(parsed.error().message.size(), 120U);
}

TEST(IdTest, PrefixMismatchBetweenIdTypes) {
    std::string text = OtherId(77).ToString();
    EXPECT_TRUE(OtherId::Parse(text).ok());
    EXPECT_FALSE(TestId::Parse(text).ok());
}

TEST(IdTest, IdsHashAndCompareByKey) {
    EXPECT_LT(TestId(1), TestId(2));
    EXPECT_EQ(TestId(5), TestId(5));
    EXPECT_EQ(std::hash<TestId>{}(TestId(5)), std::hash<std::int64_t>{}(5));
}

}  // namespace
}  // namespace jangteo::core
