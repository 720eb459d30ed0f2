#include "catalog/product_csv.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/csv.hpp"

namespace jangteo::catalog {

namespace json = core::json;
using core::CsvWriter;

namespace {

// clang-format off
constexpr ProductColumnSpec kColumns[] = {
    {ProductColumn::kProductId,     "product_id",         "상품ID",         true},
    {ProductColumn::kProductRef,    "product_ref",        "상품참조",       true},
    {ProductColumn::kCategoryCode,  "category_code",      "카테고리코드",   true},
    {ProductColumn::kTitleKo,       "title_ko",           "상품명",         true},
    {ProductColumn::kTitleEn,       "title_en",           "영문상품명",     true},
    {ProductColumn::kBrand,         "brand",              "브랜드",         true},
    {ProductColumn::kVat,           "vat",                "과세구분",       true},
    {ProductColumn::kStatus,        "status",             "상태",           true},
    {ProductColumn::kDescription,   "description",        "상품설명",       true},
    {ProductColumn::kAttribute,     "attr:",              "속성:",          true},
    {ProductColumn::kSku,           "sku",                "판매자상품코드", false},
    {ProductColumn::kBarcode,       "barcode",            "바코드",         false},
    {ProductColumn::kOptions,       "options",            "옵션",           false},
    {ProductColumn::kWeightGrams,   "weight_grams",       "중량(g)",        false},
    {ProductColumn::kBasePrice,     "base_price_won",     "기본가(원)",     false},
    {ProductColumn::kOnlinePrice,   "online_price_won",   "온라인가(원)",   false},
    {ProductColumn::kShopPrice,     "shop_price_won",     "매장가(원)",     false},
    {ProductColumn::kBusinessPrice, "business_price_won", "사업자가(원)",   false},
    {ProductColumn::kSalePrice,     "sale_price_won",     "할인가(원)",     false},
    {ProductColumn::kSaleStartsAt,  "sale_starts_at",     "할인시작",       false},
    {ProductColumn::kSaleEndsAt,    "sale_ends_at",       "할인종료",       false},
};
// clang-format on
static_assert(std::size(kColumns) == kProductColumnCount);

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

// Blanks at both ends: ASCII white space, the ideographic space Korean input methods type and the
// no-break space spreadsheets paste.
std::string_view Trim(std::string_view s) {
    while (true) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
            s.remove_prefix(1);
        } else if (s.starts_with(kIdeographicSpace)) {
            s.remove_prefix(kIdeographicSpace.size());
        } else if (s.starts_with(kNoBreakSpace)) {
            s.remove_prefix(kNoBreakSpace.size());
        } else {
            break;
        }
    }
    while (true) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
            s.remove_suffix(1);
        } else if (s.ends_with(kIdeographicSpace)) {
            s.remove_suffix(kIdeographicSpace.size());
        } else if (s.ends_with(kNoBreakSpace)) {
            s.remove_suffix(kNoBreakSpace.size());
        } else {
            break;
        }
    }
    return s;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// A header as compared: trimmed, ASCII lower case, without spaces inside.
std::string HeaderKey(std::string_view cell) {
    std::string out;
    for (char c : Lower(Trim(cell))) {
        if (c != ' ') out.push_back(c);
    }
    return out;
}

core::Error CellError(std::string_view field, std::string code, std::string message) {
    std::string f(field);
    return core::Error::Invalid("invalid_cell", f + ": " + message, {{f, std::move(code), std::move(message)}});
}

enum class Whole { kOk, kInvalid, kFraction, kNegative, kTooLarge };

