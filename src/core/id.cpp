#include "core/id.hpp"

#include <array>

namespace jangteo::core::id_detail {

namespace {
constexpr std::array<int, 256> MakeReverse() {
    std::array<int, 256> table{};
    for (auto& v : table) v = -1;
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    }
    return table;
}
constexpr auto kReverse = MakeReverse();
}  // namespace

std::string Encode(std::string_view prefix, std::int64_t key) {
    std::string out;
    out.reserve(prefix.size() + 1 + kDigits);
    out.append(prefix);
    out.push_back('_');
    auto v = static_cast<std::uint64_t>(key);
    char digits[kDigits];
    for (std::size_t i = kDigits; i-- > 0;) {
        digits[i] = kAlphabet[v & 31U];
        v >>= 5;
    }
    out.append(digits, kDigits);
    return out;
}

std::int64_t Decode(std::string_view prefix, std::string_view text) {
    if (text.size() != prefix.size() + 1 + kDigits || text.substr(0, prefix.size()) != prefix ||
        text[prefix.size()] != '_') {
        return -1;
    }
    std::uint64_t v = 0;
    std::string_view digits = text.substr(prefix.size() + 1);
    // The first digit carries bits 60 to 64; a key fits 63 bits, so it is at most 7.
    for (std::size_t i = 0; i < kDigits; ++i) {
        int d = kReverse[static_cast<unsigned char>(digits[i])];
        if (d < 0 || (i == 0 && d > 7)) return -1;
        v = (v << 5) | static_cast<std::uint64_t>(d);
    }
    if (v == 0 || v > static_cast<std::uint64_t>(INT64_MAX)) return -1;
    return static_cast<std::int64_t>(v);
}

}  // namespace jangteo::core::id_detail
