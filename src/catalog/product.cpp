#include "catalog/product.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "catalog/price_policy.hpp"
#include "core/validate.hpp"
#include "store/keyset.hpp"

namespace jangteo::catalog {

namespace json = core::json;

namespace {

constexpr store::Sql kInsertProduct{
    "catalog.insert_product",
    "INSERT INTO catalog_products (id, merchant_id, category_id, title_ko, title_en, description, brand, attributes,"
    " vat, status, version, created_at_us, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, 1,"
    " $10, $10)"};
constexpr store::Sql kGetProduct{
    "catalog.get_product",
    "SELECT id, merchant_id, category_id, title_ko, title_en, description, brand, attributes, vat, status, version,"
    " created_at_us, updated_at_us FROM catalog_products WHERE id = $1 AND merchant_id = $2"};
constexpr store::Sql kGetVariants{
    "catalog.get_variants",
    "SELECT id, sku, barcode, options, weight_g, base_price_won FROM catalog_variants WHERE product_id = $1"
    " ORDER BY position"};
constexpr store::Sql kGetVariantPrices{
    "catalog.get_variant_prices",
    "SELECT variant_id, channel, min_quantity, unit_price_won FROM catalog_variant_prices WHERE product_id = $1"
    " ORDER BY channel, min_quantity"};
constexpr store::Sql kGetSales{
    "catalog.get_sale_prices",
    "SELECT variant_id, channel, unit_price_won, starts_at_us, ends_at_us FROM catalog_sale_prices"
    " WHERE product_id = $1 ORDER BY variant_id, position"};
constexpr store::Sql kUpdateProduct{
    "catalog.update_product",
    "UPDATE catalog_products SET category_id = $3, title_ko = $4, title_en = $5, description = $6, brand = $7,"
    " attributes = $8, vat = $9, version = version + 1, updated_at_us = $10"
    " WHERE id = $1 AND merchant_id = $2 AND version = $11"};
constexpr store::Sql kSetStatus{"catalog.set_product_status",
                                "UPDATE catalog_products SET status = $3, version = version + 1, updated_at_us = $4"
                                " WHERE id = $1 AND merchant_id = $2 AND version = $5"};
constexpr store::Sql kDeletePrices{"catalog.delete_variant_prices",
                                   "DELETE FROM catalog_variant_prices WHERE product_id = $1"};
constexpr store::Sql kDeleteSales{"catalog.delete_sale_prices",
                                  "DELETE FROM catalog_sale_prices WHERE product_id = $1"};
constexpr store::Sql kDeleteVariants{"catalog.delete_variants", "DELETE FROM catalog_variants WHERE product_id = $1"};
// One indexed look-up per variant (UNIQUE (merchant_id, sku)); two products racing for one SKU
// meet the constraint instead.
constexpr store::Sql kSkuTaken{"catalog.sku_taken",
                               "SELECT count(*) FROM catalog_variants WHERE merchant_id = $1 AND sku = $2"
                               " AND product_id <> $3"};
constexpr store::Sql kInsertVariant{
    "catalog.insert_variant",
    "INSERT INTO catalog_variants (id, product_id, merchant_id, sku, barcode, options, weight_g, base_price_won,"
    " position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr store::Sql kInsertPrice{"catalog.insert_variant_price",
                                  "INSERT INTO catalog_variant_prices (variant_id, channel, min_quantity,"
                                  " unit_price_won, product_id) VALUES ($1, $2, $3, $4, $5)"};
constexpr store::Sql kInsertSale{
    "catalog.insert_sale_price",
    "INSERT INTO catalog_sale_prices (variant_id, position, channel, unit_price_won, starts_at_us, ends_at_us,"
    " product_id) VALUES ($1, $2, $3, $4, $5, $6, $7)"};

constexpr store::Sql kFindImage{"catalog.find_image",
                                "SELECT media_type, width, height FROM catalog_images WHERE merchant_id = $1"
                                " AND hash = $2"};
constexpr store::Sql kInsertProductImage{
    "catalog.insert_product_image",
    "INSERT INTO catalog_product_images (product_id, position, hash, media_type, width, height, alt)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr store::Sql kGetProductImages{"catalog.get_product_images",
                                       "SELECT hash, media_type, width, height, alt FROM catalog_product_images"
                                       " WHERE product_id = $1 ORDER BY position"};
constexpr store::Sql kDeleteProductImages{"catalog.delete_product_images",
                                          "DELETE FROM catalog_product_images WHERE product_id = $1"};
constexpr store::Sql kPurgeChanges{"catalog.purge_changes",
                                   "DELETE FROM catalog_changes WHERE changed_at_us < $1 AND seq < (SELECT MAX(seq)"
                                   " FROM catalog_changes)"};
constexpr store::Sql kRecordChange{"catalog.record_change",
                                   "INSERT INTO catalog_changes (product_id, merchant_id, changed_at_us)"
                                   " VALUES ($1, $2, $3)"};

// One statement for every filter: an absent filter is '' (status, text) or 0 (category; compared
// with the column first, so that PostgreSQL types the parameter as BIGINT, not INTEGER). Text
// matches part of a title (case-insensitive for ASCII) or of a SKU; LIKE's wildcards in it are
// escaped. The variants' count and price range come from one grouped join.
constexpr store::Sql kListProducts{
    "catalog.list_products",
    "SELECT p.id, p.category_id, p.title_ko, p.title_en, p.status, p.version, p.updated_at_us,"
    " COUNT(v.id), COALESCE(MIN(v.base_price_won), 0), COALESCE(MAX(v.base_price_won), 0),"
    " i.hash, i.media_type, i.width, i.height, i.alt"
    " FROM catalog_products p LEFT JOIN catalog_variants v ON v.product_id = p.id"
    " LEFT JOIN catalog_product_images i ON i.product_id = p.id AND i.position = 0"
    " WHERE p.merchant_id = $1 AND (p.updated_at_us < $2 OR (p.updated_at_us = $2 AND p.id < $3))"
    " AND ($4 = '' OR p.status = $4) AND (p.category_id = $5 OR $5 = 0)"
    " AND ($6 = '' OR LOWER(p.title_ko) LIKE $6 ESCAPE '\\' OR LOWER(p.title_en) LIKE $6 ESCAPE '\\'"
    " OR EXISTS (SELECT 1 FROM catalog_variants s WHERE s.product_id = p.id AND LOWER(s.sku) LIKE $6 ESCAPE '\\'))"
    " GROUP BY p.id, p.category_id, p.title_ko, p.title_en, p.status, p.version, p.updated_at_us,"
    " i.hash, i.media_type, i.width, i.height, i.alt"
    " ORDER BY p.updated_at_us DESC, p.id DESC LIMIT $7"};

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

bool IsSku(std::string_view sku) {
    if (sku.empty() || sku.size() > 64) return false;
    return std::all_of(sku.begin(), sku.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

void Take(std::vector<core::FieldError>& fields, core::Result<std::string> r, std::string& out) {
    if (r.ok()) {
        out = std::move(*r);
    } else {
        for (auto& f : std::move(r).error().fields) fields.push_back(std::move(f));
    }
}

bool IsImageHash(std::string_view hash) {
    return hash.size() == 64 && std::all_of(hash.begin(), hash.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool PriceOk(std::int64_t won) {
    return won >= 0 && won <= kMaxPriceWon;
}

core::Error NotFound() {
    return core::Error::NotFound("product_not_found", "no such product");
}

core::Error VersionChanged() {
    return core::Error::Conflict("version_changed", "the product was changed meanwhile; load it again");
}

ProductStatus StatusOf(std::string_view text) {
    return ParseProductStatus(text).value_or(ProductStatus::kDraft);
}

}  // namespace

std::string ImageUrl(std::string_view hash, std::string_view media_type) {
    std::string_view ext = media_type == "image/png" ? "png" : media_type == "image/webp" ? "webp" : "jpg";
    std::string url = "/media/";
    url.append(hash).append(".").append(ext);
    return url;
}

std::string_view ProductStatusName(ProductStatus status) {
    switch (status) {
        case ProductStatus::kDraft: return "draft";
        case ProductStatus::kActive: return "active";
        case ProductStatus::kArchived: return "archived";
    }
    return "draft";
}

std::optional<ProductStatus> ParseProductStatus(std::string_view name) {
    for (ProductStatus s : {ProductStatus::kDraft, ProductStatus::kActive, ProductStatus::kArchived}) {
        if (ProductStatusName(s) == name) return s;
    }
    return std::nullopt;
}

core::Result<Product> ProductService::Validate(const ProductInput& input, const CategoryTree& tree) {
    std::vector<core::FieldError> fields;
    Product p;
    Take(fields, core::NormalizeText(input.title_ko, "title_ko", {.max_code_points = kMaxTitleCodePoints}), p.title_ko);
    Take(fields,
         core::NormalizeText(input.title_en, "title_en", {.max_code_points = kMaxTitleCodePoints, .required = false}),
         p.title_en);
    if (!core::IsPrintableAscii(p.title_en)) {
        fields.push_back({"title_en", "not_latin", "must be written in Latin letters, digits and punctuation"});
    }
    Take(fields,
         core::NormalizeText(input.description, "description",
                             {.max_code_points = kMaxDescriptionCodePoints, .required = false, .multi_line = true}),
         p.description);
    Take(fields, core::NormalizeText(input.brand, "brand", {.max_code_points = 100, .required = false}), p.brand);
    p.vat = input.vat;
    p.category = input.category;
    if (!tree.Visible(input.category)) {
        fields.push_back({"category_id", "unknown_category", "is not a category of the portal"});
    } else {
        auto attrs = tree.ValidateAttributes(input.category, input.attributes, "attributes");
        if (attrs.ok()) {
            p.attributes = std::move(*attrs);
        } else {
            for (auto& f : std::move(attrs).error().fields) fields.push_back(std::move(f));
        }
    }
    if (input.images.size() > kMaxImagesPerProduct) {
        fields.push_back({"images", "too_many_items", "a product has at most 10 images"});
    }
    std::set<std::string, std::less<>> hashes;
    for (std::size_t i = 0; i < input.images.size() && i < kMaxImagesPerProduct; ++i) {
        const ImageRef& ref = input.images[i];
        std::string at = "images[" + std::to_string(i) + "].";
        if (!IsImageHash(ref.hash)) {
            fields.push_back({at + "hash", "invalid_image", "must be the hash of an uploaded image"});
        } else if (!hashes.insert(ref.hash).second) {
            fields.push_back({at + "hash", "duplicate_image", "is already an image of this product"});
        }
        std::string alt;
        Take(fields,
             core::NormalizeText(ref.alt, at + "alt", {.max_code_points = kMaxAltCodePoints, .required = false}), alt);
        p.images.push_back({.hash = ref.hash, .alt = std::move(alt)});
    }
    if (input.variants.empty() || input.variants.size() > kMaxVariants) {
        fields.push_back({"variants", "invalid_count", "a product has 1 to 100 variants"});
    }
    std::set<std::string, std::less<>> skus;
    for (std::size_t i = 0; i < input.variants.size() && i < kMaxVariants; ++i) {
        const VariantInput& in = input.variants[i];
        std::string at = "variants[" + std::to_string(i) + "].";
        Variant v;
        if (!IsSku(in.sku)) {
            fields.push_back({at + "sku", "invalid_sku", "must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'"});
        } else if (!skus.insert(in.sku).second) {
            fields.push_back({at + "sku", "duplicate_sku", "is used by another variant of this product"});
        } else {
            v.sku = in.sku;
        }
        if (!in.barcode.empty()) {
            auto gtin = core::NormalizeGtin(in.barcode, at + "barcode");
            if (gtin.ok()) {
                v.barcode = std::move(*gtin);
            } else {
                fields.push_back(gtin.error().fields.at(0));
            }
        }
        if (in.options.size() > 10) fields.push_back({at + "options", "too_many_items", "at most 10 options"});
        for (const auto& kv : in.options) {
            std::string name(kv.key());
            if (name.empty() || name.size() > 40 || !kv.value().is_string() || kv.value().get_string().size() > 150) {
                fields.push_back({at + "options", "invalid_option", "options are names with short text values"});
                break;
            }
        }
        v.options = in.options;
        if (in.weight_grams && (*in.weight_grams < 0 || *in.weight_grams > kMaxWeightGrams)) {
            fields.push_back({at + "weight_grams", "out_of_range", "must be from 0 to 100,000,000 grams"});
        }
        v.weight_grams = in.weight_grams;
        if (!PriceOk(in.base_price_won)) {
            fields.push_back({at + "base_price_won", "out_of_range", "must be whole won from 0 to 1,000,000,000,000"});
        }
        v.pricing.base = core::Money::Won(in.base_price_won);
        v.pricing.vat = input.vat;
        std::set<SalesChannel> channels;
        for (std::size_t j = 0; j < in.channel_prices.size(); ++j) {
            const ChannelPrice& c = in.channel_prices[j];
            std::string cf = at + "channel_prices[" + std::to_string(j) + "]";
            if (!channels.insert(c.channel).second)
                fields.push_back({cf + ".channel", "duplicate_channel", "is given twice"});
            if (!PriceOk(c.unit.won()))
                fields.push_back({cf + ".unit_price_won", "out_of_range", "must be whole won ≥ 0"});
        }
        v.pricing.channel_prices = in.channel_prices;
        if (in.tiers.size() > kMaxTiersPerVariant)
            fields.push_back({at + "tiers", "too_many_items", "at most 20 tiers"});
        std::set<std::int64_t> minimums;
        for (std::size_t j = 0; j < in.tiers.size() && j < kMaxTiersPerVariant; ++j) {
            const VolumeTier& t = in.tiers[j];
            std::string tf = at + "tiers[" + std::to_string(j) + "]";
            if (t.min_quantity < 2 || t.min_quantity > kMaxOrderQuantity || !minimums.insert(t.min_quantity).second) {
                fields.push_back(
                    {tf + ".min_quantity", "invalid_min_quantity", "must be a distinct quantity from 2 on"});
            }
            if (!PriceOk(t.unit.won()))
                fields.push_back({tf + ".unit_price_won", "out_of_range", "must be whole won ≥ 0"});
        }
        v.pricing.tiers = in.tiers;
        if (in.sales.size() > kMaxSalesPerVariant)
            fields.push_back({at + "sales", "too_many_items", "at most 20 sales"});
        for (std::size_t j = 0; j < in.sales.size() && j < kMaxSalesPerVariant; ++j) {
            const SalePrice& s = in.sales[j];
            std::string sf = at + "sales[" + std::to_string(j) + "]";
            if (!(s.starts < s.ends)) fields.push_back({sf + ".ends_at", "invalid_window", "must be after starts_at"});
            if (!PriceOk(s.unit.won()))
                fields.push_back({sf + ".unit_price_won", "out_of_range", "must be whole won ≥ 0"});
        }
        v.pricing.sales = in.sales;
        p.variants.push_back(std::move(v));
    }
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_product", "the product is not acceptable", std::move(fields));
    }
    return p;
}

core::Status ProductService::WriteVariants(store::Tx& tx, Product& p) {
    // SKUs are unique per merchant; a clash with another product is named by its field.
    std::vector<core::FieldError> clashes;
    for (std::size_t i = 0; i < p.variants.size(); ++i) {
        JANGTEO_TRY(store::Rows taken,
                    tx.Query(kSkuTaken, {p.merchant_id.key(), std::string_view(p.variants[i].sku), p.id.key()}));
        if (taken[0].Int(0) > 0) {
            clashes.push_back({"variants[" + std::to_string(i) + "].sku", "sku_taken",
                               "another product of the merchant uses this SKU"});
        }
    }
    if (!clashes.empty()) {
        core::Error e = core::Error::AlreadyExists("sku_taken", "a SKU is used by another product");
        e.fields = std::move(clashes);
        return e;
    }
    for (std::size_t i = 0; i < p.variants.size(); ++i) {
        Variant& v = p.variants[i];
        store::Value barcode = v.barcode ? store::Value(std::string_view(*v.barcode)) : store::Value(nullptr);
        store::Value weight = v.weight_grams ? store::Value(*v.weight_grams) : store::Value(nullptr);
        JANGTEO_TRY_STATUS(tx.Exec(
            kInsertVariant, {v.id.key(), p.id.key(), p.merchant_id.key(), std::string_view(v.sku), barcode,
                             core::ToJson(v.options), weight, v.pricing.base.won(), static_cast<std::int64_t>(i)}));
        for (const auto& c : v.pricing.channel_prices) {
            JANGTEO_TRY_STATUS(tx.Exec(
                kInsertPrice, {v.id.key(), SalesChannelName(c.channel), std::int64_t{1}, c.unit.won(), p.id.key()}));
        }
        for (const auto& t : v.pricing.tiers) {
            JANGTEO_TRY_STATUS(tx.Exec(
                kInsertPrice, {v.id.key(), std::string_view("business"), t.min_quantity, t.unit.won(), p.id.key()}));
        }
        for (std::size_t j = 0; j < v.pricing.sales.size(); ++j) {
            const SalePrice& s = v.pricing.sales[j];
            store::Value channel = s.channel ? store::Value(SalesChannelName(*s.channel)) : store::Value(nullptr);
            JANGTEO_TRY_STATUS(
                tx.Exec(kInsertSale, {v.id.key(), static_cast<std::int64_t>(j), channel, s.unit.won(),
                                      core::ToUnixMicros(s.starts), core::ToUnixMicros(s.ends), p.id.key()}));
        }
    }
    return {};
}

core::Status ProductService::CheckParity(store::Tx& tx, Product& p) {
    JANGTEO_TRY(ParityPolicies policies, PricePolicyService::GetInTx(tx, p.merchant_id));
    if (!policies.Any()) return {};
    const core::TimePoint now = clock_.Now();
    std::vector<core::FieldError> refused;
    for (std::size_t i = 0; i < p.variants.size(); ++i) {
        for (const ParityBreach& b : BreachesFrom(policies, p.variants[i].pricing, now)) {
            core::FieldError e = ParityFieldError(ParityField(i, b), b, now);
            if (b.policy.enforcement == ParityEnforcement::kRefuse) {
                refused.push_back(std::move(e));
            } else {
                p.warnings.push_back(std::move(e));
            }
        }
    }
    if (!refused.empty()) {
        return core::Error::Invalid("price_parity", "a price breaks the merchant's price parity policy",
                                    std::move(refused));
    }
    return {};
}

core::Status ProductService::WriteImages(store::Tx& tx, Product& p) {
    std::vector<core::FieldError> unknown;
    for (std::size_t i = 0; i < p.images.size(); ++i) {
        ProductImage& image = p.images[i];
        JANGTEO_TRY(store::Rows found, tx.Query(kFindImage, {p.merchant_id.key(), std::string_view(image.hash)}));
        if (found.empty()) {
            unknown.push_back(
                {"images[" + std::to_string(i) + "].hash", "unknown_image", "is not an image this merchant uploaded"});
            continue;
        }
        image.media_type = found[0].Text(0);
        image.width = found[0].Int(1);
        image.height = found[0].Int(2);
    }
    if (!unknown.empty()) {
        return core::Error::Invalid("invalid_product", "the product is not acceptable", std::move(unknown));
    }
    for (std::size_t i = 0; i < p.images.size(); ++i) {
        const ProductImage& image = p.images[i];
        JANGTEO_TRY_STATUS(
            tx.Exec(kInsertProductImage,
                    {p.id.key(), static_cast<std::int64_t>(i), std::string_view(image.hash),
                     std::string_view(image.media_type), image.width, image.height, std::string_view(image.alt)}));
    }
    return {};
}

core::Status ProductService::RecordChange(store::Tx& tx, const Product& p) {
    JANGTEO_TRY_STATUS(tx.Exec(kRecordChange, {p.id.key(), p.merchant_id.key(), core::ToUnixMicros(p.updated_at)}));
    return {};
}

core::Result<Product> ProductService::Load(store::Tx& tx, platform::MerchantId merchant, ProductId id) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetProduct, {id.key(), merchant.key()}));
    if (rows.empty()) return NotFound();
    const store::RowView r = rows[0];
    Product p;
    p.id = ProductId(r.Int(0));
    p.merchant_id = platform::MerchantId(r.Int(1));
    p.category = CategoryId(r.Int(2));
    p.title_ko = r.Text(3);
    p.title_en = r.Text(4);
    p.description = r.Text(5);
    p.brand = r.Text(6);
    if (auto a = core::ParseJsonObject(r.TextView(7)); a.ok()) p.attributes = std::move(*a);
    p.vat = r.TextView(8) == "exempt" ? VatMode::kExempt : VatMode::kTaxable;
    p.status = StatusOf(r.TextView(9));
    p.version = r.Int(10);
    p.created_at = core::FromUnixMicros(r.Int(11));
    p.updated_at = core::FromUnixMicros(r.Int(12));
    JANGTEO_TRY(store::Rows variants, tx.Query(kGetVariants, {id.key()}));
    JANGTEO_TRY(store::Rows prices, tx.Query(kGetVariantPrices, {id.key()}));
    JANGTEO_TRY(store::Rows sales, tx.Query(kGetSales, {id.key()}));
    JANGTEO_TRY(store::Rows images, tx.Query(kGetProductImages, {id.key()}));
    for (std::size_t i = 0; i < images.size(); ++i) {
        const store::RowView row = images[i];
        p.images.push_back({.hash = row.Text(0),
                            .media_type = row.Text(1),
                            .width = row.Int(2),
                            .height = row.Int(3),
                            .alt = row.Text(4)});
    }
    std::unordered_map<std::int64_t, std::size_t> index;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const store::RowView v = variants[i];
        Variant& out = p.variants.emplace_back();
        out.id = VariantId(v.Int(0));
        out.sku = v.Text(1);
        out.barcode = v.OptText(2);
        if (auto o = core::ParseJsonObject(v.TextView(3)); o.ok()) out.options = std::move(*o);
        out.weight_grams = v.OptInt(4);
        out.pricing.base = core::Money::Won(v.Int(5));
        out.pricing.vat = p.vat;
        index.emplace(out.id.key(), i);
    }
    for (std::size_t i = 0; i < prices.size(); ++i) {
        const store::RowView row = prices[i];
        auto it = index.find(row.Int(0));
        if (it == index.end()) continue;
        Variant& v = p.variants[it->second];
        SalesChannel channel = ParseSalesChannel(row.TextView(1)).value_or(SalesChannel::kOnline);
        std::int64_t min = row.Int(2);
        core::Money unit = core::Money::Won(row.Int(3));
        if (channel == SalesChannel::kBusiness && min > 1) {
            v.pricing.tiers.push_back({min, unit});
        } else {
            v.pricing.channel_prices.push_back({channel, unit});
        }
    }
    for (std::size_t i = 0; i < sales.size(); ++i) {
        const store::RowView row = sales[i];
        auto it = index.find(row.Int(0));
        if (it == index.end()) continue;
        SalePrice s{.unit = core::Money::Won(row.Int(2)),
                    .starts = core::FromUnixMicros(row.Int(3)),
                    .ends = core::FromUnixMicros(row.Int(4))};
        if (!row.IsNull(1)) s.channel = ParseSalesChannel(row.TextView(1));
        p.variants[it->second].pricing.sales.push_back(s);
    }
    return p;
}

