// The product file of the bulk import and export (docs/catalog-csv.md): one row per variant, the
// product's own columns repeated on each of its rows, attributes as `attr:<code>` columns. This file
// holds what is pure about it: the columns and their English and Korean header names, the reading of
// one cell (prices in whole won written as Korean spreadsheets write them, options, times in Korea's
// time, VAT, status, attribute values by their type), and the writing of a catalog as such a file.
// The import itself (grouping rows into products, checking them, applying them) is
// product_import.hpp.
//
//   auto won = catalog::ParseWonCell("12,900원", "base_price_won");        // 12900
//   auto bad = catalog::ParseWonCell("12.5", "base_price_won");            // field error not_whole_won
//   auto options = catalog::ParseOptionsCell("size=L;colour=red", "options");
//   std::string csv = catalog::RenderProductCsv(products, tree, clock.Now());
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/category.hpp"
#include "catalog/pricing.hpp"
#include "catalog/product.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/json.hpp"

namespace jangteo::catalog {

enum class ProductColumn : int {
    kProductId,
    kProductRef,
    kCategoryCode,
    kTitleKo,
    kTitleEn,
    kBrand,
    kVat,
    kStatus,
    kDescription,
    kAttribute,  // attr:<code>, any number of them
    kSku,
    kBarcode,
    kOptions,
    kWeightGrams,
    kBasePrice,
    kOnlinePrice,
    kShopPrice,
    kBusinessPrice,
    kSalePrice,
    kSaleStartsAt,
    kSaleEndsAt,
};
inline constexpr std::size_t kProductColumnCount = 21;

struct ProductColumnSpec {
    ProductColumn column;
    std::string_view name;     // the English header, e.g. "base_price_won"; for attributes the prefix "attr:"
    std::string_view name_ko;  // the Korean header the template offers, e.g. "기본가"; "속성:" for attributes
    bool per_product;          // a product's value, repeated on each of its rows (not a variant's)
};
// Every column in the order of the file.
std::span<const ProductColumnSpec> ProductColumns();
const ProductColumnSpec& ColumnSpec(ProductColumn column);

inline constexpr std::string_view kAttributePrefix = "attr:";
inline constexpr std::string_view kAttributePrefixKo = "속성:";
inline constexpr std::size_t kMaxAttributeColumns = 100;

// One header cell, understood: English or Korean name, any letter case, blanks around ignored.
struct HeaderCell {
    ProductColumn column = ProductColumn::kProductId;
    std::string attribute;  // the code, for kAttribute
    bool operator==(const HeaderCell&) const = default;
};
std::optional<HeaderCell> ParseHeaderCell(std::string_view cell);
// The English name: "base_price_won", "attr:origin". Errors name columns this way.
std::string ColumnName(const HeaderCell& cell);

// The columns of one file by position.
struct ProductHeader {
    std::vector<HeaderCell> cells;
    std::array<int, kProductColumnCount> index;  // the position of each column (-1: absent); not for attributes
    std::vector<std::pair<std::string, int>> attributes;  // code → position, in file order

    bool Has(ProductColumn column) const { return index[static_cast<std::size_t>(column)] >= 0; }
    int At(ProductColumn column) const { return index[static_cast<std::size_t>(column)]; }
};
// Reads a header row. Every problem at once as field errors whose field is the header cell as
// written: unknown_column, duplicate_column, too_many_columns (over kMaxAttributeColumns attributes);
// and missing_column on "sku", the one column every file needs.
core::Result<ProductHeader> ReadProductHeader(std::span<const std::string> cells);

// Cell readers. A cell is trimmed of blanks first; an error names `field` with a code for the web
// app and an English message. Blank cells are the caller's business (they mean "none"), except
// where said.

// Whole won: "12900", "12,900", "12,900원", "₩12,900", "12900.00". "12.5" is not_whole_won, "-1"
// out_of_range (as is anything above kMaxPriceWon), other text invalid_number, blank required.
core::Result<std::int64_t> ParseWonCell(std::string_view cell, std::string_view field);
// Whole grams: "500", "1,200", "500g"; codes as ParseWonCell (not_whole_number for "12.5").
core::Result<std::int64_t> ParseGramsCell(std::string_view cell, std::string_view field);

// Option values: "size=L;colour=red". Names and values are trimmed; a backslash makes the next
// character literal (\; \= \\). Errors: invalid_options (a part without '=' or without a name, a
// backslash at the very end), duplicate_option. A blank cell is no options.
core::Result<core::json::object> ParseOptionsCell(std::string_view cell, std::string_view field);
std::string FormatOptionsCell(const core::json::object& options);

// A time: RFC 3339 ("2026-12-01T00:00:00+09:00", "…Z"), or a date with an optional time in Korea's
// time (Asia/Seoul, UTC+9 all year): "2026-12-01", "2026-12-01 9:30", "2026/12/01 09:30:00",
// "2026.12.01". Error invalid_time.
core::Result<core::TimePoint> ParseTimeCell(std::string_view cell, std::string_view field);
// RFC 3339 in Korea's time: "2026-12-01T00:00:00+09:00".
std::string FormatTimeCell(core::TimePoint t);

// taxable / exempt, or 과세 / 면세. Error invalid_vat.
core::Result<VatMode> ParseVatCell(std::string_view cell, std::string_view field);
std::string_view VatCell(VatMode vat);
// draft / active / archived, or 임시저장 / 판매중 / 보관. Error invalid_status.
core::Result<ProductStatus> ParseStatusCell(std::string_view cell, std::string_view field);

// An attribute's value from its cell, by the definition's type: a whole number for integer, a number
// for decimal (thousands separators allowed), true/false for boolean (also yes/no, y/n, 1/0, 예/아니오),
// a choice's code for choice (its Korean or English name is taken too). Text that does not fit the
// type stays text, so that the category's own validation names the problem (wrong_type, …).
core::json::value AttributeFromCell(const AttributeDef& def, std::string_view cell);
// An attribute value as its cell: text as is, numbers without exponent where possible, true/false.
std::string AttributeCell(const core::json::value& value);

// The sale of a variant a file row shows: one for every channel (the file has no channel column)
// that runs at `now`, else the next to come, else the one that ended last; nullopt when there is none.
std::optional<SalePrice> SaleForFile(std::span<const SalePrice> sales, core::TimePoint now);

// The merchant's products as a file (UTF-8 without a byte order mark; English header; CRLF): one
// row per variant, products in the given order, attribute columns for the codes the products'
// categories declare, in the order of the tree's paths.
std::string RenderProductCsv(std::span<const Product> products, const CategoryTree& tree, core::TimePoint now);
// The template: the Korean header names and one example row (docs/catalog-csv.md).
std::string RenderTemplateCsv();

}  // namespace jangteo::catalog
