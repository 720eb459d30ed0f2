// Time is injected: code asks a Clock for now, the app gives a SystemClock, tests a ManualClock.
// Times are stored and exchanged in UTC (RFC 3339 with 'Z'); the web app shows them in Asia/Seoul.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jangteo::core {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint Now() const override {
        return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    }
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
    TimePoint Now() const override { return TimePoint(std::chrono::microseconds(now_.load())); }
    void Advance(std::chrono::microseconds by) { now_ += by.count(); }
    void Set(TimePoint t) { now_ = t.time_since_epoch().count(); }

private:
    std::atomic<std::int64_t> now_;
};

// "2026-11-22T03:04:05.123456Z" (microseconds are written only when not zero).
std::string FormatRfc3339(TimePoint t);
// Accepts RFC 3339 with 'Z' or a numeric offset, fractional seconds up to microseconds. Instants
// outside UTC years 0000 to 9999 (e.g. 0000-01-01T00:00:00+09:00) are refused.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

// Microseconds since the Unix epoch: the form times take in the store.
inline std::int64_t ToUnixMicros(TimePoint t) {
    return t.time_since_epoch().count();
}
inline TimePoint FromUnixMicros(std::int64_t us) {
    return TimePoint(std::chrono::microseconds(us));
}

}  // namespace jangteo::core
