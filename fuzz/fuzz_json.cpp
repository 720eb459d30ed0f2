// Request bodies: any bytes either parse into a value that serialises and parses back to itself,
// or give a malformed_json / json_object_expected error; nothing else.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo::core;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto value = ParseJson(text);
    if (value.ok()) {
        auto again = ParseJson(ToJson(*value));
        if (!again.ok() || *again != *value) std::abort();
    } else if (value.error().code != ErrorCode::kMalformed) {
        std::abort();
    }
    auto object = ParseJsonObject(text);
    if (object.ok() != (value.ok() && value->is_object())) std::abort();
    return 0;
}
