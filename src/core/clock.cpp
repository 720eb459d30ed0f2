#include "core/clock.hpp"

#include <charconv>
#include <cstdio>

namespace jangteo::core {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::microseconds;
using std::chrono::sys_days;
using std::chrono::year_month_day;

std::string FormatRfc3339(TimePoint t) {
    auto day = floor<days>(t);
    year_month_day ymd(sys_days{day});
    auto rest = t - day;
    auto us = rest.count();
    long long secs = us / 1'000'000;
    long long frac = us % 1'000'000;
    char buf[40];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), secs / 3600,
                          (secs / 60) % 60, secs % 60);
    std::string out(buf, static_cast<std::size_t>(n));
    if (frac != 0) {
        std::snprintf(buf, sizeof buf, ".%06lld", frac);
        out += buf;
    }
    out.push_back('Z');
    return out;
}

namespace {
bool Digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}
}  // namespace

std::optional<TimePoint> ParseRfc3339(std::string_view s) {
    int y, mo, d, h, mi, se;
    if (!Digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
        !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, h) || s[13] != ':' ||
        !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, se)) {
        return std::nullopt;
    }
    year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                       std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok() || h > 23 || mi > 59 || se > 60) return std::nullopt;
    std::size_t pos = 19;
    long long frac_us = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t start = pos;
        long long scale = 100'000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            frac_us += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }
    long long offset_minutes = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, om) ||
            oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset_minutes = (static_cast<long long>(oh) * 60 + om) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    if (se == 60) se = 59;  // a leap second is kept within its minute
    auto t = sys_days{ymd} + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(se) +
             microseconds(frac_us) - std::chrono::minutes(offset_minutes);
    // An offset can carry 0000-01-01 or 9999-12-31 out of the four-digit years that FormatRfc3339
    // (and RFC 3339) can write; such instants are refused rather than written as "-001-…" or "10000-…".
    using std::chrono::year;
    if (t < sys_days{year(0) / 1 / 1} || t >= sys_days{year(10000) / 1 / 1}) return std::nullopt;
    return std::chrono::time_point_cast<microseconds>(t);
}

}  // namespace jangteo::core
