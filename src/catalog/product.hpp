// Products of merchants: a Korean (and English) title, a Markdown description, a brand, the
// category they are filed under with the attribute values its path declares, the VAT mode, a
// status (draft → active → archived, and back), and one or more variants, each with its SKU (unique
// within the merchant), an optional GTIN barcode, option values (size, colour), a weight and its
// prices: a base price, channel list prices, business volume tiers and sale prices (pricing.hpp).
// Every read and change names the merchant: another merchant's product answers 404.
//
//   catalog::ProductService products(db, clock, random, categories);
//   auto made = products.Create(merchant_id, input);       // Result<Product>, status draft
//   auto live = products.SetStatus(merchant_id, made->id, catalog::ProductStatus::kActive, made->version);
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/category.hpp"
#include "catalog/pricing.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::catalog {

struct ProductTag {
    static constexpr std::string_view kPrefix = "prd";
};
using ProductId = core::Id<ProductTag>;
struct VariantTag {
    static constexpr std::string_view kPrefix = "var";
};
using VariantId = core::Id<VariantTag>;

enum class ProductStatus { kDraft, kActive, kArchived };
std::string_view ProductStatusName(ProductStatus status);
std::optional<ProductStatus> ParseProductStatus(std::string_view name);

inline constexpr std::size_t kMaxVariants = 100;
inline constexpr std::size_t kMaxTitleCodePoints = 200;
inline constexpr std::size_t kMaxDescriptionCodePoints = 20000;
inline constexpr std::int64_t kMaxPriceWon = 1'000'000'000'000;  // 1조 원: anything above is a typing error
inline constexpr std::int64_t kMaxWeightGrams = 100'000'000;     // 100 t
inline constexpr std::size_t kMaxSalesPerVariant = 20;
inline constexpr std::size_t kMaxTiersPerVariant = 20;
inline constexpr std::size_t kMaxImagesPerProduct = 10;
inline constexpr std::size_t kMaxAltCodePoints = 200;

// An image of a product, as the merchant names it: the hash of a file it uploaded (ImageService).
struct ImageRef {
    std::string hash;  // 64 lower-case hex digits
    std::string alt;   // alternative text, ≤ 200 characters
};

// An image of a product as stored, with what the upload read from its bytes.
struct ProductImage {
    std::string hash;
    std::string media_type;  // image/jpeg, image/png, image/webp
    std::int64_t width = 0;
    std::int64_t height = 0;
    std::string alt;
};
// "/media/<hash>.<ext>": where the image is served.
std::string ImageUrl(std::string_view hash, std::string_view media_type);

struct VariantInput {
    std::string sku;             // 1 to 64 of A-Z a-z 0-9 . _ -
    std::string barcode;         // "" for none; else a GTIN
    core::json::object options;  // option name → value, e.g. {"size": "L"}; at most 10, text ≤ 50
    std::optional<std::int64_t> weight_grams;
    std::int64_t base_price_won = 0;
    std::vector<ChannelPrice> channel_prices;  // at most one per channel
    std::vector<VolumeTier> tiers;             // business buyers; min_quantity ≥ 2, distinct
    std::vector<SalePrice> sales;
};

struct ProductInput {
    CategoryId category;
    std::string title_ko;
    std::string title_en;
    std::string description;
    std::string brand;
    core::json::value attributes;  // an object code → value; null for none
    VatMode vat = VatMode::kTaxable;
    std::vector<ImageRef> images;  // the first is the main image; at most 10
    std::vector<VariantInput> variants;
};

struct Variant {
    VariantId id;
    std::string sku;
    std::optional<std::string> barcode;
    core::json::object options;
    std::optional<std::int64_t> weight_grams;
    VariantPricing pricing;
};

struct Product {
    ProductId id;
    platform::MerchantId merchant_id;
    CategoryId category;
    std::string title_ko;
    std::string title_en;
    std::string description;
    std::string brand;
    core::json::object attributes;
    VatMode vat = VatMode::kTaxable;
    ProductStatus status = ProductStatus::kDraft;
    std::int64_t version = 1;
    core::TimePoint created_at;
    core::TimePoint updated_at;
    std::vector<ProductImage> images;
    std::vector<Variant> variants;  // in the order given
    // What the save that answered this product warns about without refusing it: prices that break a
    // "warn" price parity policy (code price_parity, price_parity.hpp). Empty on reads.
    std::vector<core::FieldError> warnings;
};

// A merchant's list (the back office): newest change first, by pages.
struct ProductQuery {
    std::optional<ProductStatus> status;
    std::optional<CategoryId> category;  // this category only (not its subtree)
    std::string text;                    // part of a title or of a SKU
    std::optional<std::string> cursor;
    int limit = 50;  // 1..200
};

// One row of the list: the product without its description and attributes, with its variants' count
// and price range.
struct ProductSummary {
    ProductId id;
    CategoryId category;
    std::string title_ko;
    std::string title_en;
    ProductStatus status = ProductStatus::kDraft;
    std::int64_t version = 1;
    core::TimePoint updated_at;
    std::int64_t variants = 0;
    std::int64_t min_price_won = 0;
    std::int64_t max_price_won = 0;
    std::optional<ProductImage> image;  // the main image
};