// "12,900", "12900", "12900.00" (a fraction of zeros is whole); commas only as thousands separators.
Whole ParseWhole(std::string_view s, std::int64_t max, std::int64_t& out) {
    if (s.empty()) return Whole::kInvalid;
    bool negative = false;
    if (s.front() == '-') {
        negative = true;
        s.remove_prefix(1);
    }
    std::string_view fraction;
    if (auto dot = s.find('.'); dot != std::string_view::npos) {
        fraction = s.substr(dot + 1);
        s = s.substr(0, dot);
        if (fraction.empty() ||
            !std::all_of(fraction.begin(), fraction.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return Whole::kInvalid;
    }
    if (s.empty()) return Whole::kInvalid;
    std::string digits;
    if (s.find(',') != std::string_view::npos) {
        std::size_t group = 0;
        std::size_t start = 0;
        while (true) {
            std::size_t comma = s.find(',', start);
            std::string_view part = s.substr(start, comma == std::string_view::npos ? s.npos : comma - start);
            bool ok = group == 0 ? (part.size() >= 1 && part.size() <= 3) : part.size() == 3;
            if (!ok) return Whole::kInvalid;
            digits.append(part);
            ++group;
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    } else {
        digits = std::string(s);
    }
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return Whole::kInvalid;
    if (negative) return Whole::kNegative;
    if (std::any_of(fraction.begin(), fraction.end(), [](char c) { return c != '0'; })) return Whole::kFraction;
    std::size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) {
        out = 0;
        return Whole::kOk;
    }
    if (digits.size() - first > 18) return Whole::kTooLarge;
    std::int64_t value = 0;
    std::from_chars(digits.data() + first, digits.data() + digits.size(), value);
    if (value > max) return Whole::kTooLarge;
    out = value;
    return Whole::kOk;
}

core::Result<std::int64_t> ParseWholeCell(std::string_view cell, std::string_view field, std::int64_t max,
                                          std::string_view fraction_code, std::string_view range) {
    std::int64_t value = 0;
    switch (ParseWhole(cell, max, value)) {
        case Whole::kOk: return value;
        case Whole::kFraction:
            return CellError(field, std::string(fraction_code), "must be a whole number, " + std::string(range));
        case Whole::kNegative:
        case Whole::kTooLarge: return CellError(field, "out_of_range", "must be " + std::string(range));
        case Whole::kInvalid: break;
    }
    return CellError(field, "invalid_number", "'" + std::string(cell.substr(0, 40)) + "' is not a number");
}

bool IsDigits(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

bool Equal(std::string_view a, std::string_view b) {
    return Lower(a) == Lower(b);
}

}  // namespace

std::span<const ProductColumnSpec> ProductColumns() {
    return kColumns;
}

const ProductColumnSpec& ColumnSpec(ProductColumn column) {
    return kColumns[static_cast<std::size_t>(column)];
}

std::optional<HeaderCell> ParseHeaderCell(std::string_view cell) {
    std::string key = HeaderKey(cell);
    for (std::string_view prefix : {kAttributePrefix, kAttributePrefixKo}) {
        if (key.starts_with(prefix)) {
            std::string code = key.substr(prefix.size());
            bool ok = !code.empty() && code.size() <= 40 && std::all_of(code.begin(), code.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            });
            if (!ok) return std::nullopt;
            return HeaderCell{ProductColumn::kAttribute, std::move(code)};
        }
    }
    for (const auto& spec : kColumns) {
        if (spec.column == ProductColumn::kAttribute) continue;
        if (key == spec.name || key == HeaderKey(spec.name_ko)) return HeaderCell{spec.column, {}};
    }
    return std::nullopt;
}

std::string ColumnName(const HeaderCell& cell) {
    std::string out(ColumnSpec(cell.column).name);
    if (cell.column == ProductColumn::kAttribute) out.append(cell.attribute);
    return out;
}

core::Result<ProductHeader> ReadProductHeader(std::span<const std::string> cells) {
    ProductHeader header;
    header.index.fill(-1);
    std::vector<core::FieldError> problems;
    std::set<std::string, std::less<>> attributes;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string written(Trim(cells[i]).substr(0, 60));
        auto cell = ParseHeaderCell(cells[i]);
        if (!cell) {
            problems.push_back({written.empty() ? "column " + std::to_string(i + 1) : written, "unknown_column",
                                "is not a column of the product file (docs/catalog-csv.md)"});
            header.cells.push_back({});
            continue;
        }
        const int position = static_cast<int>(i);
        if (cell->column == ProductColumn::kAttribute) {
            if (!attributes.insert(cell->attribute).second) {
                problems.push_back({written, "duplicate_column", "appears twice"});
            } else if (attributes.size() > kMaxAttributeColumns) {
                problems.push_back({written, "too_many_columns", "a file has at most 100 attribute columns"});
            } else {
                header.attributes.emplace_back(cell->attribute, position);
            }
        } else {
            int& at = header.index[static_cast<std::size_t>(cell->column)];
            if (at >= 0) {
                problems.push_back({written, "duplicate_column", "appears twice"});
            } else {
                at = position;
            }
        }
        header.cells.push_back(std::move(*cell));
    }
    if (!header.Has(ProductColumn::kSku)) {
        problems.push_back({"sku", "missing_column", "every file needs the sku column (판매자상품코드)"});
    }
    if (!problems.empty()) {
        return core::Error::Invalid("invalid_header", "the header row is not acceptable", std::move(problems));
    }
    return header;
}

