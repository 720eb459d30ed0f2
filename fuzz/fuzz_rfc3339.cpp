// Times in input: whatever parses formats back to a text that parses to the same instant.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/clock.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo::core;
    auto t = ParseRfc3339(std::string_view(reinterpret_cast<const char*>(data), size));
    if (t) {
        auto again = ParseRfc3339(FormatRfc3339(*t));
        if (!again || *again != *t) std::abort();
    }
    return 0;
}
