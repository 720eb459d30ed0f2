// The $n → ?n rewrite for SQLite takes any text, never grows it, and leaves everything but the '$'
// of a placeholder as it was.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/db.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view sql(reinterpret_cast<const char*>(data), size);
    std::string out = jangteo::store::ToSqlitePlaceholders(sql);
    if (out.size() != sql.size()) std::abort();
    for (std::size_t i = 0; i < sql.size(); ++i) {
        if (out[i] != sql[i] && !(sql[i] == '$' && out[i] == '?')) std::abort();
    }
    return 0;
}