core::Result<std::int64_t> ParseWonCell(std::string_view cell, std::string_view field) {
    std::string_view s = Trim(cell);
    if (s.empty()) return CellError(field, "required", "is required");
    for (std::string_view sign : {std::string_view("\xE2\x82\xA9"), std::string_view("\xEF\xBF\xA6")}) {  // ₩ ￦
        if (s.starts_with(sign)) s = Trim(s.substr(sign.size()));
    }
    if (s.ends_with("원")) s = Trim(s.substr(0, s.size() - std::string_view("원").size()));
    return ParseWholeCell(s, field, kMaxPriceWon, "not_whole_won", "whole won from 0 to 1,000,000,000,000");
}

core::Result<std::int64_t> ParseGramsCell(std::string_view cell, std::string_view field) {
    std::string_view s = Trim(cell);
    if (s.empty()) return CellError(field, "required", "is required");
    if (s.ends_with('g') || s.ends_with('G')) s = Trim(s.substr(0, s.size() - 1));
    return ParseWholeCell(s, field, kMaxWeightGrams, "not_whole_number", "whole grams from 0 to 100,000,000");
}

core::Result<json::object> ParseOptionsCell(std::string_view cell, std::string_view field) {
    json::object out;
    std::string_view s = Trim(cell);
    std::string name, value;
    bool in_value = false;
    auto finish = [&]() -> core::Status {
        std::string n(Trim(name)), v(Trim(value));
        bool empty_part = !in_value && n.empty();
        if (empty_part) return {};  // "a=1;;b=2" and a trailing ';'
        if (!in_value || n.empty()) {
            return CellError(field, "invalid_options", "options are written name=value;name=value");
        }
        if (out.contains(n)) return CellError(field, "duplicate_option", "option '" + n + "' is given twice");
        out[n] = v;
        return {};
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\') {
            if (i + 1 >= s.size()) {
                return CellError(field, "invalid_options", "a backslash must be followed by the character it escapes");
            }
            (in_value ? value : name).push_back(s[++i]);
        } else if (c == ';') {
            JANGTEO_TRY_STATUS(finish());
            name.clear();
            value.clear();
            in_value = false;
        } else if (c == '=' && !in_value) {
            in_value = true;
        } else {
            (in_value ? value : name).push_back(c);
        }
    }
    JANGTEO_TRY_STATUS(finish());
    return out;
}

std::string FormatOptionsCell(const json::object& options) {
    std::string out;
    auto escaped = [&out](std::string_view s) {
        for (char c : s) {
            if (c == '\\' || c == ';' || c == '=') out.push_back('\\');
            out.push_back(c);
        }
    };
    for (const auto& kv : options) {
        if (!out.empty()) out.push_back(';');
        escaped(kv.key());
        out.push_back('=');
        if (kv.value().is_string()) {
            escaped(kv.value().get_string());
        } else {
            escaped(core::ToJson(kv.value()));
        }
    }
    return out;
}