core::Result<Product> ProductService::Create(platform::MerchantId merchant, const ProductInput& input) {
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories_.Tree());
    JANGTEO_TRY(Product p, db_.Write([&](store::Tx& tx) { return CreateInTx(tx, *tree, merchant, input); }));
    NotifyChanged();
    return p;
}

core::Result<Product> ProductService::CreateInTx(store::Tx& tx, const CategoryTree& tree, platform::MerchantId merchant,
                                                 const ProductInput& input, ProductStatus status) {
    JANGTEO_TRY(Product p, Validate(input, tree));
    p.id = ProductId::New(random_);
    p.merchant_id = merchant;
    p.status = status;
    p.created_at = p.updated_at = clock_.Now();
    for (auto& v : p.variants) v.id = VariantId::New(random_);
    JANGTEO_TRY_STATUS(CheckParity(tx, p));
    JANGTEO_TRY_STATUS(tx.Exec(
        kInsertProduct, {p.id.key(), merchant.key(), p.category.key(), std::string_view(p.title_ko),
                         std::string_view(p.title_en), std::string_view(p.description), std::string_view(p.brand),
                         core::ToJson(p.attributes), std::string_view(p.vat == VatMode::kExempt ? "exempt" : "taxable"),
                         core::ToUnixMicros(p.created_at), ProductStatusName(status)}));
    JANGTEO_TRY_STATUS(WriteImages(tx, p));
    JANGTEO_TRY_STATUS(WriteVariants(tx, p));
    JANGTEO_TRY_STATUS(RecordChange(tx, p));
    return p;
}

