// Rate limits kept in the store, so that several `jangteo serve` processes over one PostgreSQL share
// one count (DESIGN.md: no state that matters lives only in one process's memory). A rule names a
// limit per fixed window; a bucket is the rule's name and a key (an account's email, a client
// address). Sign-in checks both of its rules before it verifies a password and counts failures only:
//
//   platform::RateLimiter limits(db, clock);
//   std::string account = platform::AccountRateKey(email);
//   JANGTEO_TRY(auto by_account, limits.Peek(platform::kSignInPerAccount, account));
//   JANGTEO_TRY(auto by_address, limits.Peek(platform::kSignInPerAddress, client_address));
//   if (!by_account.allowed) return platform::RateLimited(by_account);   // 429 + Retry-After
//   if (!by_address.allowed) return platform::RateLimited(by_address);
//   auto user = users.Authenticate(email, password);
//   if (!user.ok()) { /* Hit both rules */ } else { /* Reset kSignInPerAccount */ }
//
// RateLimited's error carries the seconds to wait (Error::retry_after_seconds), which the problem
// renderer sends as `Retry-After` with the 429.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

// A limit of `limit` hits per fixed window of `window`, counted per key. `name` is the first part of
// the stored bucket, so it must be stable and unique among rules.
struct RateRule {
    std::string_view name;
    int limit;
    std::chrono::seconds window;
};

// Failed sign-ins per account (normalised email). Ten in 15 minutes leaves room for a person who
// mistypes a few times and for a password manager retrying, while an online guesser gets under
// a thousand tries a day against passwords of at least 10 characters that are not on the common
// list. Successful sign-ins clear it, so a forgetful user is not locked out by old failures.
inline constexpr RateRule kSignInPerAccount{"signin_account", 10, std::chrono::minutes(15)};
// Failed sign-ins per client address. Higher than per account because Korean mobile carriers and
// offices put many people behind one address (carrier-grade NAT), yet low enough that one address
// cannot spray a common password across many accounts (credential stuffing) for long.
inline constexpr RateRule kSignInPerAddress{"signin_address", 50, std::chrono::minutes(15)};
// New accounts per client address: room for a family or an office signing up together, not for a
// script filling the user table.
inline constexpr RateRule kSignUpPerAddress{"signup_address", 20, std::chrono::hours(1)};
// Password reset mails asked for per client address, so that nobody floods strangers' inboxes
// through the platform (per account, the reset service itself sends at most three an hour).
inline constexpr RateRule kPasswordResetPerAddress{"reset_address", 10, std::chrono::hours(1)};
// The longest window of the rules above: a window that started this long ago has ended.
inline constexpr std::chrono::seconds kLongestRateWindow = std::chrono::hours(1);

// Keys (not buckets) longer than this are stored as their hash, so a hostile input cannot grow rows.
inline constexpr std::size_t kMaxRateKeyBytes = 200;
// What a hashed key starts with; a key that itself starts with it is hashed too, so that no plain
// key can name the bucket of a hashed one.
inline constexpr std::string_view kHashedRateKeyPrefix = "sha256:";

// What a limit says about one bucket now.
struct RateDecision {
    bool allowed = true;
    // Until the current window ends, in whole seconds rounded up, at least 1: what Retry-After says.
    std::chrono::seconds retry_after{1};
    int hits = 0;  // counted in the current window (including this one for Hit)
};

// The stored bucket: rule.name + ":" + key, where the key is kept as is when it is at most
// kMaxRateKeyBytes of printable ASCII without spaces, and is otherwise "sha256:" + 64 hex digits of its
// SHA-256 (long input, and bytes PostgreSQL would refuse in TEXT, never reach the table).
std::string RateBucket(const RateRule& rule, std::string_view key);
// The key of kSignInPerAccount for what the user typed: the normalised email, so that "Minsu@X.kr "
// and "minsu@x.kr" share a count; text that is no email at all is used as typed (and hashed as above).
std::string AccountRateKey(std::string_view email);
// Window arithmetic: the start (Unix microseconds) of the fixed window of length `window` that holds
// `now`, and the whole seconds, rounded up and at least 1, from `now` to that window's end.
std::int64_t RateWindowStart(core::TimePoint now, std::chrono::seconds window);
std::chrono::seconds RateRetryAfter(core::TimePoint now, std::int64_t window_start_us, std::chrono::seconds window);

// kResourceExhausted "rate_limited", with the seconds to wait in the message and in
// retry_after_seconds (429 with Retry-After over HTTP).
core::Error RateLimited(const RateDecision& decision);

// Thread-safe: holds references only. Every call is one short statement on the store.
class RateLimiter {
public:
    RateLimiter(store::Db& db, core::Clock& clock) : db_(db), clock_(clock) {}

    // Counts one hit in the current window of `rule` for `key` (one upsert, atomic across servers);
    // allowed while the count, this hit included, is at most rule.limit.
    core::Result<RateDecision> Hit(const RateRule& rule, std::string_view key);
    // The current window without counting; allowed while one more hit would still be allowed
    // (count < rule.limit). Between a Peek and the Hit that follows, other requests may count too,
    // so a burst of concurrent attempts can pass the limit by at most the number in flight.
    core::Result<RateDecision> Peek(const RateRule& rule, std::string_view key);
    // Forgets every count of `key` under `rule` (after a successful sign-in).
    core::Status Reset(const RateRule& rule, std::string_view key);
    // Deletes up to `limit` counters of windows that started before `cutoff` (give it
    // now - kLongestRateWindow, or older); answers how many. For a background task, which calls it
    // until it answers less than `limit`.
    core::Result<std::int64_t> PurgeBefore(core::TimePoint cutoff, std::int64_t limit = 1000);

private:
    store::Db& db_;
    core::Clock& clock_;
};

}  // namespace jangteo::platform
