// Person records as identity resolution reads them (customers/normalize.hpp, resolve.hpp): the input
// is split at newlines into name, phone, e-mail, birth date, postal code and address, and the whole of
// it is also read as a records.csv. Nothing crashes; a normalised name normalises to itself; a birth
// date is a real date before today; a record compared with itself never disagrees.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "customers/identity_csv.hpp"
#include "customers/normalize.hpp"
#include "customers/resolve.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace jangteo::customers;
    constexpr std::uint32_t kToday = 20261123;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string parts[6];
    for (std::size_t i = 0, part = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && part < 5) {
            ++part;
        } else {
            parts[part].push_back(text[i]);
        }
    }
    if (auto name = NormalizeName(parts[0]); name && name->hangul) {
        auto again = NormalizeName(name->full);
        if (!again || again->full != name->full || again->family != name->family) std::abort();
    }
    if (auto birth = NormalizeBirthDate(parts[3], kToday)) {
        if (*birth > kToday || *birth < 19000101 || *birth % 100 == 0 || *birth / 100 % 100 > 12) std::abort();
    }
    (void)NormalizeAddress(parts[5]);
    (void)NormalizePostalCode(parts[4]);
    PersonRecord r{"r1", "pos:m", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], "c"};
    NormalizedRecord n = Normalize(r, kToday);
    Levels self = Compare(n, n);
    for (int f = 0; f < kFieldCount; ++f) {
        if (self[f] != 0 && self[f] != 1) std::abort();
    }
    (void)BlockingKeys(n);
    (void)ReadPersonRecords(text);
    return 0;
}
