// Typed ids. Every stored object has a random 63-bit key (a BIGINT in the store) and a public form
// `<prefix>_<13 base32 characters>`, e.g. `mrc_0k4m2x9c1q7ta`. Random keys leak no row counts, need no
// shared sequence between servers, and spread evenly when tables are distributed by tenant.
//
//   struct MerchantTag { static constexpr std::string_view kPrefix = "mrc"; };
//   using MerchantId = core::Id<MerchantTag>;
//   auto id = MerchantId::Parse("mrc_0k4m2x9c1q7ta");   // Result<MerchantId>
//   id->ToString();                                      // the public form again
//
// Two id types never convert into each other, so a ProductId cannot be passed where a MerchantId is meant.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/random.hpp"

namespace jangteo::core {

namespace id_detail {
// Crockford's base32 alphabet in lower case: no i, l, o, u, so ids survive being read aloud or retyped.
inline constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
inline constexpr std::size_t kDigits = 13;  // 13 * 5 = 65 bits >= 63

std::string Encode(std::string_view prefix, std::int64_t key);
// Returns the key, or -1 when `text` is not `<prefix>_<13 base32 digits>` of a positive key.
std::int64_t Decode(std::string_view prefix, std::string_view text);
}  // namespace id_detail

template <typename Tag>
class Id {
public:
    static constexpr std::string_view kPrefix = Tag::kPrefix;

    constexpr Id() = default;
    constexpr explicit Id(std::int64_t key) : key_(key) {}

    // A new random id; keys are positive so that they fit a signed BIGINT.
    static Id New(Random& random) { return Id(static_cast<std::int64_t>(random.NextU64() >> 1) | 1); }

    static Result<Id> Parse(std::string_view text) {
        std::int64_t key = id_detail::Decode(kPrefix, text);
        if (key <= 0) {
            return Error::Invalid(
                "malformed_id", "'" + std::string(text.substr(0, 64)) + "' is not a " + std::string(kPrefix) + "_ id");
        }
        return Id(key);
    }

    constexpr std::int64_t key() const { return key_; }
    constexpr bool valid() const { return key_ > 0; }
    std::string ToString() const { return id_detail::Encode(kPrefix, key_); }

    constexpr auto operator<=>(const Id&) const = default;

private:
    std::int64_t key_ = 0;
};

}  // namespace jangteo::core

template <typename Tag>
struct std::hash<jangteo::core::Id<Tag>> {
    std::size_t operator()(const jangteo::core::Id<Tag>& id) const noexcept {
        return std::hash<std::int64_t>{}(id.key());
    }
};