struct ProductPage {
    std::vector<ProductSummary> items;
    std::optional<std::string> next_cursor;
};

// Thread-safe: holds references only.
class ProductService {
public:
    ProductService(store::Db& db, core::Clock& clock, core::Random& random, CategoryService& categories)
        : db_(db), clock_(clock), random_(random), categories_(categories) {}

    // Called after each committed change of a product (to wake the change feed's follower at once).
    // Set before the service is shared between threads.
    void SetChangeHook(std::function<void()> hook) { on_change_ = std::move(hook); }

    // A new draft product. Every field problem at once: kInvalidArgument "invalid_product" with
    // field errors (title_ko, category_id: unknown_category, attributes.<code>, variants[i].sku,
    // .barcode: gtin_check_digit, .base_price_won: out_of_range, .tiers[j].min_quantity, …); a SKU
    // the merchant already uses: kAlreadyExists "sku_taken" (field variants[i].sku).
    // The merchant's price parity policies (price_policy.hpp) judge the prices from the clock's now
    // on: a price that breaks a "refuse" policy is kInvalidArgument "price_parity" with a field
    // error (code price_parity) at the field that sets it, e.g. variants[1].channel_prices[0].unit_price_won
    // or variants[0].sales[2].unit_price_won; one that breaks a "warn" policy is saved and listed in
    // the answer's warnings. Update and the ...InTx calls judge the same way.
    core::Result<Product> Create(platform::MerchantId merchant, const ProductInput& input);

    // The same inside the caller's transaction (a bulk import applies many at once, all or nothing),
    // against the category tree the caller read. The caller calls NotifyChanged() after its commit.
    // `status`: a draft, or made active (or archived) at once, as SetStatus would after the create.
    core::Result<Product> CreateInTx(store::Tx& tx, const CategoryTree& tree, platform::MerchantId merchant,
                                     const ProductInput& input, ProductStatus status = ProductStatus::kDraft);
    core::Result<Product> UpdateInTx(store::Tx& tx, const CategoryTree& tree, platform::MerchantId merchant,
                                     ProductId id, const ProductInput& input, std::int64_t expected_version);
    // The product inside a transaction (kNotFound "product_not_found" as Get).
    core::Result<Product> GetInTx(store::Tx& tx, platform::MerchantId merchant, ProductId id);
    // Checks an input without writing anything (the import's dry run): Create's field errors, except
    // that images are not looked up and SKUs are not compared with other products.
    static core::Result<void> Check(const CategoryTree& tree, const ProductInput& input);
    // Removes change feed rows older than `before` (every server has followed them long since).
    core::Result<std::int64_t> PurgeChangesBefore(core::TimePoint before);
    void NotifyChanged() const {
        if (on_change_) on_change_();
    }

    // The merchant's product; another merchant's or an unknown one: kNotFound "product_not_found".
    core::Result<Product> Get(platform::MerchantId merchant, ProductId id);

    // Replaces the product's fields and variants. Variants are matched by SKU: a kept SKU keeps its
    // variant id. `expected_version` must be the version read (kConflict "version_changed"
    // otherwise: someone else saved meanwhile). Errors as Create.
    core::Result<Product> Update(platform::MerchantId merchant, ProductId id, const ProductInput& input,
                                 std::int64_t expected_version);

    // The merchant's products, newest change first. kInvalidArgument "bad_cursor" / "bad_limit" /
    // "bad_query" (text over 100 bytes).
    core::Result<ProductPage> List(platform::MerchantId merchant, const ProductQuery& query);

    // draft ⇄ active, either → archived, archived → draft. kConflict "version_changed".
    core::Result<Product> SetStatus(platform::MerchantId merchant, ProductId id, ProductStatus status,
                                    std::int64_t expected_version);
    // The same inside the caller's transaction (the bulk import and the demo seed change the status of
    // many products at once). The caller calls NotifyChanged() after its commit.
    core::Result<Product> SetStatusInTx(store::Tx& tx, platform::MerchantId merchant, ProductId id,
                                        ProductStatus status, std::int64_t expected_version);
    // Whether a product may go from one status to the other (SetStatus's rule).
    static bool StatusChangeAllowed(ProductStatus from, ProductStatus to);

private:
    static core::Result<Product> Validate(const ProductInput& input, const CategoryTree& tree);
    // Fills product.warnings, or refuses (see Create), by the merchant's parity policies.
    core::Status CheckParity(store::Tx& tx, Product& product);
    core::Status WriteVariants(store::Tx& tx, Product& product);
    core::Status WriteImages(store::Tx& tx, Product& product);
    core::Status RecordChange(store::Tx& tx, const Product& product);
    core::Result<Product> Load(store::Tx& tx, platform::MerchantId merchant, ProductId id);

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    CategoryService& categories_;
    std::function<void()> on_change_;
};

}  // namespace jangteo::catalog
