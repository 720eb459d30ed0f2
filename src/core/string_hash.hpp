// A transparent hash for unordered containers keyed by std::string, so that a lookup by
// std::string_view or a literal does not build a std::string first.
//
//   std::unordered_map<std::string, int, core::StringHash, std::equal_to<>> m;
//   m.find(std::string_view("key"));   // no allocation
#pragma once

#include <functional>
#include <string_view>

namespace jangteo::core {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace jangteo::core
