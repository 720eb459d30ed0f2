// The typed ids of the channels module. Locations and variants are other modules' (inventory,
// catalog): this module keeps their keys without knowing them, and the flows check them.
#pragma once

#include <string_view>

#include "core/id.hpp"

namespace jangteo::channels {

struct PosSaleTag {
    static constexpr std::string_view kPrefix = "pos";
};
using PosSaleId = core::Id<PosSaleTag>;

struct PosExceptionTag {
    static constexpr std::string_view kPrefix = "pex";
};
using PosExceptionId = core::Id<PosExceptionTag>;

}  // namespace jangteo::channels
