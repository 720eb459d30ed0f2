#include "platform/rate_limit.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>
#include <string>

#include "platform/user.hpp"

namespace jangteo::platform {

namespace {

// One statement, so that two servers counting at once both land: the row is made by the first and
// incremented in place by the rest (SQLite >= 3.35 and PostgreSQL both take ON CONFLICT ... RETURNING).
constexpr store::Sql kHitRate{"platform.hit_rate",
                              "INSERT INTO platform_rate_counters (bucket, window_start_us, hits) VALUES ($1, $2, 1)"
                              " ON CONFLICT (bucket, window_start_us)"
                              " DO UPDATE SET hits = platform_rate_counters.hits + 1 RETURNING hits"};
constexpr store::Sql kPeekRate{"platform.peek_rate",
                               "SELECT hits FROM platform_rate_counters WHERE bucket = $1 AND window_start_us = $2"};
constexpr store::Sql kResetRate{"platform.reset_rate", "DELETE FROM platform_rate_counters WHERE bucket = $1"};
// DELETE ... LIMIT is SQLite-only; a limited subquery on the primary key works on both backends.
constexpr store::Sql kPurgeRate{"platform.purge_rate",
                                "DELETE FROM platform_rate_counters WHERE (bucket, window_start_us) IN"
                                " (SELECT bucket, window_start_us FROM platform_rate_counters"
                                " WHERE window_start_us < $1 LIMIT $2)"};

constexpr std::int64_t kMicrosPerSecond = 1'000'000;

void InitSodium() {
    // Idempotent and thread-safe (libsodium >= 1.0.11).
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string Sha256Hex(std::string_view text) {
    InitSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
}

bool StoredAsIs(std::string_view key) {
    if (key.size() > kMaxRateKeyBytes || key.starts_with(kHashedRateKeyPrefix)) return false;
    for (char c : key) {
        if (c <= 0x20 || c > 0x7E) return false;
    }
    return true;
}

// A rule from code, not input; a zero window or limit is a bug, refused rather than divided by.
core::Status CheckRule(const RateRule& rule) {
    if (rule.window.count() <= 0 || rule.limit <= 0 || rule.name.empty()) {
        return core::Error::Internal("bad_rate_rule", "a rate rule needs a name, a positive limit and window");
    }
    return {};
}

}  // namespace

std::string RateBucket(const RateRule& rule, std::string_view key) {
    std::string bucket(rule.name);
    bucket += ':';
    if (StoredAsIs(key)) {
        bucket += key;
    } else {
        bucket += kHashedRateKeyPrefix;
        bucket += Sha256Hex(key);
    }
    return bucket;
}

std::string AccountRateKey(std::string_view email) {
    if (auto normalized = NormalizeEmail(email); normalized.ok()) return std::move(*normalized);
    return std::string(email);
}

std::int64_t RateWindowStart(core::TimePoint now, std::chrono::seconds window) {
    std::int64_t us = core::ToUnixMicros(now);
    std::int64_t len = window.count() * kMicrosPerSecond;
    std::int64_t rem = us % len;
    if (rem < 0) rem += len;  // floor, also before 1970
    return us - rem;
}

std::chrono::seconds RateRetryAfter(core::TimePoint now, std::int64_t window_start_us, std::chrono::seconds window) {
    std::int64_t left = window_start_us + window.count() * kMicrosPerSecond - core::ToUnixMicros(now);
    std::int64_t seconds = (left + kMicrosPerSecond - 1) / kMicrosPerSecond;
    return std::chrono::seconds(seconds < 1 ? 1 : seconds);
}

core::Error RateLimited(const RateDecision& decision) {
    core::Error error = core::Error::ResourceExhausted(
        "rate_limited", "too many attempts; try again in " + std::to_string(decision.retry_after.count()) + " seconds");
    error.retry_after_seconds = decision.retry_after.count();
    return error;
}

core::Result<RateDecision> RateLimiter::Hit(const RateRule& rule, std::string_view key) {
    JANGTEO_TRY_STATUS(CheckRule(rule));
    core::TimePoint now = clock_.Now();
    std::int64_t start = RateWindowStart(now, rule.window);
    std::string bucket = RateBucket(rule, key);
    JANGTEO_TRY(std::int64_t hits, db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kHitRate, {std::string_view(bucket), start}));
        if (rows.empty()) return core::Error::Internal("rate_hit_lost", "the rate counter returned no row");
        return rows[0].Int(0);
    }));
    return RateDecision{hits <= rule.limit, RateRetryAfter(now, start, rule.window), static_cast<int>(hits)};
}

core::Result<RateDecision> RateLimiter::Peek(const RateRule& rule, std::string_view key) {
    JANGTEO_TRY_STATUS(CheckRule(rule));
    core::TimePoint now = clock_.Now();
    std::int64_t start = RateWindowStart(now, rule.window);
    std::string bucket = RateBucket(rule, key);
    JANGTEO_TRY(std::int64_t hits, db_.Read([&](store::Tx& tx) -> core::Result<std::int64_t> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kPeekRate, {std::string_view(bucket), start}));
        return rows.empty() ? std::int64_t{0} : rows[0].Int(0);
    }));
    return RateDecision{hits < rule.limit, RateRetryAfter(now, start, rule.window), static_cast<int>(hits)};
}

core::Status RateLimiter::Reset(const RateRule& rule, std::string_view key) {
    JANGTEO_TRY_STATUS(CheckRule(rule));
    std::string bucket = RateBucket(rule, key);
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.Exec(kResetRate, {std::string_view(bucket)}));  // no row: nothing to forget
        return {};
    });
}

core::Result<std::int64_t> RateLimiter::PurgeBefore(core::TimePoint cutoff, std::int64_t limit) {
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        return tx.Exec(kPurgeRate, {core::ToUnixMicros(cutoff), limit});
    });
}

}  // namespace jangteo::platform
