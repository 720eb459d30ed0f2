// Uploaded text files (CSV from Korean Excel in CP949, or UTF-8): decoding never crashes, its
// output is valid UTF-8 without NUL, and text that CP949 can write comes back the same after a
// round trip through it.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/encoding.hpp"
#include "core/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo::core;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto decoded = DecodeKoreanText(bytes);
    if (!decoded.ok()) return 0;
    if (!DecodeUtf8(decoded->utf8) || decoded->utf8.find('\0') != std::string::npos) std::abort();
    if (auto encoded = EncodeCp949(decoded->utf8); encoded.ok()) {
        auto again = DecodeKoreanText(*encoded);
        if (!again.ok() || again->utf8 != decoded->utf8) std::abort();
    }
    return 0;
}
