#include "catalog/sellable.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/json.hpp"

namespace jangteo::catalog {

namespace {

// Lists of ids reach SQL as one JSON array parameter, unpacked by each dialect's JSON table function.
constexpr store::Sql kVariantsSqlite{
    "catalog.sellable_variants",
    "SELECT v.id, v.product_id, p.merchant_id, p.status, v.sku, p.title_ko, p.title_en, v.options,"
    " v.base_price_won, p.vat, v.barcode FROM catalog_variants v JOIN catalog_products p ON p.id = v.product_id"
    " WHERE v.id IN (SELECT value FROM json_each($1))"};
constexpr store::Sql kVariantsPostgres{
    "catalog.sellable_variants",
    "SELECT v.id, v.product_id, p.merchant_id, p.status, v.sku, p.title_ko, p.title_en, v.options,"
    " v.base_price_won, p.vat, v.barcode FROM catalog_variants v JOIN catalog_products p ON p.id = v.product_id"
    " WHERE v.id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))"};
constexpr store::Sql kPricesSqlite{
    "catalog.sellable_prices",
    "SELECT variant_id, channel, min_quantity, unit_price_won FROM catalog_variant_prices"
    " WHERE variant_id IN (SELECT value FROM json_each($1)) ORDER BY variant_id, channel, min_quantity"};
constexpr store::Sql kPricesPostgres{
    "catalog.sellable_prices",
    "SELECT variant_id, channel, min_quantity, unit_price_won FROM catalog_variant_prices"
    " WHERE variant_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))"
    " ORDER BY variant_id, channel, min_quantity"};
constexpr store::Sql kSalesSqlite{
    "catalog.sellable_sales",
    "SELECT variant_id, channel, unit_price_won, starts_at_us, ends_at_us FROM catalog_sale_prices"
    " WHERE variant_id IN (SELECT value FROM json_each($1)) ORDER BY variant_id, position"};
constexpr store::Sql kSalesPostgres{
    "catalog.sellable_sales",
    "SELECT variant_id, channel, unit_price_won, starts_at_us, ends_at_us FROM catalog_sale_prices"
    " WHERE variant_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))"
    " ORDER BY variant_id, position"};
constexpr store::Sql kImagesSqlite{"catalog.sellable_images",
                                   "SELECT product_id, hash, media_type, width, height, alt FROM catalog_product_images"
                                   " WHERE position = 0 AND product_id IN (SELECT value FROM json_each($1))"};
constexpr store::Sql kImagesPostgres{
    "catalog.sellable_images",
    "SELECT product_id, hash, media_type, width, height, alt FROM catalog_product_images"
    " WHERE position = 0 AND product_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))"};

constexpr store::Sql kVariantsOfProduct{"catalog.variants_of_product",
                                        "SELECT id FROM catalog_variants WHERE product_id = $1 ORDER BY position"};
constexpr store::Sql kMerchantVariants{
    "catalog.merchant_variants",
    "SELECT v.id FROM catalog_variants v JOIN catalog_products p ON p.id = v.product_id"
    " WHERE v.merchant_id = $1 AND v.sku > $2 AND ($3 = '' OR LOWER(v.sku) LIKE $3 ESCAPE '\\'"
    " OR LOWER(p.title_ko) LIKE $3 ESCAPE '\\' OR LOWER(p.title_en) LIKE $3 ESCAPE '\\')"
    " ORDER BY v.sku LIMIT $4"};

constexpr store::Sql kByCodeSqlite{
    "catalog.variants_by_code",
    "SELECT v.id, v.sku, v.barcode FROM catalog_variants v WHERE v.merchant_id = $1"
    " AND (v.sku IN (SELECT value FROM json_each($2)) OR v.barcode IN (SELECT value FROM json_each($2)))"
    " ORDER BY v.sku"};
constexpr store::Sql kByCodePostgres{"catalog.variants_by_code",
                                     "SELECT v.id, v.sku, v.barcode FROM catalog_variants v WHERE v.merchant_id = $1"
                                     " AND (v.sku IN (SELECT jsonb_array_elements_text($2::jsonb))"
                                     " OR v.barcode IN (SELECT jsonb_array_elements_text($2::jsonb))) ORDER BY v.sku"};

// "%text%" in ASCII lower case with LIKE's wildcards and the escape character escaped.
std::string ContainsPattern(std::string_view text) {
    std::string out = "%";
    for (char c : text) {
        char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower == '%' || lower == '_' || lower == '\\') out.push_back('\\');
        out.push_back(lower);
    }
    out.push_back('%');
    return out;
}

const store::Sql& Pick(store::Tx& tx, const store::Sql& sqlite, const store::Sql& postgres) {
    return tx.dialect() == store::Dialect::kSqlite ? sqlite : postgres;
}

template <typename Keys>
std::string KeysJson(const Keys& keys) {
    std::string out = "[";
    bool first = true;
    for (std::int64_t k : keys) {
        if (!first) out += ',';
        first = false;
        out += std::to_string(k);
    }
    out += ']';
    return out;
}

}  // namespace

