// Rate limits on every backend: hits are allowed up to the limit and the next is refused with the
// time left in the window; a new window starts fresh; Peek does not count; Reset clears; keys and
// rules are independent; long and non-text keys are stored hashed; concurrent hits from several
// threads and a second Db handle (a second server) are all counted; the purge removes only windows
// that have ended.
#include "platform/rate_limit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "platform/operator.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {
namespace {

using platform::RateDecision;
using platform::RateLimiter;
using platform::RateRule;
using namespace std::chrono_literals;

constexpr RateRule kThreePerMinute{"test_three", 3, 60s};

class RateLimitTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto migrations = platform::SchemaMigrations();
        auto applied = store::Migrator(db(), {migrations.begin(), migrations.end()}).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        limiter_ = std::make_unique<RateLimiter>(db(), clock_);
    }

    RateDecision Hit(const RateRule& rule, std::string_view key) {
        auto d = limiter_->Hit(rule, key);
        EXPECT_TRUE(d.ok()) << d.error().message;
        return d.ok() ? *d : RateDecision{};
    }
    RateDecision Peek(const RateRule& rule, std::string_view key) {
        auto d = limiter_->Peek(rule, key);
        EXPECT_TRUE(d.ok()) << d.error().message;
        return d.ok() ? *d : RateDecision{};
    }
    std::int64_t Counters() { return QueryInt("SELECT count(*) FROM platform_rate_counters"); }

    // 20 seconds into a window of every rule used here (15 minutes is a multiple of 60 s).
    const std::int64_t window_start_us_ =
        platform::RateWindowStart(core::FromUnixMicros(1'795'000'000'000'000), std::chrono::minutes(15));
    core::ManualClock clock_{core::FromUnixMicros(window_start_us_) + 20s};
    std::unique_ptr<RateLimiter> limiter_;
};
JANGTEO_STORE_BACKENDS(RateLimitTest, AllBackends());

TEST_P(RateLimitTest, AllowsUpToTheLimitThenRefusesWithTheTimeLeft) {
    for (int i = 1; i <= 3; ++i) {
        RateDecision d = Hit(kThreePerMinute, "minsu@example.kr");
        EXPECT_TRUE(d.allowed) << i;
        EXPECT_EQ(d.hits, i);
        EXPECT_EQ(d.retry_after, 40s);
    }
    clock_.Advance(15'500ms);
    RateDecision refused = Hit(kThreePerMinute, "minsu@example.kr");
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.hits, 4);
    EXPECT_EQ(refused.retry_after, 25s);  // 24.5 s left, rounded up
    core::Error e = platform::RateLimited(refused);
    EXPECT_EQ(e.code, core::ErrorCode::kResourceExhausted);
    EXPECT_EQ(e.reason, "rate_limited");
}

TEST_P(RateLimitTest, ANewWindowStartsFresh) {
    for (int i = 0; i < 5; ++i) (void)Hit(kThreePerMinute, "k");
    EXPECT_FALSE(Peek(kThreePerMinute, "k").allowed);
    clock_.Advance(40s);  // exactly the start of the next window
    RateDecision d = Hit(kThreePerMinute, "k");
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.hits, 1);
    EXPECT_EQ(d.retry_after, 60s);
}

TEST_P(RateLimitTest, PeekDoesNotCount) {
    RateDecision empty = Peek(kThreePerMinute, "k");
    EXPECT_TRUE(empty.allowed);
    EXPECT_EQ(empty.hits, 0);
    EXPECT_EQ(empty.retry_after, 40s);
    EXPECT_EQ(Counters(), 0);
    (void)Hit(kThreePerMinute, "k");
    (void)Hit(kThreePerMinute, "k");
    for (int i = 0; i < 5; ++i) {
        RateDecision d = Peek(kThreePerMinute, "k");
        EXPECT_TRUE(d.allowed);
        EXPECT_EQ(d.hits, 2);
    }
    // The third hit is still allowed; after it, Peek says a fourth would not be.
    EXPECT_TRUE(Hit(kThreePerMinute, "k").allowed);
    RateDecision full = Peek(kThreePerMinute, "k");
    EXPECT_FALSE(full.allowed);
    EXPECT_EQ(full.hits, 3);
}

