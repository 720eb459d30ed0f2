// Delivery addresses typed at checkout: the input is split at newlines into recipient, phone,
// postal code, road address, detail and note. The normaliser never crashes, its output is stable
// (normalising twice changes nothing) and has a 5-digit postal code; the area look-up of any text
// never crashes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "orders/address.hpp"
#include "orders/shipping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo::orders;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string parts[6];
    for (std::size_t i = 0, part = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && part < 5) {
            ++part;
        } else {
            parts[part].push_back(text[i]);
        }
    }
    (void)AreaOf(text);
    (void)AreaOf(parts[2]);
    DeliveryAddress in{parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]};
    auto out = NormalizeAddress(in, "address");
    if (out.ok()) {
        if (!IsPostalCode(out->postal_code)) std::abort();
        auto again = NormalizeAddress(*out, "address");
        if (!again.ok() || !(*again == *out)) std::abort();
    } else if (out.error().fields.empty()) {
        std::abort();
    }
    return 0;
}