core::Result<std::vector<SellableVariant>> SellableVariantsInTx(store::Tx& tx, std::span<const VariantId> ids) {
    if (ids.size() > kMaxSellableLookup) {
        return core::Error::Invalid("too_many_variants", "at most 1,000 variants at once");
    }
    std::vector<SellableVariant> out;
    if (ids.empty()) return out;
    std::vector<std::int64_t> keys;
    keys.reserve(ids.size());
    for (VariantId id : ids) keys.push_back(id.key());
    std::string list = KeysJson(keys);
    JANGTEO_TRY(store::Rows rows, tx.Query(Pick(tx, kVariantsSqlite, kVariantsPostgres), {list}));
    std::unordered_map<std::int64_t, SellableVariant> found;
    found.reserve(rows.size());
    std::vector<std::int64_t> products;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView r = rows[i];
        SellableVariant v;
        v.id = VariantId(r.Int(0));
        v.product = ProductId(r.Int(1));
        v.merchant = platform::MerchantId(r.Int(2));
        v.status = ParseProductStatus(r.TextView(3)).value_or(ProductStatus::kDraft);
        v.sku = r.Text(4);
        v.title_ko = r.Text(5);
        v.title_en = r.Text(6);
        if (auto o = core::ParseJsonObject(r.TextView(7)); o.ok()) v.options = std::move(*o);
        v.pricing.base = core::Money::Won(r.Int(8));
        v.pricing.vat = r.TextView(9) == "exempt" ? VatMode::kExempt : VatMode::kTaxable;
        v.barcode = r.Text(10);
        products.push_back(v.product.key());
        found.emplace(v.id.key(), std::move(v));
    }
    if (found.empty()) return out;
    JANGTEO_TRY(store::Rows prices, tx.Query(Pick(tx, kPricesSqlite, kPricesPostgres), {list}));
    for (std::size_t i = 0; i < prices.size(); ++i) {
        const store::RowView row = prices[i];
        auto it = found.find(row.Int(0));
        if (it == found.end()) continue;
        SalesChannel channel = ParseSalesChannel(row.TextView(1)).value_or(SalesChannel::kOnline);
        std::int64_t min = row.Int(2);
        core::Money unit = core::Money::Won(row.Int(3));
        if (channel == SalesChannel::kBusiness && min > 1) {
            it->second.pricing.tiers.push_back({min, unit});
        } else {
            it->second.pricing.channel_prices.push_back({channel, unit});
        }
    }
    JANGTEO_TRY(store::Rows sales, tx.Query(Pick(tx, kSalesSqlite, kSalesPostgres), {list}));
    for (std::size_t i = 0; i < sales.size(); ++i) {
        const store::RowView row = sales[i];
        auto it = found.find(row.Int(0));
        if (it == found.end()) continue;
        SalePrice s{.unit = core::Money::Won(row.Int(2)),
                    .starts = core::FromUnixMicros(row.Int(3)),
                    .ends = core::FromUnixMicros(row.Int(4))};
        if (!row.IsNull(1)) s.channel = ParseSalesChannel(row.TextView(1));
        it->second.pricing.sales.push_back(s);
    }
    std::sort(products.begin(), products.end());
    products.erase(std::unique(products.begin(), products.end()), products.end());
    JANGTEO_TRY(store::Rows images, tx.Query(Pick(tx, kImagesSqlite, kImagesPostgres), {KeysJson(products)}));
    std::unordered_map<std::int64_t, ProductImage> image_of;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const store::RowView row = images[i];
        image_of.emplace(row.Int(0), ProductImage{.hash = row.Text(1),
                                                  .media_type = row.Text(2),
                                                  .width = row.Int(3),
                                                  .height = row.Int(4),
                                                  .alt = row.Text(5)});
    }
    out.reserve(found.size());
    for (std::int64_t key : keys) {
        auto it = found.find(key);
        if (it == found.end()) continue;
        if (auto img = image_of.find(it->second.product.key()); img != image_of.end()) it->second.image = img->second;
        out.push_back(std::move(it->second));
        found.erase(it);
    }
    return out;
}