core::Result<core::TimePoint> ParseTimeCell(std::string_view cell, std::string_view field) {
    std::string_view s = Trim(cell);
    auto bad = [&] {
        return CellError(field, "invalid_time", "must be a time like 2026-12-01 09:00 (Korea) or 2026-12-01T00:00:00Z");
    };
    if (s.size() > 40) return bad();
    if (auto t = core::ParseRfc3339(s)) return *t;
    // A date, with '-', '/' or '.', and optionally a time of day after a space or 'T'.
    std::string_view date = s, time;
    if (auto cut = s.find_first_of(" T"); cut != std::string_view::npos) {
        date = s.substr(0, cut);
        time = Trim(s.substr(cut + 1));
        if (time.empty()) return bad();
    }
    char sep = date.size() > 4 ? date[4] : '-';
    if (sep != '-' && sep != '/' && sep != '.') return bad();
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        std::size_t at = date.find(sep, start);
        parts.push_back(date.substr(start, at == std::string_view::npos ? date.npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
    }
    if (parts.size() == 4 && parts[3].empty()) parts.pop_back();  // "2026.12.01."
    if (parts.size() != 3 || !IsDigits(parts[0], 4, 4) || !IsDigits(parts[1], 1, 2) || !IsDigits(parts[2], 1, 2)) {
        return bad();
    }
    int h = 0, m = 0, sec = 0;
    if (!time.empty()) {
        std::vector<std::string_view> hms;
        for (std::size_t start = 0;;) {
            std::size_t at = time.find(':', start);
            hms.push_back(time.substr(start, at == std::string_view::npos ? time.npos : at - start));
            if (at == std::string_view::npos) break;
            start = at + 1;
        }
        if (hms.size() < 2 || hms.size() > 3 || !IsDigits(hms[0], 1, 2) || !IsDigits(hms[1], 2, 2) ||
            (hms.size() == 3 && !IsDigits(hms[2], 2, 2))) {
            return bad();
        }
        h = ToInt(hms[0]);
        m = ToInt(hms[1]);
        sec = hms.size() == 3 ? ToInt(hms[2]) : 0;
        if (h > 23 || m > 59 || sec > 59) return bad();
    }
    std::chrono::year_month_day ymd{std::chrono::year(ToInt(parts[0])),
                                    std::chrono::month(static_cast<unsigned>(ToInt(parts[1]))),
                                    std::chrono::day(static_cast<unsigned>(ToInt(parts[2])))};
    if (!ymd.ok() || ymd.year() < std::chrono::year(1900)) return bad();
    auto local =
        std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(sec);
    return core::TimePoint(
        std::chrono::duration_cast<std::chrono::microseconds>((local - std::chrono::hours(9)).time_since_epoch()));
}

std::string FormatTimeCell(core::TimePoint t) {
    // Korea's time has had no daylight saving since 1988: a fixed +09:00.
    core::TimePoint local = t + std::chrono::hours(9);
    std::string utc = core::FormatRfc3339(local);  // "…Z", with microseconds when not zero
    utc.pop_back();
    return utc + "+09:00";
}

core::Result<VatMode> ParseVatCell(std::string_view cell, std::string_view field) {
    std::string_view s = Trim(cell);
    if (Equal(s, "taxable") || s == "과세") return VatMode::kTaxable;
    if (Equal(s, "exempt") || s == "면세") return VatMode::kExempt;
    return CellError(field, "invalid_vat", "must be taxable or exempt (과세 or 면세)");
}

std::string_view VatCell(VatMode vat) {
    return vat == VatMode::kExempt ? "exempt" : "taxable";
}

core::Result<ProductStatus> ParseStatusCell(std::string_view cell, std::string_view field) {
    std::string_view s = Trim(cell);
    if (auto status = ParseProductStatus(Lower(s))) return *status;
    if (s == "임시저장") return ProductStatus::kDraft;
    if (s == "판매중") return ProductStatus::kActive;
    if (s == "보관") return ProductStatus::kArchived;
    return CellError(field, "invalid_status", "must be draft, active or archived (임시저장, 판매중 or 보관)");
}

json::value AttributeFromCell(const AttributeDef& def, std::string_view cell) {
    std::string_view s = Trim(cell);
    switch (def.type) {
        case AttributeType::kInteger: {
            std::int64_t v = 0;
            std::string_view digits = s;
            bool negative = digits.starts_with('-');
            if (negative) digits.remove_prefix(1);
            if (digits.find('.') == std::string_view::npos && ParseWhole(digits, INT64_MAX / 10, v) == Whole::kOk) {
                return negative ? -v : v;
            }
            break;
        }
        case AttributeType::kDecimal: {
            std::string plain;
            for (char c : s) {
                if (c != ',') plain.push_back(c);
            }
            double d = 0;
            auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), d, std::chars_format::fixed);
            if (!plain.empty() && ec == std::errc() && end == plain.data() + plain.size() && std::isfinite(d)) {
                if (d == std::floor(d) && std::fabs(d) < 9e15) return static_cast<std::int64_t>(d);
                return d;
            }
            break;
        }
        case AttributeType::kBoolean: {
            std::string l = Lower(s);
            if (l == "true" || l == "yes" || l == "y" || l == "1" || s == "예" || s == "네") return true;
            if (l == "false" || l == "no" || l == "n" || l == "0" || s == "아니오" || s == "아니요") return false;
            break;
        }
        case AttributeType::kChoice:
            for (const auto& c : def.choices) {
                if (c.code == s || c.name_ko == s || (!c.name_en.empty() && Equal(c.name_en, s)))
                    return json::value(c.code);
            }
            break;
        case AttributeType::kText:
        case AttributeType::kDate: break;
    }
    return json::value(std::string(s));
}

