#include "store/keyset.hpp"

#include <charconv>
#include <limits>
#include <string_view>

namespace jangteo::store {

namespace {

bool ParseNonNegative(std::string_view text, std::int64_t& out) {
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out >= 0;
}

}  // namespace

core::Result<Keyset> ParseKeyset(const std::optional<std::string>& cursor, int limit) {
    if (limit < 1 || limit > kMaxPageLimit) {
        return core::Error::Invalid("bad_limit", "limit must be between 1 and 200",
                                    {{"limit", "out_of_range", "must be between 1 and 200"}});
    }
    Keyset k{std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max(), limit + 1};
    if (cursor) {
        std::string_view c = *cursor;
        auto dot = c.find('.');
        if (dot == std::string_view::npos || !ParseNonNegative(c.substr(0, dot), k.time_us) ||
            !ParseNonNegative(c.substr(dot + 1), k.id)) {
            return core::Error::Invalid("bad_cursor", "the cursor is not one this list gave",
                                        {{"cursor", "bad_cursor", "is not one this list gave"}});
        }
    }
    return k;
}

std::string FormatKeyset(std::int64_t time_us, std::int64_t id) {
    std::string out = std::to_string(time_us);
    out.push_back('.');
    out.append(std::to_string(id));
    return out;
}

}  // namespace jangteo::store