TEST_P(RateLimitTest, ResetClearsOnlyThatKeyAndRule) {
    for (int i = 0; i < 4; ++i) (void)Hit(kThreePerMinute, "minsu@example.kr");
    for (int i = 0; i < 4; ++i) (void)Hit(kThreePerMinute, "jiwon@example.kr");
    (void)Hit(platform::kSignInPerAccount, "minsu@example.kr");
    ASSERT_TRUE(limiter_->Reset(kThreePerMinute, "minsu@example.kr").ok());
    RateDecision d = Peek(kThreePerMinute, "minsu@example.kr");
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.hits, 0);
    EXPECT_EQ(Peek(kThreePerMinute, "jiwon@example.kr").hits, 4);
    EXPECT_EQ(Peek(platform::kSignInPerAccount, "minsu@example.kr").hits, 1);
    // Nothing counted: nothing to do, and no error.
    EXPECT_TRUE(limiter_->Reset(kThreePerMinute, "nobody@example.kr").ok());
}

TEST_P(RateLimitTest, KeysAndRulesAreIndependent) {
    for (int i = 0; i < 3; ++i) (void)Hit(kThreePerMinute, "203.0.113.7");
    EXPECT_FALSE(Hit(kThreePerMinute, "203.0.113.7").allowed);
    RateDecision other = Hit(kThreePerMinute, "203.0.113.8");
    EXPECT_TRUE(other.allowed);
    EXPECT_EQ(other.hits, 1);
    RateDecision other_rule = Hit(platform::kSignInPerAddress, "203.0.113.7");
    EXPECT_TRUE(other_rule.allowed);
    EXPECT_EQ(other_rule.hits, 1);
    EXPECT_EQ(other_rule.retry_after, 15min - 20s);
}

TEST_P(RateLimitTest, HostileKeysAreStoredHashed) {
    std::string huge(64 * 1024, 'x');
    std::string not_utf8("\xff\xfe\x00\x80", 4);
    for (const std::string& key : {huge, not_utf8}) {
        EXPECT_EQ(Hit(kThreePerMinute, key).hits, 1);
        EXPECT_EQ(Hit(kThreePerMinute, key).hits, 2);
        EXPECT_EQ(Peek(kThreePerMinute, key).hits, 2);
    }
    EXPECT_EQ(QueryInt("SELECT max(length(bucket)) FROM platform_rate_counters"),
              static_cast<std::int64_t>(kThreePerMinute.name.size() + 1 + 7 + 64));
}

TEST_P(RateLimitTest, PurgeRemovesOnlyEndedWindows) {
    (void)Hit(kThreePerMinute, "k");  // window 0
    clock_.Advance(60s);
    (void)Hit(kThreePerMinute, "k");  // window 1
    (void)Hit(kThreePerMinute, "j");
    clock_.Advance(60s);
    (void)Hit(kThreePerMinute, "k");  // window 2, the current one
    ASSERT_EQ(Counters(), 4);
    // Windows that started over a window's length ago have ended: 0 and 1, in batches of 2.
    const core::TimePoint cutoff = clock_.Now() - kThreePerMinute.window;
    auto first = limiter_->PurgeBefore(cutoff, 2);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(*first, 2);
    auto second = limiter_->PurgeBefore(cutoff, 2);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(*second, 1);
    auto third = limiter_->PurgeBefore(cutoff, 2);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(*third, 0);
    EXPECT_EQ(Counters(), 1);
    EXPECT_EQ(Peek(kThreePerMinute, "k").hits, 1);
}

class SharedRateLimitTest : public RateLimitTest {};
JANGTEO_STORE_BACKENDS(SharedRateLimitTest, SharedBackends());

// Four workers over two Db handles (two servers on one database) hit one key 25 times each: every
// hit is counted once, and each sees a different count.
TEST_P(SharedRateLimitTest, ConcurrentHitsFromTwoServersAreAllCounted) {
    std::unique_ptr<store::Db> second = OpenAnother();
    ASSERT_NE(second, nullptr);
    RateLimiter other_server(*second, clock_);
    constexpr RateRule kWide{"test_wide", 1000, 60s};
    constexpr int kThreads = 4, kHits = 25;
    std::vector<std::vector<int>> seen(kThreads);
    std::vector<int> failures(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            RateLimiter& limiter = t % 2 == 0 ? *limiter_ : other_server;
            for (int i = 0; i < kHits; ++i) {
                auto d = limiter.Hit(kWide, "shared-key");
                if (d.ok()) {
                    seen[t].push_back(d->hits);
                } else {
                    ++failures[t];
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures, std::vector<int>(kThreads, 0));
    std::vector<int> all;
    for (const auto& s : seen) all.insert(all.end(), s.begin(), s.end());
    std::sort(all.begin(), all.end());
    std::vector<int> expected(kThreads * kHits);
    for (int i = 0; i < kThreads * kHits; ++i) expected[i] = i + 1;
    EXPECT_EQ(all, expected);
    EXPECT_EQ(Peek(kWide, "shared-key").hits, kThreads * kHits);
}

}  // namespace
}  // namespace jangteo::store_test