core::Result<void> ProductService::Check(const CategoryTree& tree, const ProductInput& input) {
    JANGTEO_TRY(Product p, Validate(input, tree));
    (void)p;
    return {};
}

core::Result<Product> ProductService::Get(platform::MerchantId merchant, ProductId id) {
    return db_.Read([&](store::Tx& tx) { return Load(tx, merchant, id); });
}

core::Result<Product> ProductService::GetInTx(store::Tx& tx, platform::MerchantId merchant, ProductId id) {
    return Load(tx, merchant, id);
}

core::Result<Product> ProductService::Update(platform::MerchantId merchant, ProductId id, const ProductInput& input,
                                             std::int64_t expected_version) {
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories_.Tree());
    JANGTEO_TRY(Product p,
                db_.Write([&](store::Tx& tx) { return UpdateInTx(tx, *tree, merchant, id, input, expected_version); }));
    NotifyChanged();
    return p;
}

core::Result<Product> ProductService::UpdateInTx(store::Tx& tx, const CategoryTree& tree, platform::MerchantId merchant,
                                                 ProductId id, const ProductInput& input,
                                                 std::int64_t expected_version) {
    JANGTEO_TRY(Product next, Validate(input, tree));
    JANGTEO_TRY(Product current, Load(tx, merchant, id));
    if (current.version != expected_version) return VersionChanged();
    // A SKU that stays keeps its variant id (stock and orders will refer to it).
    std::unordered_map<std::string, VariantId> kept;
    for (const auto& v : current.variants) kept.emplace(v.sku, v.id);
    for (auto& v : next.variants) {
        auto it = kept.find(v.sku);
        v.id = it != kept.end() ? it->second : VariantId::New(random_);
    }
    next.id = id;
    next.merchant_id = merchant;
    next.status = current.status;
    next.created_at = current.created_at;
    next.updated_at = clock_.Now();
    next.version = current.version + 1;
    JANGTEO_TRY_STATUS(CheckParity(tx, next));
    JANGTEO_TRY(std::int64_t changed,
                tx.Exec(kUpdateProduct, {id.key(), merchant.key(), next.category.key(), std::string_view(next.title_ko),
                                         std::string_view(next.title_en), std::string_view(next.description),
                                         std::string_view(next.brand), core::ToJson(next.attributes),
                                         std::string_view(next.vat == VatMode::kExempt ? "exempt" : "taxable"),
                                         core::ToUnixMicros(next.updated_at), expected_version}));
    if (changed != 1) return VersionChanged();
    JANGTEO_TRY_STATUS(tx.Exec(kDeletePrices, {id.key()}));
    JANGTEO_TRY_STATUS(tx.Exec(kDeleteSales, {id.key()}));
    JANGTEO_TRY_STATUS(tx.Exec(kDeleteVariants, {id.key()}));
    JANGTEO_TRY_STATUS(tx.Exec(kDeleteProductImages, {id.key()}));
    JANGTEO_TRY_STATUS(WriteImages(tx, next));
    JANGTEO_TRY_STATUS(WriteVariants(tx, next));
    JANGTEO_TRY_STATUS(RecordChange(tx, next));
    return next;
}

