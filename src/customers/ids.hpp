// The customers module's typed ids.
#pragma once

#include <string_view>

#include "core/id.hpp"

namespace jangteo::customers {

// A person across the platform: one profile whether they bought at a counter or on the web.
struct PersonTag {
    static constexpr std::string_view kPrefix = "psn";
};
using PersonId = core::Id<PersonTag>;

}  // namespace jangteo::customers