std::string AttributeCell(const json::value& value) {
    if (value.is_string()) return std::string(value.get_string());
    if (value.is_int64()) return std::to_string(value.get_int64());
    if (value.is_uint64()) return std::to_string(value.get_uint64());
    if (value.is_bool()) return value.get_bool() ? "true" : "false";
    if (value.is_double()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.15g", value.get_double());
        return buf;
    }
    if (value.is_null()) return {};
    return core::ToJson(value);
}

std::optional<SalePrice> SaleForFile(std::span<const SalePrice> sales, core::TimePoint now) {
    const SalePrice* running = nullptr;
    const SalePrice* next = nullptr;
    const SalePrice* last = nullptr;
    for (const auto& s : sales) {
        if (s.channel) continue;
        if (s.starts <= now && now < s.ends) {
            if (!running || s.starts < running->starts) running = &s;
        } else if (s.starts > now) {
            if (!next || s.starts < next->starts) next = &s;
        } else if (!last || s.ends > last->ends) {
            last = &s;
        }
    }
    const SalePrice* pick = running ? running : next ? next : last;
    if (!pick) return std::nullopt;
    return *pick;
}

std::string RenderProductCsv(std::span<const Product> products, const CategoryTree& tree, core::TimePoint now) {
    std::vector<std::string> codes;
    std::set<std::string, std::less<>> seen;
    std::set<std::int64_t> categories;
    for (const auto& p : products) {
        if (!categories.insert(p.category.key()).second) continue;
        for (const auto& a : tree.Attributes(p.category)) {
            if (seen.insert(a.def->code).second) codes.push_back(a.def->code);
        }
    }
    std::string out;
    CsvWriter w(out);
    for (const auto& spec : kColumns) {
        if (spec.column != ProductColumn::kAttribute) {
            w.Value(spec.name);
            continue;
        }
        for (const auto& code : codes) w.Value(std::string(kAttributePrefix) + code);
    }
    w.EndRecord();
    auto price = [&w](std::optional<std::int64_t> won) { w.Value(won ? std::to_string(*won) : std::string()); };
    for (const auto& p : products) {
        const Category* category = tree.Find(p.category);
        for (const auto& v : p.variants) {
            w.Value(p.id.ToString());
            w.Value("");
            w.Value(category ? category->code : std::string());
            w.Text(p.title_ko);
            w.Text(p.title_en);
            w.Text(p.brand);
            w.Value(VatCell(p.vat));
            w.Value(ProductStatusName(p.status));
            w.Text(p.description);
            for (const auto& code : codes) {
                auto it = p.attributes.find(code);
                w.Text(it == p.attributes.end() ? std::string() : AttributeCell(it->value()));
            }
            w.Text(v.sku);
            w.Value(v.barcode.value_or(""));
            w.Text(FormatOptionsCell(v.options));
            w.Value(v.weight_grams ? std::to_string(*v.weight_grams) : std::string());
            w.Value(std::to_string(v.pricing.base.won()));
            for (SalesChannel channel : {SalesChannel::kOnline, SalesChannel::kShop, SalesChannel::kBusiness}) {
                std::optional<std::int64_t> won;
                for (const auto& c : v.pricing.channel_prices) {
                    if (c.channel == channel) won = c.unit.won();
                }
                price(won);
            }
            if (auto sale = SaleForFile(v.pricing.sales, now)) {
                price(sale->unit.won());
                w.Value(FormatTimeCell(sale->starts));
                w.Value(FormatTimeCell(sale->ends));
            } else {
                w.Value("");
                w.Value("");
                w.Value("");
            }
            w.EndRecord();
        }
    }
    return out;
}

std::string RenderTemplateCsv() {
    std::string out;
    CsvWriter w(out);
    for (const auto& spec : kColumns) {
        w.Value(spec.column == ProductColumn::kAttribute ? std::string(kAttributePrefixKo) + "origin"
                                                         : std::string(spec.name_ko));
    }
    w.EndRecord();
    // clang-format off
    for (std::string_view cell : {"", "MK-001", "food_seafood_fish", "국내산 순살 고등어구이", "Boneless grilled mackerel",
                                  "자갈치", "면세", "임시저장", "부산 자갈치시장에서 손질한 순살 고등어입니다.",
                                  "국내산", "MK-500", "8801234567893", "size=500g", "500", "12,900", "12,000", "", "",
                                  "", "", ""}) {
        w.Text(cell);
    }
    // clang-format on
    w.EndRecord();
    return out;
}

}  // namespace jangteo::catalog