core::Result<ProductPage> ProductService::List(platform::MerchantId merchant, const ProductQuery& query) {
    JANGTEO_TRY(store::Keyset after, store::ParseKeyset(query.cursor, query.limit));
    if (query.text.size() > 100) {
        return core::Error::Invalid("bad_query", "the search text is too long",
                                    {{"q", "too_long", "must be at most 100 bytes"}});
    }
    std::string pattern = query.text.empty() ? std::string() : ContainsPattern(query.text);
    std::string_view status = query.status ? ProductStatusName(*query.status) : std::string_view();
    std::int64_t category = query.category ? query.category->key() : 0;
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kListProducts, {merchant.key(), after.time_us, after.id, status, category,
                                        std::string_view(pattern), after.fetch});
    }));
    ProductPage page;
    const std::size_t limit = static_cast<std::size_t>(query.limit);
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
        const store::RowView r = rows[i];
        ProductSummary& p = page.items.emplace_back();
        p.id = ProductId(r.Int(0));
        p.category = CategoryId(r.Int(1));
        p.title_ko = r.Text(2);
        p.title_en = r.Text(3);
        p.status = StatusOf(r.TextView(4));
        p.version = r.Int(5);
        p.updated_at = core::FromUnixMicros(r.Int(6));
        p.variants = r.Int(7);
        p.min_price_won = r.Int(8);
        p.max_price_won = r.Int(9);
        if (!r.IsNull(10)) {
            p.image = ProductImage{.hash = r.Text(10),
                                   .media_type = r.Text(11),
                                   .width = r.Int(12),
                                   .height = r.Int(13),
                                   .alt = r.Text(14)};
        }
    }
    if (rows.size() > limit && !page.items.empty()) {
        const ProductSummary& last = page.items.back();
        page.next_cursor = store::FormatKeyset(core::ToUnixMicros(last.updated_at), last.id.key());
    }
    return page;
}

