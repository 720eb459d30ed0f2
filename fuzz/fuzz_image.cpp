// Uploaded images: sniffing never crashes or reads out of bounds, and whatever it accepts has a
// known type and a size within the limits.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "catalog/media.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo::catalog;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    ImageLimits limits{.max_bytes = 1 << 20, .max_side = 4096};
    auto info = SniffImage(bytes, limits);
    if (!info.ok()) return 0;
    if (info->width == 0 || info->height == 0 || info->width > limits.max_side || info->height > limits.max_side) {
        std::abort();
    }
    if (ImageMediaType(info->type).substr(0, 6) != "image/") std::abort();
    return 0;
}
