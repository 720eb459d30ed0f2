// The pure parts of the rate limiter: how a bucket is spelled (and when its key is hashed instead of
// stored), the account key, the fixed-window arithmetic behind Retry-After, and the error a refusal
// becomes.
#include "platform/rate_limit.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace jangteo::platform {
namespace {

using namespace std::chrono_literals;

constexpr RateRule kRule{"test_rule", 3, 60s};

std::string HashedBucket(std::string_view name, std::string_view bucket) {
    std::string prefix = std::string(name) + ":" + std::string(kHashedRateKeyPrefix);
    EXPECT_TRUE(bucket.starts_with(prefix)) << bucket;
    return std::string(bucket.substr(prefix.size()));
}

TEST(RateBucketTest, PlainKeysAreKept) {
    EXPECT_EQ(RateBucket(kRule, "minsu@example.kr"), "test_rule:minsu@example.kr");
    EXPECT_EQ(RateBucket(kRule, "203.0.113.7"), "test_rule:203.0.113.7");
    EXPECT_EQ(RateBucket(kRule, "2001:db8::1"), "test_rule:2001:db8::1");
    std::string longest(kMaxRateKeyBytes, 'a');
    EXPECT_EQ(RateBucket(kRule, longest), "test_rule:" + longest);
}

TEST(RateBucketTest, LongKeysAreHashed) {
    std::string too_long(kMaxRateKeyBytes + 1, 'a');
    std::string hex = HashedBucket(kRule.name, RateBucket(kRule, too_long));
    EXPECT_EQ(hex.size(), 64u);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
    // The same key always lands in the same bucket, a different one elsewhere.
    EXPECT_EQ(RateBucket(kRule, too_long), RateBucket(kRule, too_long));
    EXPECT_NE(RateBucket(kRule, too_long), RateBucket(kRule, too_long + "b"));
    std::string huge(1 << 20, 'x');
    EXPECT_EQ(RateBucket(kRule, huge).size(), kRule.name.size() + 1 + kHashedRateKeyPrefix.size() + 64);
}

TEST(RateBucketTest, KnownDigest) {
    // SHA-256 of 201 'a's, worked out independently (Python's hashlib).
    EXPECT_EQ(HashedBucket(kRule.name, RateBucket(kRule, std::string(201, 'a'))),
              "a92efd82109373e58f9a2056dee01e807e216ce6075f7051207c0a9f7d666e50");
}

TEST(RateBucketTest, BytesOutsidePrintableAsciiAreHashed) {
    for (std::string_view key : {std::string_view("민수@example.kr"), std::string_view("a b"), std::string_view("a\nb"),
                                 std::string_view("\xff\xfe", 2), std::string_view("a\0b", 3)}) {
        std::string bucket = RateBucket(kRule, key);
        EXPECT_TRUE(bucket.starts_with("test_rule:sha256:")) << bucket;
    }
}

TEST(RateBucketTest, NoPlainKeyNamesAHashedBucket) {
    std::string long_key(300, 'z');
    std::string hashed = RateBucket(kRule, long_key);
    std::string forged_key = hashed.substr(kRule.name.size() + 1);  // "sha256:<hex>"
    EXPECT_NE(RateBucket(kRule, forged_key), hashed);
    EXPECT_TRUE(RateBucket(kRule, forged_key).starts_with("test_rule:sha256:"));
}

TEST(RateBucketTest, RulesDoNotShareBuckets) {
    EXPECT_NE(RateBucket(kSignInPerAccount, "k"), RateBucket(kSignInPerAddress, "k"));
}

TEST(AccountRateKeyTest, NormalisesEmails) {
    EXPECT_EQ(AccountRateKey("  Minsu@Example.KR "), "minsu@example.kr");
    EXPECT_EQ(AccountRateKey("minsu@example.kr"), "minsu@example.kr");
    // Not an email: counted as typed, so that guesses at nonsense still meet a limit.
    EXPECT_EQ(AccountRateKey("not an email"), "not an email");
}

TEST(RateWindowTest, StartIsTheFloorOfTheWindow) {
    const core::TimePoint t0 = core::FromUnixMicros(1'795'000'020'000'000);  // a multiple of 60 s
    EXPECT_EQ(RateWindowStart(t0, 60s), 1'795'000'020'000'000);
    EXPECT_EQ(RateWindowStart(t0 + 59'999'999us, 60s), 1'795'000'020'000'000);
    EXPECT_EQ(RateWindowStart(t0 + 60s, 60s), 1'795'000'080'000'000);
    EXPECT_EQ(RateWindowStart(t0 - 1us, 60s), 1'794'999'960'000'000);
    EXPECT_EQ(RateWindowStart(core::FromUnixMicros(-1), 60s), -60'000'000);
}

TEST(RateWindowTest, RetryAfterRoundsUpAndIsAtLeastOne) {
    const core::TimePoint t0 = core::FromUnixMicros(1'795'000'020'000'000);
    const std::int64_t start = RateWindowStart(t0, 60s);
    struct Case {
        std::chrono::microseconds into;
        std::chrono::seconds expected;
    };
    for (const Case& c :
         {Case{0us, 60s}, Case{1us, 60s}, Case{999'999us, 60s}, Case{1s, 59s}, Case{59s, 1s}, Case{59'999'999us, 1s}}) {
        EXPECT_EQ(RateRetryAfter(t0 + c.into, start, 60s), c.expected) << c.into.count();
    }
    // A window already over (a stale start) still asks for a second, never for 0 or less.
    EXPECT_EQ(RateRetryAfter(t0 + 120s, start, 60s), 1s);
}

TEST(RateLimitedTest, IsResourceExhaustedWithTheWait) {
    core::Error e = RateLimited(RateDecision{false, 42s, 11});
    EXPECT_EQ(e.code, core::ErrorCode::kResourceExhausted);
    EXPECT_EQ(e.reason, "rate_limited");
    EXPECT_NE(e.message.find("42 seconds"), std::string::npos) << e.message;
}

TEST(SignInRulesTest, AreSensible) {
    EXPECT_GT(kSignInPerAddress.limit, kSignInPerAccount.limit);
    EXPECT_GE(kLongestRateWindow, kSignInPerAccount.window);
    EXPECT_GE(kLongestRateWindow, kSignInPerAddress.window);
    EXPECT_GE(kLongestRateWindow, kSignUpPerAddress.window);
    EXPECT_GE(kLongestRateWindow, kPasswordResetPerAddress.window);
}

}  // namespace
}  // namespace jangteo::platform
