// Uploaded product files (CSV): the reader never crashes and its records start on lines that only
// grow; what the writer writes reads back field for field, with formula protection taken off
// exactly; and the cells of the product file (prices, options, times, the header) parse without
// crashing, to values in range that format and parse back the same.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/product_csv.hpp"
#include "core/csv.hpp"

namespace {

using namespace jangteo::catalog;
using namespace jangteo::core;

void Check(bool ok) {
    if (!ok) std::abort();
}

std::vector<std::string> Fields(const CsvRecord& r) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < r.size(); ++i) out.emplace_back(r[i]);
    return out;
}

void Cell(std::string_view cell) {
    if (auto won = ParseWonCell(cell, "base_price_won"); won.ok()) Check(*won >= 0 && *won <= kMaxPriceWon);
    if (auto grams = ParseGramsCell(cell, "weight_grams"); grams.ok()) Check(*grams >= 0 && *grams <= kMaxWeightGrams);
    if (auto options = ParseOptionsCell(cell, "options"); options.ok()) {
        auto again = ParseOptionsCell(FormatOptionsCell(*options), "options");
        Check(again.ok() && *again == *options);
    }
    if (auto t = ParseTimeCell(cell, "sale_starts_at"); t.ok()) {
        auto again = ParseTimeCell(FormatTimeCell(*t), "sale_starts_at");
        Check(again.ok() && *again == *t);
    }
    (void)ParseVatCell(cell, "vat");
    (void)ParseStatusCell(cell, "status");
    (void)ParseHeaderCell(cell);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    CsvReader reader(text, {.max_fields = 64, .max_field_bytes = 4096});
    std::int64_t last_line = 0;
    std::size_t records = 0;
    while (auto record = reader.Next()) {
        Check(record->line > last_line);
        last_line = record->line;
        Check(record->size() >= 1 && record->size() <= 64);
        if (++records > 64) continue;
        std::vector<std::string> fields = Fields(*record);
        for (const auto& f : fields) Cell(f);
        if (record->problem || (fields.size() == 1 && fields[0].empty())) continue;
        // Written and read again: the same fields; as text, the same after the protection comes off.
        std::string values, texts;
        CsvWriter v(values), t(texts);
        for (const auto& f : fields) {
            v.Value(f);
            t.Text(f);
        }
        v.EndRecord();
        t.EndRecord();
        CsvReader again(values, {.max_fields = 64, .max_field_bytes = 1 << 20});
        auto back = again.Next();
        Check(back && !back->problem && Fields(*back) == fields);
        CsvReader again_text(texts, {.max_fields = 64, .max_field_bytes = 1 << 20});
        auto text_back = again_text.Next();
        Check(text_back && !text_back->problem && text_back->size() == fields.size());
        for (std::size_t i = 0; i < fields.size(); ++i) Check(UnprotectCsvText((*text_back)[i]) == fields[i]);
    }
    CsvTable table = ReadCsvTable(text, {.max_fields = 64, .max_field_bytes = 4096});
    (void)ReadProductHeader(table.header);
    return 0;
}