core::Result<std::vector<VariantId>> VariantIdsOfProductInTx(store::Tx& tx, ProductId product) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kVariantsOfProduct, {product.key()}));
    std::vector<VariantId> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.emplace_back(rows[i].Int(0));
    return out;
}

core::Result<std::vector<SellableVariant>> MerchantVariantsInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                std::string_view text, std::string_view after_sku,
                                                                int fetch) {
    if (text.size() > 100) {
        return core::Error::Invalid("bad_query", "the search text is too long",
                                    {{"q", "too_long", "at most 100 bytes"}});
    }
    std::string pattern = text.empty() ? std::string() : ContainsPattern(text);
    JANGTEO_TRY(store::Rows rows, tx.Query(kMerchantVariants, {merchant.key(), after_sku, std::string_view(pattern),
                                                               std::int64_t{fetch}}));
    std::vector<VariantId> ids;
    ids.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) ids.emplace_back(rows[i].Int(0));
    return SellableVariantsInTx(tx, ids);
}

core::Result<std::vector<std::optional<SellableVariant>>> VariantsByCodeInTx(store::Tx& tx,
                                                                             platform::MerchantId merchant,
                                                                             std::span<const std::string> codes) {
    std::vector<std::optional<SellableVariant>> out(codes.size());
    if (codes.empty()) return out;
    if (codes.size() > kMaxSellableLookup) {
        return core::Error::Invalid("too_many_variants", "at most 1,000 codes at once");
    }
    core::json::array list;
    for (const auto& c : codes) list.emplace_back(c);
    std::string text = core::ToJson(list);
    JANGTEO_TRY(store::Rows rows,
                tx.Query(Pick(tx, kByCodeSqlite, kByCodePostgres), {merchant.key(), std::string_view(text)}));
    std::unordered_map<std::string, std::int64_t> by_sku, by_barcode;
    std::vector<VariantId> ids;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::int64_t id = rows[i].Int(0);
        by_sku.emplace(rows[i].Text(1), id);
        if (!rows[i].IsNull(2)) by_barcode.emplace(rows[i].Text(2), id);  // the first by SKU wins
        ids.emplace_back(id);
    }
    JANGTEO_TRY(std::vector<SellableVariant> found, SellableVariantsInTx(tx, ids));
    std::unordered_map<std::int64_t, const SellableVariant*> of;
    for (const auto& v : found) of.emplace(v.id.key(), &v);
    for (std::size_t i = 0; i < codes.size(); ++i) {
        std::optional<std::int64_t> id;
        if (auto s = by_sku.find(codes[i]); s != by_sku.end()) {
            id = s->second;
        } else if (auto b = by_barcode.find(codes[i]); b != by_barcode.end()) {
            id = b->second;
        }
        if (!id) continue;
        if (auto v = of.find(*id); v != of.end()) out[i] = *v->second;
    }
    return out;
}

}  // namespace jangteo::catalog
