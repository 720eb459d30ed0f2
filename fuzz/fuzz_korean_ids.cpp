// Korean identifiers typed by people (business numbers, mobile and other telephone numbers,
// barcodes, typed ids): normalisers never crash, their output is stable (normalising twice changes nothing), and
// typed ids round-trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/id.hpp"
#include "core/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo::core;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto number = NormalizeBusinessNumber(text); number.ok()) {
        if (number->size() != 10 || !BusinessNumberCheckDigitOk(*number)) std::abort();
        auto formatted = NormalizeBusinessNumber(FormatBusinessNumber(*number));
        if (!formatted.ok() || *formatted != *number) std::abort();
    }
    if (auto mobile = NormalizeKoreanMobile(text)) {
        auto again = NormalizeKoreanMobile(*mobile);
        if (!again || *again != *mobile) std::abort();
    }
    if (auto phone = NormalizeKoreanPhone(text)) {
        auto again = NormalizeKoreanPhone(*phone);
        if (!again || *again != *phone) std::abort();
    }
    if (auto gtin = NormalizeGtin(text); gtin.ok()) {
        if (!GtinCheckDigitOk(*gtin)) std::abort();
        auto again = NormalizeGtin(*gtin);
        if (!again.ok() || *again != *gtin) std::abort();
    }
    std::int64_t key = id_detail::Decode("mrc", text);
    if (key > 0 && id_detail::Encode("mrc", key) != text) std::abort();
    return 0;
}