bool ProductService::StatusChangeAllowed(ProductStatus from, ProductStatus to) {
    return to == from || to == ProductStatus::kArchived ||
           (from == ProductStatus::kDraft && to == ProductStatus::kActive) ||
           (from == ProductStatus::kActive && to == ProductStatus::kDraft) ||
           (from == ProductStatus::kArchived && to == ProductStatus::kDraft);
}

core::Result<Product> ProductService::SetStatus(platform::MerchantId merchant, ProductId id, ProductStatus status,
                                                std::int64_t expected_version) {
    auto result = db_.Write([&](store::Tx& tx) -> core::Result<Product> {
        return SetStatusInTx(tx, merchant, id, status, expected_version);
    });
    if (result.ok()) NotifyChanged();
    return result;
}

core::Result<Product> ProductService::SetStatusInTx(store::Tx& tx, platform::MerchantId merchant, ProductId id,
                                                    ProductStatus status, std::int64_t expected_version) {
    JANGTEO_TRY(Product p, Load(tx, merchant, id));
    if (p.version != expected_version) return VersionChanged();
    if (!StatusChangeAllowed(p.status, status)) {
        std::string message = "a product cannot go from ";
        message.append(ProductStatusName(p.status)).append(" to ").append(ProductStatusName(status));
        return core::Error::FailedPrecondition("invalid_transition", std::move(message));
    }
    p.updated_at = clock_.Now();
    JANGTEO_TRY(std::int64_t changed, tx.Exec(kSetStatus, {id.key(), merchant.key(), ProductStatusName(status),
                                                           core::ToUnixMicros(p.updated_at), expected_version}));
    if (changed != 1) return VersionChanged();
    p.status = status;
    p.version += 1;
    JANGTEO_TRY_STATUS(RecordChange(tx, p));
    return p;
}

core::Result<std::int64_t> ProductService::PurgeChangesBefore(core::TimePoint before) {
    // The newest row stays: it carries the sequence on (SQLite's AUTOINCREMENT would not need it,
    // but a follower that starts reads MAX(seq) to know where it is).
    return db_.Write([&](store::Tx& tx) { return tx.Exec(kPurgeChanges, {core::ToUnixMicros(before)}); });
}

}  // namespace jangteo::catalog
