#include "catalog/product_import.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "catalog/price_policy.hpp"
#include "catalog/product_csv.hpp"
#include "core/csv.hpp"
#include "core/log.hpp"

namespace jangteo::catalog {

namespace json = core::json;
using core::CountCsvRecords;
using core::CsvRecord;
using core::CsvTable;
using core::ReadCsvTable;
using core::UnprotectCsvText;

namespace {

constexpr store::Sql kCountPending{"catalog.count_pending_imports",
                                   "SELECT COALESCE(SUM(CASE WHEN merchant_id = $1 THEN 1 ELSE 0 END), 0), COUNT(*)"
                                   " FROM catalog_imports WHERE status IN ('queued', 'running')"};
constexpr store::Sql kInsertImport{
    "catalog.insert_import",
    "INSERT INTO catalog_imports (id, merchant_id, status, dry_run, encoding, total_rows, created_by_user,"
    " created_by_key, created_at_us, updated_at_us) VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $8)"};
constexpr store::Sql kInsertFile{
    "catalog.insert_import_file",
    "INSERT INTO catalog_import_files (import_id, merchant_id, content) VALUES ($1, $2, $3)"};
constexpr store::Sql kGetImport{
    "catalog.get_import",
    "SELECT id, merchant_id, status, dry_run, encoding, total_rows, processed_rows, created, updated, errors,"
    " errors_truncated, created_by_user, created_by_key, created_at_us, finished_at_us, warnings FROM catalog_imports"
    " WHERE id = $1 AND merchant_id = $2"};
// The oldest job that is waiting, or whose claim ran out (its server died).
constexpr store::Sql kNextJob{"catalog.next_import",
                              "SELECT id, merchant_id, status, attempts FROM catalog_imports WHERE status = 'queued'"
                              " OR (status = 'running' AND lease_until_us < $1) ORDER BY created_at_us, id LIMIT 1"};
// A compare-and-set on the attempts read: of two servers, one wins. The new count is the claim's token.
constexpr store::Sql kClaim{"catalog.claim_import",
                            "UPDATE catalog_imports SET status = 'running', attempts = attempts + 1,"
                            " lease_until_us = $2, updated_at_us = $3 WHERE id = $1 AND attempts = $4"
                            " AND (status = 'queued' OR (status = 'running' AND lease_until_us < $3))"};
constexpr store::Sql kJobFile{"catalog.import_file",
                              "SELECT i.dry_run, i.encoding, f.content FROM catalog_imports i"
                              " JOIN catalog_import_files f ON f.import_id = i.id WHERE i.id = $1"};
constexpr store::Sql kProgress{"catalog.import_progress",
                               "UPDATE catalog_imports SET processed_rows = $2, lease_until_us = $3, updated_at_us = $4"
                               " WHERE id = $1 AND status = 'running' AND attempts = $5"};
constexpr store::Sql kExtendLease{"catalog.import_lease",
                                  "UPDATE catalog_imports SET lease_until_us = $2, updated_at_us = $3"
                                  " WHERE id = $1 AND status = 'running' AND attempts = $4"};
constexpr store::Sql kFinish{
    "catalog.finish_import",
    "UPDATE catalog_imports SET status = $2, processed_rows = $3, created = $4, updated = $5, errors = $6,"
    " errors_truncated = $7, finished_at_us = $8, updated_at_us = $8, lease_until_us = 0, warnings = $10"
    " WHERE id = $1 AND status = 'running' AND attempts = $9"};
// A job whose claims all ran out: its server died each time (or the job kills it).
constexpr store::Sql kGiveUp{"catalog.give_up_import",
                             "UPDATE catalog_imports SET status = 'failed', errors = $2, finished_at_us = $3,"
                             " updated_at_us = $3, lease_until_us = 0 WHERE id = $1 AND attempts = $4"
                             " AND status = 'running' AND lease_until_us < $3"};
// Back to the queue at an orderly stop; the claim does not count as an attempt.
constexpr store::Sql kHandBack{"catalog.hand_back_import",
                               "UPDATE catalog_imports SET status = 'queued', lease_until_us = 0,"
                               " attempts = attempts - 1, updated_at_us = $2"
                               " WHERE id = $1 AND status = 'running' AND attempts = $3"};
constexpr store::Sql kDeleteFile{"catalog.delete_import_file", "DELETE FROM catalog_import_files WHERE import_id = $1"};
constexpr store::Sql kPurgeFiles{"catalog.purge_import_files",
                                 "DELETE FROM catalog_import_files WHERE import_id IN (SELECT id FROM catalog_imports"
                                 " WHERE status IN ('succeeded', 'failed') AND created_at_us < $1)"};
constexpr store::Sql kPurgeImports{"catalog.purge_imports",
                                   "DELETE FROM catalog_imports WHERE status IN ('succeeded', 'failed')"
                                   " AND created_at_us < $1"};

// The merchant's whole catalog in five statements (an export, or the products an import changes).
constexpr store::Sql kAllProducts{
    "catalog.all_products",
    "SELECT id, category_id, title_ko, title_en, description, brand, attributes, vat, status, version,"
    " created_at_us, updated_at_us FROM catalog_products WHERE merchant_id = $1 ORDER BY created_at_us, id"};
constexpr store::Sql kAllVariants{"catalog.all_variants",
                                  "SELECT id, product_id, sku, barcode, options, weight_g, base_price_won"
                                  " FROM catalog_variants WHERE merchant_id = $1 ORDER BY product_id, position"};
constexpr store::Sql kAllPrices{
    "catalog.all_variant_prices",
    "SELECT p.variant_id, p.channel, p.min_quantity, p.unit_price_won FROM catalog_variant_prices p"
    " JOIN catalog_variants v ON v.id = p.variant_id WHERE v.merchant_id = $1"
    " ORDER BY p.variant_id, p.channel, p.min_quantity"};
constexpr store::Sql kAllSales{
    "catalog.all_sale_prices",
    "SELECT s.variant_id, s.channel, s.unit_price_won, s.starts_at_us, s.ends_at_us FROM catalog_sale_prices s"
    " JOIN catalog_variants v ON v.id = s.variant_id WHERE v.merchant_id = $1 ORDER BY s.variant_id, s.position"};
constexpr store::Sql kAllImages{
    "catalog.all_product_images",
    "SELECT i.product_id, i.hash, i.media_type, i.width, i.height, i.alt FROM catalog_product_images i"
    " JOIN catalog_products p ON p.id = i.product_id WHERE p.merchant_id = $1 ORDER BY i.product_id, i.position"};

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::int64_t kQueueRetryAfterSeconds = 10;
// Errors gathered before sorting; past this the rest only count as truncated.
constexpr std::size_t kMaxGatheredErrors = 200'000;

core::Error FileError(std::string reason, std::string code, std::string message) {
    return core::Error::Invalid(std::move(reason), message, {{"file", std::move(code), message}});
}

std::optional<ImportStatus> ParseImportStatus(std::string_view name) {
    for (ImportStatus s :
         {ImportStatus::kQueued, ImportStatus::kRunning, ImportStatus::kSucceeded, ImportStatus::kFailed}) {
        if (ImportStatusName(s) == name) return s;
    }
    return std::nullopt;
}

std::string ErrorsJson(const std::vector<ImportError>& errors) {
    json::array out;
    for (const auto& e : errors) {
        out.push_back(json::object{{"line", e.line}, {"field", e.field}, {"code", e.code}, {"message", e.message}});
    }
    return core::ToJson(out);
}

std::vector<ImportError> ErrorsFromJson(std::string_view text) {
    std::vector<ImportError> out;
    auto parsed = core::ParseJson(text);
    if (!parsed.ok() || !parsed->is_array()) return out;
    for (const auto& item : parsed->get_array()) {
        if (!item.is_object()) continue;
        const json::object& o = item.get_object();
        auto text_of = [&o](std::string_view key) {
            auto it = o.find(key);
            return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
        };
        auto line = o.find("line");
        out.push_back({.line = line != o.end() && line->value().is_int64() ? line->value().get_int64() : 0,
                       .field = text_of("field"),
                       .code = text_of("code"),
                       .message = text_of("message")});
    }
    return out;
}

Import ImportFromRow(const store::RowView& r) {
    Import job;
    job.id = ImportId(r.Int(0));
    job.merchant_id = platform::MerchantId(r.Int(1));
    job.status = ParseImportStatus(r.TextView(2)).value_or(ImportStatus::kFailed);
    job.dry_run = r.Bool(3);
    job.encoding = r.TextView(4) == "cp949" ? core::TextEncoding::kCp949 : core::TextEncoding::kUtf8;
    job.total_rows = r.Int(5);
    job.processed_rows = r.Int(6);
    job.created = r.Int(7);
    job.updated = r.Int(8);
    job.errors = ErrorsFromJson(r.TextView(9));
    job.errors_truncated = r.Bool(10);
    if (!r.IsNull(11)) job.created_by_user = platform::UserId(r.Int(11));
    if (!r.IsNull(12)) job.created_by_key = platform::ApiKeyId(r.Int(12));
    job.created_at = core::FromUnixMicros(r.Int(13));
    if (!r.IsNull(14)) job.finished_at = core::FromUnixMicros(r.Int(14));
    job.warnings = ErrorsFromJson(r.TextView(15));
    return job;
}

// The merchant's products with everything the file shows and an import keeps.
struct Catalog {
    std::vector<Product> products;                         // oldest first
    std::unordered_map<std::int64_t, std::size_t> by_id;   // product key → index
    std::unordered_map<std::string, ProductId> sku_owner;  // SKU → its product
};

core::Result<Catalog> LoadCatalog(store::Db& db, platform::MerchantId merchant) {
    return db.Read([&](store::Tx& tx) -> core::Result<Catalog> {
        Catalog c;
        JANGTEO_TRY(store::Rows products, tx.Query(kAllProducts, {merchant.key()}));
        JANGTEO_TRY(store::Rows variants, tx.Query(kAllVariants, {merchant.key()}));
        JANGTEO_TRY(store::Rows prices, tx.Query(kAllPrices, {merchant.key()}));
        JANGTEO_TRY(store::Rows sales, tx.Query(kAllSales, {merchant.key()}));
        JANGTEO_TRY(store::Rows images, tx.Query(kAllImages, {merchant.key()}));
        c.products.reserve(products.size());
        for (std::size_t i = 0; i < products.size(); ++i) {
            const store::RowView r = products[i];
            Product& p = c.products.emplace_back();
            p.id = ProductId(r.Int(0));
            p.merchant_id = merchant;
            p.category = CategoryId(r.Int(1));
            p.title_ko = r.Text(2);
            p.title_en = r.Text(3);
            p.description = r.Text(4);
            p.brand = r.Text(5);
            if (auto a = core::ParseJsonObject(r.TextView(6)); a.ok()) p.attributes = std::move(*a);
            p.vat = r.TextView(7) == "exempt" ? VatMode::kExempt : VatMode::kTaxable;
            p.status = ParseProductStatus(r.TextView(8)).value_or(ProductStatus::kDraft);
            p.version = r.Int(9);
            p.created_at = core::FromUnixMicros(r.Int(10));
            p.updated_at = core::FromUnixMicros(r.Int(11));
            c.by_id.emplace(p.id.key(), i);
        }
        // Variant key → (product index, variant index). Rows of products made after the first
        // statement read (another request, meanwhile) have no product here and are left out.
        std::unordered_map<std::int64_t, std::pair<std::size_t, std::size_t>> variant_at;
        for (std::size_t i = 0; i < variants.size(); ++i) {
            const store::RowView v = variants[i];
            auto owner = c.by_id.find(v.Int(1));
            if (owner == c.by_id.end()) continue;
            Product& p = c.products[owner->second];
            Variant& out = p.variants.emplace_back();
            out.id = VariantId(v.Int(0));
            out.sku = v.Text(2);
            out.barcode = v.OptText(3);
            if (auto o = core::ParseJsonObject(v.TextView(4)); o.ok()) out.options = std::move(*o);
            out.weight_grams = v.OptInt(5);
            out.pricing.base = core::Money::Won(v.Int(6));
            out.pricing.vat = p.vat;
            variant_at.emplace(out.id.key(), std::make_pair(owner->second, p.variants.size() - 1));
            c.sku_owner.emplace(out.sku, p.id);
        }
        for (std::size_t i = 0; i < prices.size(); ++i) {
            const store::RowView r = prices[i];
            auto at = variant_at.find(r.Int(0));
            if (at == variant_at.end()) continue;
            Variant& v = c.products[at->second.first].variants[at->second.second];
            SalesChannel channel = ParseSalesChannel(r.TextView(1)).value_or(SalesChannel::kOnline);
            std::int64_t min = r.Int(2);
            core::Money unit = core::Money::Won(r.Int(3));
            if (channel == SalesChannel::kBusiness && min > 1) {
                v.pricing.tiers.push_back({min, unit});
            } else {
                v.pricing.channel_prices.push_back({channel, unit});
            }
        }
        for (std::size_t i = 0; i < sales.size(); ++i) {
            const store::RowView r = sales[i];
            auto at = variant_at.find(r.Int(0));
            if (at == variant_at.end()) continue;
            SalePrice s{.unit = core::Money::Won(r.Int(2)),
                        .starts = core::FromUnixMicros(r.Int(3)),
                        .ends = core::FromUnixMicros(r.Int(4))};
            if (!r.IsNull(1)) s.channel = ParseSalesChannel(r.TextView(1));
            c.products[at->second.first].variants[at->second.second].pricing.sales.push_back(s);
        }
        for (std::size_t i = 0; i < images.size(); ++i) {
            const store::RowView r = images[i];
            auto owner = c.by_id.find(r.Int(0));
            if (owner == c.by_id.end()) continue;
            c.products[owner->second].images.push_back(
                {.hash = r.Text(1), .media_type = r.Text(2), .width = r.Int(3), .height = r.Int(4), .alt = r.Text(5)});
        }
        return c;
    });
}

VariantInput VariantInputOf(const Variant& v) {
    return VariantInput{.sku = v.sku,
                        .barcode = v.barcode.value_or(""),
                        .options = v.options,
                        .weight_grams = v.weight_grams,
                        .base_price_won = v.pricing.base.won(),
                        .channel_prices = v.pricing.channel_prices,
                        .tiers = v.pricing.tiers,
                        .sales = v.pricing.sales};
}

ProductInput InputOf(const Product& p) {
    ProductInput in{.category = p.category,
                    .title_ko = p.title_ko,
                    .title_en = p.title_en,
                    .description = p.description,
                    .brand = p.brand,
                    .attributes = json::value(p.attributes),
                    .vat = p.vat};
    for (const auto& image : p.images) in.images.push_back({.hash = image.hash, .alt = image.alt});
    for (const auto& v : p.variants) in.variants.push_back(VariantInputOf(v));
    return in;
}

bool SameSales(const std::vector<SalePrice>& a, const std::vector<SalePrice>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].unit != b[i].unit || a[i].starts != b[i].starts || a[i].ends != b[i].ends ||
            a[i].channel != b[i].channel) {
            return false;
        }
    }
    return true;
}

std::vector<std::pair<SalesChannel, std::int64_t>> ChannelKey(const std::vector<ChannelPrice>& prices) {
    std::vector<std::pair<SalesChannel, std::int64_t>> out;
    for (const auto& c : prices) out.emplace_back(c.channel, c.unit.won());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> TierKey(const std::vector<VolumeTier>& tiers) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (const auto& t : tiers) out.emplace_back(t.min_quantity, t.unit.won());
    std::sort(out.begin(), out.end());
    return out;
}

// Whether an import's input would leave the product as it is.
bool SameInput(const ProductInput& a, const ProductInput& b) {
    if (a.category != b.category || a.title_ko != b.title_ko || a.title_en != b.title_en ||
        a.description != b.description || a.brand != b.brand || a.vat != b.vat || a.attributes != b.attributes ||
        a.images.size() != b.images.size() || a.variants.size() != b.variants.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.images.size(); ++i) {
        if (a.images[i].hash != b.images[i].hash || a.images[i].alt != b.images[i].alt) return false;
    }
    for (std::size_t i = 0; i < a.variants.size(); ++i) {
        const VariantInput& x = a.variants[i];
        const VariantInput& y = b.variants[i];
        if (x.sku != y.sku || x.barcode != y.barcode || x.options != y.options || x.weight_grams != y.weight_grams ||
            x.base_price_won != y.base_price_won || ChannelKey(x.channel_prices) != ChannelKey(y.channel_prices) ||
            TierKey(x.tiers) != TierKey(y.tiers) || !SameSales(x.sales, y.sales)) {
            return false;
        }
    }
    return true;
}

std::string_view TrimAscii(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "8.80123E+12": what Excel makes of a barcode in a column not formatted as text.
bool IsScientific(std::string_view s) {
    auto e = s.find_first_of("eE");
    if (e == std::string_view::npos || e == 0 || e + 1 >= s.size()) return false;
    std::string_view mantissa = s.substr(0, e), exponent = s.substr(e + 1);
    if (exponent.front() == '+' || exponent.front() == '-') exponent.remove_prefix(1);
    auto digits_or_dot = [](std::string_view t) {
        return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    };
    return digits_or_dot(mantissa) && digits_or_dot(exponent);
}

std::string_view ChannelColumn(SalesChannel channel) {
    switch (channel) {
        case SalesChannel::kOnline: return "online_price_won";
        case SalesChannel::kShop: return "shop_price_won";
        case SalesChannel::kBusiness: return "business_price_won";
    }
    return "online_price_won";
}

// Every problem of a file, each once per line and column, sorted by line and then column.
class Problems {
public:
    explicit Problems(std::unordered_map<std::string, int> positions) : positions_(std::move(positions)) {}

    void Add(std::int64_t line, std::string field, std::string code, std::string message) {
        ++added_;
        if (!seen_.emplace(line, field).second) return;
        if (entries_.size() >= kMaxGatheredErrors) {
            overflow_ = true;
            return;
        }
        auto at = positions_.find(field);
        int position = at == positions_.end() ? 1'000'000 : at->second;
        entries_.push_back({{line, std::move(field), std::move(code), std::move(message)}, position});
    }
    bool empty() const { return entries_.empty(); }
    // Every Add so far, repeats included: a part of the file had problems when this grew over it.
    std::size_t added() const { return added_; }

    std::vector<ImportError> Take(std::size_t max, bool& truncated) {
        std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
            return a.error.line != b.error.line ? a.error.line < b.error.line : a.position < b.position;
        });
        truncated = overflow_ || entries_.size() > max;
        std::vector<ImportError> out;
        for (std::size_t i = 0; i < entries_.size() && i < max; ++i) out.push_back(std::move(entries_[i].error));
        return out;
    }

private:
    struct Entry {
        ImportError error;
        int position;
    };
    std::unordered_map<std::string, int> positions_;
    std::set<std::pair<std::int64_t, std::string>> seen_;
    std::vector<Entry> entries_;
    bool overflow_ = false;
    std::size_t added_ = 0;
};

// What the apply does with one product of the file.
struct Plan {
    enum class Kind { kCreate, kUpdate, kStatusOnly, kNone };
    Kind kind = Kind::kNone;
    std::int64_t first_line = 0;
    std::vector<std::int64_t> lines;  // of each variant's row
    ProductInput input;
    std::optional<ProductId> id;
    std::int64_t version = 0;
    std::optional<ProductStatus> status;  // a status to set after the write
};

// Where a field error of the product service points in the file.
std::pair<std::int64_t, std::string> Locate(const Plan& plan, std::string_view field) {
    if (field.starts_with("variants[")) {
        std::size_t close = field.find(']');
        std::size_t i = 0;
        for (std::size_t k = 9; k < close && k < field.size(); ++k)
            i = i * 10 + static_cast<std::size_t>(field[k] - '0');
        std::int64_t line = i < plan.lines.size() ? plan.lines[i] : plan.first_line;
        std::string_view rest = close == std::string_view::npos ? std::string_view() : field.substr(close + 1);
        if (rest.starts_with('.')) rest.remove_prefix(1);
        if (rest.starts_with("channel_prices[")) {
            std::size_t j = 0;
            for (std::size_t k = 15; k < rest.size() && rest[k] != ']'; ++k)
                j = j * 10 + static_cast<std::size_t>(rest[k] - '0');
            const auto& prices =
                i < plan.input.variants.size() ? plan.input.variants[i].channel_prices : std::vector<ChannelPrice>{};
            return {line, std::string(j < prices.size() ? ChannelColumn(prices[j].channel) : "online_price_won")};
        }
        if (rest.starts_with("sales")) {
            if (rest.ends_with("starts_at")) return {line, "sale_starts_at"};
            if (rest.ends_with("ends_at")) return {line, "sale_ends_at"};
            return {line, "sale_price_won"};
        }
        if (rest.starts_with("tiers")) return {line, "tiers"};
        return {line, std::string(rest.empty() ? "sku" : rest)};
    }
    if (field == "variants") return {plan.first_line, "sku"};
    if (field == "category_id") return {plan.first_line, "category_code"};
    if (field.starts_with("attributes.")) return {plan.first_line, "attr:" + std::string(field.substr(11))};
    if (field == "attributes") return {plan.first_line, "attr:"};
    if (field.starts_with("images")) return {plan.first_line, "images"};
    return {plan.first_line, std::string(field)};
}

void AddServiceErrors(Problems& problems, const Plan& plan, const core::Error& error) {
    if (error.fields.empty()) {
        problems.Add(plan.first_line, plan.id ? "product_id" : "sku", error.reason, error.message);
        return;
    }
    for (const auto& f : error.fields) {
        auto [line, column] = Locate(plan, f.field);
        problems.Add(line, std::move(column), f.code, f.message);
    }
}

// Reads the rows of a file into plans, checking every one.
class Planner {
public:
    Planner(const CsvTable& table, const ProductHeader& header, const CategoryTree& tree, const Catalog& catalog,
            ProductService& products, Problems& problems, const ParityPolicies& policies, core::TimePoint now,
            Problems& warnings)
        : table_(table),
          header_(header),
          tree_(tree),
          catalog_(catalog),
          products_(products),
          problems_(problems),
          policies_(policies),
          now_(now),
          warnings_(warnings) {}

    struct Group {
        std::string id_cell;
        std::vector<std::size_t> rows;
    };

    // The rows of one product: those with the same product_id, or else the same product_ref; a row
    // with neither is a product of its own. In the order of each group's first row.
    std::vector<Group> Groups() const {
        std::vector<Group> groups;
        std::unordered_map<std::string, std::size_t> by_key;
        for (std::size_t i = 0; i < table_.rows.size(); ++i) {
            std::string id(Cell(table_.rows[i], ProductColumn::kProductId));
            std::string ref(Cell(table_.rows[i], ProductColumn::kProductRef));
            std::string key = !id.empty() ? "id:" + id : !ref.empty() ? "ref:" + ref : "row:" + std::to_string(i);
            auto [it, made] = by_key.emplace(key, groups.size());
            if (made) groups.push_back({id, {}});
            groups[it->second].rows.push_back(i);
        }
        return groups;
    }

    // The plan of one product; nullopt when its rows have problems (recorded).
    std::optional<Plan> Make(const Group& group) {
        const CsvRecord& first = table_.rows[group.rows.front()];
        Plan plan;
        plan.first_line = first.line;
        const Product* current = nullptr;
        if (!group.id_cell.empty()) {
            auto id = ProductId::Parse(group.id_cell);
            auto it = id.ok() ? catalog_.by_id.find(id->key()) : catalog_.by_id.end();
            if (it == catalog_.by_id.end()) {
                problems_.Add(first.line, "product_id", "product_not_found", "no product of this merchant has this id");
                return std::nullopt;
            }
            current = &catalog_.products[it->second];
            plan.id = current->id;
            plan.version = current->version;
        }
        const std::size_t errors_before = Count();
        ProductInput in = current ? InputOf(*current) : ProductInput{};
        if (header_.Has(ProductColumn::kCategoryCode)) {
            std::string_view code = Cell(first, ProductColumn::kCategoryCode);
            if (code.empty()) {
                problems_.Add(first.line, "category_code", "required", "is required");
            } else if (const Category* c = tree_.FindByCode(code)) {
                in.category = c->id;
            } else {
                problems_.Add(first.line, "category_code", "unknown_category",
                              "is not the code of a category of the portal");
                in.category = CategoryId();
            }
        }
        auto text = [&](ProductColumn column, std::string& out) {
            if (header_.Has(column)) out = std::string(Cell(first, column));
        };
        text(ProductColumn::kTitleKo, in.title_ko);
        text(ProductColumn::kTitleEn, in.title_en);
        text(ProductColumn::kBrand, in.brand);
        text(ProductColumn::kDescription, in.description);
        if (header_.Has(ProductColumn::kVat)) {
            std::string_view vat = Cell(first, ProductColumn::kVat);
            if (!vat.empty()) {
                if (auto v = ParseVatCell(vat, "vat"); v.ok()) {
                    in.vat = *v;
                } else {
                    Report(first.line, v.error());
                }
            }
        }
        std::optional<ProductStatus> status;
        if (header_.Has(ProductColumn::kStatus)) {
            std::string_view s = Cell(first, ProductColumn::kStatus);
            if (!s.empty()) {
                if (auto parsed = ParseStatusCell(s, "status"); parsed.ok()) {
                    status = *parsed;
                } else {
                    Report(first.line, parsed.error());
                }
            }
        }
        ReadAttributes(first, current, in);
        CheckSameOnEveryRow(group);
        ReadVariants(group, current, in, plan);

        // Status: new products start as drafts; the rule of SetStatus applies.
        ProductStatus from = current ? current->status : ProductStatus::kDraft;
        if (status && *status != from) {
            if (!ProductService::StatusChangeAllowed(from, *status)) {
                problems_.Add(first.line, "status", "invalid_transition",
                              "a product cannot go from " + std::string(ProductStatusName(from)) + " to " +
                                  std::string(ProductStatusName(*status)));
            } else {
                plan.status = status;
            }
        }
        plan.input = std::move(in);
        if (auto checked = products_.Check(tree_, plan.input); !checked.ok()) {
            AddServiceErrors(problems_, plan, checked.error());
        }
        CheckSkus(group, plan, current);
        const bool changes = !current || !SameInput(plan.input, InputOf(*current));
        if (changes && Count() == errors_before) CheckParity(plan);
        if (Count() != errors_before) return std::nullopt;
        if (!current) {
            plan.kind = Plan::Kind::kCreate;
        } else if (changes) {
            plan.kind = Plan::Kind::kUpdate;
        } else {
            plan.kind = plan.status ? Plan::Kind::kStatusOnly : Plan::Kind::kNone;
        }
        return plan;
    }

    std::size_t Count() const { return problems_.added(); }

private:
    // A cell of a row with its spreadsheet protection undone, trimmed; "" for a column the file lacks.
    std::string_view Cell(const CsvRecord& row, ProductColumn column) const {
        int at = header_.At(column);
        if (at < 0) return {};
        return TrimCell(row[static_cast<std::size_t>(at)]);
    }
    static std::string_view TrimCell(std::string_view cell) {
        std::string_view s = UnprotectCsvText(TrimAscii(cell));
        return TrimAscii(s);
    }

    void Report(std::int64_t line, const core::Error& error) {
        for (const auto& f : error.fields) problems_.Add(line, f.field, f.code, f.message);
    }
    void Add(std::int64_t line, std::string field, std::string code, std::string message) {
        problems_.Add(line, std::move(field), std::move(code), std::move(message));
    }

    void ReadAttributes(const CsvRecord& first, const Product* current, ProductInput& in) {
        std::vector<EffectiveAttribute> declared = tree_.Attributes(in.category);
        auto def_of = [&declared](std::string_view code) -> const AttributeDef* {
            for (const auto& a : declared) {
                if (a.def->code == code) return a.def;
            }
            return nullptr;
        };
        json::object values;
        if (current) {
            // Values of codes the (new) category no longer declares go: the file cannot show them.
            for (const auto& kv : current->attributes) {
                if (def_of(kv.key())) values[kv.key()] = kv.value();
            }
        }
        for (const auto& [code, position] : header_.attributes) {
            std::string_view cell = TrimCell(first[static_cast<std::size_t>(position)]);
            if (cell.empty()) {
                values.erase(code);
                continue;
            }
            const AttributeDef* def = def_of(code);
            values[code] = def ? AttributeFromCell(*def, cell) : json::value(std::string(cell));
        }
        in.attributes = std::move(values);
    }

    // A product's own columns on its later rows: blank, or the same as on its first row.
    void CheckSameOnEveryRow(const Group& group) {
        const CsvRecord& first = table_.rows[group.rows.front()];
        for (std::size_t k = 1; k < group.rows.size(); ++k) {
            const CsvRecord& row = table_.rows[group.rows[k]];
            for (std::size_t c = 0; c < header_.cells.size(); ++c) {
                const HeaderCell& cell = header_.cells[c];
                if (!ColumnSpec(cell.column).per_product || cell.column == ProductColumn::kProductId ||
                    cell.column == ProductColumn::kProductRef) {
                    continue;
                }
                std::string_view value = TrimCell(row[c]);
                if (!value.empty() && value != TrimCell(first[c])) {
                    Add(row.line, ColumnName(cell), "conflicting_value",
                        "differs from line " + std::to_string(first.line) +
                            ", the product's first row (leave it blank or write the same)");
                }
            }
        }
    }

    void ReadVariants(const Group& group, const Product* current, ProductInput& in, Plan& plan) {
        std::unordered_map<std::string_view, const Variant*> old;
        if (current) {
            for (const auto& v : current->variants) old.emplace(v.sku, &v);
        }
        in.variants.clear();
        for (std::size_t row_index : group.rows) {
            const CsvRecord& row = table_.rows[row_index];
            std::string_view sku = Cell(row, ProductColumn::kSku);
            auto was = old.find(sku);
            const Variant* before = was == old.end() ? nullptr : was->second;
            VariantInput v = before ? VariantInputOf(*before) : VariantInput{};
            v.sku = std::string(sku);
            if (sku.empty()) Add(row.line, "sku", "required", "is required");
            if (header_.Has(ProductColumn::kBarcode)) {
                std::string_view barcode = Cell(row, ProductColumn::kBarcode);
                if (IsScientific(barcode)) {
                    Add(row.line, "barcode", "scientific_notation",
                        "the spreadsheet turned the barcode into a number like 8.80123E+12: format the column as "
                        "text and type the barcode again");
                }
                v.barcode = std::string(barcode);
            }
            if (header_.Has(ProductColumn::kOptions)) {
                if (auto o = ParseOptionsCell(Cell(row, ProductColumn::kOptions), "options"); o.ok()) {
                    v.options = std::move(*o);
                } else {
                    Report(row.line, o.error());
                }
            }
            if (header_.Has(ProductColumn::kWeightGrams)) {
                std::string_view w = Cell(row, ProductColumn::kWeightGrams);
                v.weight_grams.reset();
                if (!w.empty()) {
                    if (auto g = ParseGramsCell(w, "weight_grams"); g.ok()) {
                        v.weight_grams = *g;
                    } else {
                        Report(row.line, g.error());
                    }
                }
            }
            if (header_.Has(ProductColumn::kBasePrice)) {
                if (auto won = ParseWonCell(Cell(row, ProductColumn::kBasePrice), "base_price_won"); won.ok()) {
                    v.base_price_won = *won;
                } else {
                    Report(row.line, won.error());
                }
            } else if (!before) {
                Add(row.line, "base_price_won", "required",
                    "a new variant needs its base price: add the base_price_won column");
            }
            for (auto [column, channel] : {std::pair{ProductColumn::kOnlinePrice, SalesChannel::kOnline},
                                           std::pair{ProductColumn::kShopPrice, SalesChannel::kShop},
                                           std::pair{ProductColumn::kBusinessPrice, SalesChannel::kBusiness}}) {
                if (!header_.Has(column)) continue;
                std::erase_if(v.channel_prices, [channel](const ChannelPrice& c) { return c.channel == channel; });
                std::string_view cell = Cell(row, column);
                if (cell.empty()) continue;
                if (auto won = ParseWonCell(cell, ColumnSpec(column).name); won.ok()) {
                    v.channel_prices.push_back({channel, core::Money::Won(*won)});
                } else {
                    Report(row.line, won.error());
                }
            }
            ReadSale(row, v);
            in.variants.push_back(std::move(v));
            plan.lines.push_back(row.line);
        }
    }

    // The one sale a row shows (for every channel). The same as one the variant has: its sales stay
    // as they are. Blank: its sales for every channel go. Another: it replaces them. Sales of one
    // channel, which the file does not show, always stay.
    void ReadSale(const CsvRecord& row, VariantInput& v) {
        if (!header_.Has(ProductColumn::kSalePrice) && !header_.Has(ProductColumn::kSaleStartsAt) &&
            !header_.Has(ProductColumn::kSaleEndsAt)) {
            return;
        }
        std::string_view price = Cell(row, ProductColumn::kSalePrice);
        std::string_view starts = Cell(row, ProductColumn::kSaleStartsAt);
        std::string_view ends = Cell(row, ProductColumn::kSaleEndsAt);
        std::vector<SalePrice> kept;
        for (const auto& s : v.sales) {
            if (s.channel) kept.push_back(s);
        }
        if (price.empty() && starts.empty() && ends.empty()) {
            v.sales = std::move(kept);
            return;
        }
        bool ok = true;
        SalePrice sale;
        auto need = [&](std::string_view cell, std::string_view field) {
            if (!cell.empty()) return true;
            Add(row.line, std::string(field), "required", "a sale needs its price, start and end");
            ok = false;
            return false;
        };
        if (need(price, "sale_price_won")) {
            if (auto won = ParseWonCell(price, "sale_price_won"); won.ok()) {
                sale.unit = core::Money::Won(*won);
            } else {
                Report(row.line, won.error());
                ok = false;
            }
        }
        if (need(starts, "sale_starts_at")) {
            if (auto t = ParseTimeCell(starts, "sale_starts_at"); t.ok()) {
                sale.starts = *t;
            } else {
                Report(row.line, t.error());
                ok = false;
            }
        }
        if (need(ends, "sale_ends_at")) {
            if (auto t = ParseTimeCell(ends, "sale_ends_at"); t.ok()) {
                sale.ends = *t;
            } else {
                Report(row.line, t.error());
                ok = false;
            }
        }
        if (!ok) return;
        bool known = std::any_of(v.sales.begin(), v.sales.end(), [&sale](const SalePrice& s) {
            return !s.channel && s.unit == sale.unit && s.starts == sale.starts && s.ends == sale.ends;
        });
        if (known) return;
        kept.push_back(sale);
        v.sales = std::move(kept);
    }

    // The prices of a product the file creates or changes, as the save will judge them: a breach of a
    // "refuse" policy is an error of the row of its variant, one of a "warn" policy a warning.
    void CheckParity(const Plan& plan) {
        if (!policies_.Any()) return;
        for (std::size_t i = 0; i < plan.input.variants.size(); ++i) {
            const VariantInput& in = plan.input.variants[i];
            VariantPricing pricing{.base = core::Money::Won(in.base_price_won),
                                   .channel_prices = in.channel_prices,
                                   .tiers = in.tiers,
                                   .sales = in.sales,
                                   .vat = plan.input.vat};
            for (const ParityBreach& b : BreachesFrom(policies_, pricing, now_)) {
                core::FieldError e = ParityFieldError(ParityField(i, b), b, now_);
                auto [line, column] = Locate(plan, e.field);
                Problems& to = b.policy.enforcement == ParityEnforcement::kRefuse ? problems_ : warnings_;
                to.Add(line, std::move(column), std::move(e.code), std::move(e.message));
            }
        }
    }

    // SKUs once in the file, and not another product's in the store.
    void CheckSkus(const Group& group, const Plan& plan, const Product* current) {
        for (std::size_t k = 0; k < plan.input.variants.size(); ++k) {
            const std::string& sku = plan.input.variants[k].sku;
            if (sku.empty()) continue;
            std::int64_t line = plan.lines[k];
            auto [it, inserted] = file_skus_.emplace(sku, std::make_pair(&group, line));
            if (!inserted && it->second.first != &group) {
                Add(line, "sku", "duplicate_sku", "is also on line " + std::to_string(it->second.second));
                continue;
            }
            auto owner = catalog_.sku_owner.find(sku);
            if (owner != catalog_.sku_owner.end() && (!current || owner->second != current->id)) {
                Add(line, "sku", "sku_taken",
                    "is the SKU of another product of this merchant (" + owner->second.ToString() +
                        "); to move a SKU between products, free it in one import and use it in the next");
            }
        }
    }

    const CsvTable& table_;
    const ProductHeader& header_;
    const CategoryTree& tree_;
    const Catalog& catalog_;
    ProductService& products_;
    Problems& problems_;
    const ParityPolicies& policies_;
    const core::TimePoint now_;
    Problems& warnings_;
    std::unordered_map<std::string, std::pair<const Group*, std::int64_t>> file_skus_;
};

}  // namespace

std::string_view ImportStatusName(ImportStatus status) {
    switch (status) {
        case ImportStatus::kQueued: return "queued";
        case ImportStatus::kRunning: return "running";
        case ImportStatus::kSucceeded: return "succeeded";
        case ImportStatus::kFailed: return "failed";
    }
    return "failed";
}

struct ImportService::Claim {
    ImportId id;
    platform::MerchantId merchant;
    std::int64_t token = 0;  // the attempts count this claim set; later writes compare it
};

ImportService::ImportService(store::Db& db, core::Clock& clock, core::Random& random, CategoryService& categories,
                             ProductService& products, ImportOptions options)
    : db_(db), clock_(clock), random_(random), categories_(categories), products_(products), options_(options) {}

ImportService::~ImportService() {
    Stop();
}

core::Result<Import> ImportService::Submit(platform::MerchantId merchant, const ImportRequest& request,
                                           const ImportActor& actor) {
    if (request.bytes.empty()) return FileError("empty_file", "empty_file", "the file is empty");
    if (request.bytes.size() > options_.max_bytes) {
        return FileError("file_too_large", "file_too_large",
                         "the file is larger than " + std::to_string(options_.max_bytes) + " bytes");
    }
    auto decoded = request.encoding ? core::DecodeKoreanText(request.bytes, *request.encoding)
                                    : core::DecodeKoreanText(request.bytes);
    if (!decoded.ok()) return FileError("undecodable_text", "undecodable_text", decoded.error().message);
    const std::size_t rows = CountCsvRecords(decoded->utf8, options_.max_rows);
    if (rows == 0) return FileError("no_rows", "no_rows", "the file has no rows below its header");
    if (rows > options_.max_rows) {
        return FileError(
            "too_many_rows", "too_many_rows",
            "the file has more than " + std::to_string(options_.max_rows) + " rows; split it into several files");
    }
    Import job;
    job.id = ImportId::New(random_);
    job.merchant_id = merchant;
    job.status = ImportStatus::kQueued;
    job.dry_run = request.dry_run;
    job.encoding = decoded->encoding;
    job.total_rows = static_cast<std::int64_t>(rows);
    job.created_at = clock_.Now();
    job.created_by_user = actor.user;
    job.created_by_key = actor.key;
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows pending, tx.Query(kCountPending, {merchant.key()}));
        if (pending[0].Int(0) >= options_.max_pending_per_merchant || pending[0].Int(1) >= options_.max_pending_total) {
            core::Error e = core::Error::ResourceExhausted(
                "import_queue_full", pending[0].Int(0) >= options_.max_pending_per_merchant
                                         ? "this merchant's earlier imports are still waiting; try again shortly"
                                         : "the server is busy with other imports; try again shortly");
            e.retry_after_seconds = kQueueRetryAfterSeconds;
            return e;
        }
        store::Value user = actor.user ? store::Value(actor.user->key()) : store::Value(nullptr);
        store::Value key = actor.key ? store::Value(actor.key->key()) : store::Value(nullptr);
        JANGTEO_TRY_STATUS(
            tx.Exec(kInsertImport, {job.id.key(), merchant.key(), job.dry_run, core::TextEncodingName(job.encoding),
                                    job.total_rows, user, key, core::ToUnixMicros(job.created_at)}));
        JANGTEO_TRY_STATUS(tx.Exec(kInsertFile, {job.id.key(), merchant.key(), std::string_view(decoded->utf8)}));
        return {};
    }));
    core::log::Info("import_queued", {{"import", job.id.ToString()},
                                      {"merchant", merchant.ToString()},
                                      {"rows", job.total_rows},
                                      {"dry_run", job.dry_run}});
    Wake();
    return job;
}

core::Result<Import> ImportService::Get(platform::MerchantId merchant, ImportId id) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kGetImport, {id.key(), merchant.key()});
    }));
    if (rows.empty()) return core::Error::NotFound("import_not_found", "no such import");
    return ImportFromRow(rows[0]);
}

core::Result<ExportFile> ImportService::Export(platform::MerchantId merchant, core::TextEncoding encoding) {
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories_.Tree());
    JANGTEO_TRY(Catalog catalog, LoadCatalog(db_, merchant));
    const core::TimePoint now = clock_.Now();
    std::string csv = RenderProductCsv(catalog.products, *tree, now);
    std::string day = core::FormatRfc3339(now + std::chrono::hours(9));  // Korea's date
    ExportFile file{.name = "products-" + merchant.ToString() + "-" + day.substr(0, 4) + day.substr(5, 2) +
                            day.substr(8, 2) + ".csv"};
    if (encoding == core::TextEncoding::kUtf8) {
        file.bytes = std::string(kByteOrderMark) + csv;
        return file;
    }
    auto encoded = core::EncodeCp949(csv);
    if (!encoded.ok()) {
        core::Error e = std::move(encoded).error();
        e.fields = {{"encoding", "unencodable_text", e.message + "; export as UTF-8"}};
        return e;
    }
    file.bytes = std::move(*encoded);
    return file;
}

core::Result<std::string> ImportService::Template(core::TextEncoding encoding) {
    std::string csv = RenderTemplateCsv();
    if (encoding == core::TextEncoding::kUtf8) return std::string(kByteOrderMark) + csv;
    return core::EncodeCp949(csv);
}

void ImportService::Start() {
    std::lock_guard lock(mu_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this] { Loop(); });
}

void ImportService::Stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    stop_requested_ = true;
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ImportService::Wake() {
    {
        std::lock_guard lock(mu_);
        woken_ = true;
    }
    cv_.notify_all();
}

void ImportService::Loop() {
    while (true) {
        {
            std::lock_guard lock(mu_);
            if (stopping_) return;
            woken_ = false;
        }
        auto ran = RunOnce();
        if (!ran.ok()) {
            core::log::Warn("import_round_failed", {{"reason", ran.error().reason}, {"cause", ran.error().message}});
        }
        if (ran.ok() && *ran) continue;  // there may be more
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
        if (stopping_) return;
    }
}

core::Result<bool> ImportService::RunOnce() {
    // A few rounds: another server may win the race for the job found.
    for (int round = 0; round < 5; ++round) {
        if (stop_requested_) return false;
        const core::TimePoint now = clock_.Now();
        const std::int64_t now_us = core::ToUnixMicros(now);
        JANGTEO_TRY(store::Rows next, db_.Read([&](store::Tx& tx) { return tx.Query(kNextJob, {now_us}); }));
        if (next.empty()) return false;
        ImportId id(next[0].Int(0));
        platform::MerchantId merchant(next[0].Int(1));
        const bool orphaned = next[0].TextView(2) == "running";
        const std::int64_t attempts = next[0].Int(3);
        if (orphaned && attempts >= options_.max_attempts) {
            std::string errors = ErrorsJson({{.line = 0,
                                              .field = "file",
                                              .code = "interrupted",
                                              .message = "the import was interrupted " + std::to_string(attempts) +
                                                         " times; nothing was applied: upload the file again"}});
            JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
                JANGTEO_TRY(std::int64_t n, tx.Exec(kGiveUp, {id.key(), std::string_view(errors), now_us, attempts}));
                if (n == 1) JANGTEO_TRY_STATUS(tx.Exec(kDeleteFile, {id.key()}));
                return {};
            }));
            core::log::Warn("import_interrupted", {{"import", id.ToString()}, {"attempts", attempts}});
            return true;
        }
        JANGTEO_TRY(std::int64_t claimed, db_.Write([&](store::Tx& tx) {
            return tx.Exec(kClaim, {id.key(), core::ToUnixMicros(now + options_.lease), now_us, attempts});
        }));
        if (claimed != 1) continue;
        Claim claim{.id = id, .merchant = merchant, .token = attempts + 1};
        if (orphaned) core::log::Warn("import_reclaimed", {{"import", id.ToString()}, {"attempt", claim.token}});
        auto st = Run(claim);
        if (!st.ok()) {
            core::log::Error("import_failed",
                             {{"import", id.ToString()}, {"reason", st.error().reason}, {"cause", st.error().message}});
            // Recorded if the store lets us; otherwise the claim runs out and the job is tried again.
            (void)Finish(
                claim, ImportStatus::kFailed, 0, 0, 0,
                {{.line = 0,
                  .field = "file",
                  .code = "import_failed",
                  .message = "the import could not be completed (" + st.error().message + "); nothing was applied"}},
                false);
        }
        return true;
    }
    return false;
}

core::Status ImportService::Finish(const Claim& claim, ImportStatus status, std::int64_t processed,
                                   std::int64_t created, std::int64_t updated, const std::vector<ImportError>& errors,
                                   bool truncated, const std::vector<ImportError>& warnings) {
    std::string errors_json = ErrorsJson(errors);
    std::string warnings_json = ErrorsJson(warnings);
    const std::int64_t now_us = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t n, tx.Exec(kFinish, {claim.id.key(), ImportStatusName(status), processed, created,
                                                      updated, std::string_view(errors_json), truncated, now_us,
                                                      claim.token, std::string_view(warnings_json)}));
        if (n != 1) return {};  // another server holds the job now
        JANGTEO_TRY_STATUS(tx.Exec(kDeleteFile, {claim.id.key()}));
        return {};
    });
}

core::Status ImportService::Run(const Claim& claim) {
    JANGTEO_TRY(store::Rows file, db_.Read([&](store::Tx& tx) { return tx.Query(kJobFile, {claim.id.key()}); }));
    if (file.empty()) {
        return Finish(claim, ImportStatus::kFailed, 0, 0, 0,
                      {{.line = 0, .field = "file", .code = "file_missing", .message = "the uploaded file is gone"}},
                      false);
    }
    const bool dry_run = file[0].Bool(0);
    const std::string content = file[0].Text(2);
    file = store::Rows();
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories_.Tree());

    CsvTable table = ReadCsvTable(content, {.max_fields = kProductColumnCount + kMaxAttributeColumns + 20});
    auto header = ReadProductHeader(table.header);
    std::unordered_map<std::string, int> positions;
    if (header.ok()) {
        for (std::size_t i = 0; i < header->cells.size(); ++i)
            positions.emplace(ColumnName(header->cells[i]), static_cast<int>(i));
    }
    positions.emplace("row", -1);
    positions.emplace("file", -2);
    Problems problems(positions);
    Problems warned(std::move(positions));
    // Taken once, when the rows have all been read.
    std::optional<std::vector<ImportError>> taken_warnings;
    auto warnings = [&]() -> const std::vector<ImportError>& {
        if (!taken_warnings) {
            bool truncated = false;
            taken_warnings = warned.Take(options_.max_errors, truncated);
        }
        return *taken_warnings;
    };
    auto fail = [&](std::int64_t processed) -> core::Status {
        bool truncated = false;
        std::vector<ImportError> errors = problems.Take(options_.max_errors, truncated);
        core::log::Info("import_done", {{"import", claim.id.ToString()},
                                        {"status", "failed"},
                                        {"errors", static_cast<std::int64_t>(errors.size())}});
        return Finish(claim, ImportStatus::kFailed, processed, 0, 0, errors, truncated, warnings());
    };
    if (!header.ok()) {
        for (const auto& f : header.error().fields) problems.Add(table.header_line, f.field, f.code, f.message);
        return fail(0);
    }
    // Adding products needs these columns; a file of changes to existing products may leave them out.
    bool adds = !header->Has(ProductColumn::kProductId);
    for (std::size_t i = 0; i < table.rows.size() && !adds && header->Has(ProductColumn::kProductId); ++i) {
        adds = TrimAscii(table.rows[i][static_cast<std::size_t>(header->At(ProductColumn::kProductId))]).empty();
    }
    if (adds) {
        for (ProductColumn c : {ProductColumn::kCategoryCode, ProductColumn::kTitleKo, ProductColumn::kBasePrice}) {
            if (!header->Has(c)) {
                problems.Add(table.header_line, std::string(ColumnSpec(c).name), "missing_column",
                             "rows without a product_id add products, which need this column");
            }
        }
        if (!problems.empty()) return fail(0);
    }
    for (const auto& bad : table.bad) {
        problems.Add(bad.line, "row", bad.problem->code, bad.problem->message);
    }

    JANGTEO_TRY(Catalog catalog, LoadCatalog(db_, claim.merchant));
    JANGTEO_TRY(ParityPolicies policies,
                db_.Read([&](store::Tx& tx) { return PricePolicyService::GetInTx(tx, claim.merchant); }));
    Planner planner(table, *header, *tree, catalog, products_, problems, policies, clock_.Now(), warned);
    std::vector<Plan> plans;
    std::int64_t processed = std::count_if(table.bad.begin(), table.bad.end(),
                                           [&table](const CsvRecord& r) { return r.line != table.header_line; });
    std::int64_t reported = 0;
    std::int64_t created = 0, updated = 0;
    for (const auto& group : planner.Groups()) {
        if (stop_requested_) {
            // Handed back whole: the next claim reads the file from the start.
            const std::int64_t now_us = core::ToUnixMicros(clock_.Now());
            JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
                JANGTEO_TRY_STATUS(tx.Exec(kHandBack, {claim.id.key(), now_us, claim.token}));
                return {};
            }));
            core::log::Info("import_handed_back", {{"import", claim.id.ToString()}});
            return {};
        }
        if (auto plan = planner.Make(group)) {
            if (plan->kind == Plan::Kind::kCreate) ++created;
            if (plan->kind == Plan::Kind::kUpdate || plan->kind == Plan::Kind::kStatusOnly) ++updated;
            if (plan->kind != Plan::Kind::kNone) plans.push_back(std::move(*plan));
        }
        processed += static_cast<std::int64_t>(group.rows.size());
        if (processed - reported >= static_cast<std::int64_t>(options_.progress_every)) {
            reported = processed;
            const core::TimePoint now = clock_.Now();
            JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
                JANGTEO_TRY_STATUS(
                    tx.Exec(kProgress, {claim.id.key(), processed, core::ToUnixMicros(now + options_.lease),
                                        core::ToUnixMicros(now), claim.token}));
                return {};
            }));
        }
    }
    if (!problems.empty()) return fail(processed);
    if (dry_run) {
        core::log::Info("import_done", {{"import", claim.id.ToString()},
                                        {"status", "succeeded"},
                                        {"dry_run", true},
                                        {"created", created},
                                        {"updated", updated}});
        return Finish(claim, ImportStatus::kSucceeded, processed, created, updated, {}, false, warnings());
    }

    // The apply: one transaction, with the job's success in it.
    {
        const core::TimePoint now = clock_.Now();
        JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY_STATUS(tx.Exec(kExtendLease, {claim.id.key(), core::ToUnixMicros(now + options_.apply_lease),
                                                      core::ToUnixMicros(now), claim.token}));
            return {};
        }));
    }
    if (before_apply_) before_apply_();
    const std::string warnings_json = ErrorsJson(warnings());
    std::optional<std::size_t> failed_at;
    auto applied = db_.Write([&](store::Tx& tx) -> core::Status {
        failed_at.reset();
        for (std::size_t i = 0; i < plans.size(); ++i) {
            const Plan& p = plans[i];
            failed_at = i;
            switch (p.kind) {
                case Plan::Kind::kCreate:
                    JANGTEO_TRY_STATUS(products_.CreateInTx(tx, *tree, claim.merchant, p.input,
                                                            p.status.value_or(ProductStatus::kDraft)));
                    break;
                case Plan::Kind::kUpdate: {
                    JANGTEO_TRY(Product changed,
                                products_.UpdateInTx(tx, *tree, claim.merchant, *p.id, p.input, p.version));
                    if (p.status) {
                        JANGTEO_TRY_STATUS(
                            products_.SetStatusInTx(tx, claim.merchant, changed.id, *p.status, changed.version));
                    }
                    break;
                }
                case Plan::Kind::kStatusOnly:
                    JANGTEO_TRY_STATUS(products_.SetStatusInTx(tx, claim.merchant, *p.id, *p.status, p.version));
                    break;
                case Plan::Kind::kNone: break;
            }
        }
        failed_at.reset();
        const std::int64_t now_us = core::ToUnixMicros(clock_.Now());
        JANGTEO_TRY(std::int64_t n, tx.Exec(kFinish, {claim.id.key(), ImportStatusName(ImportStatus::kSucceeded),
                                                      processed, created, updated, std::string_view("[]"), false,
                                                      now_us, claim.token, std::string_view(warnings_json)}));
        if (n != 1) return core::Error::Conflict("import_taken_over", "another server took the import over");
        JANGTEO_TRY_STATUS(tx.Exec(kDeleteFile, {claim.id.key()}));
        return {};
    });
    if (applied.ok()) {
        if (created + updated > 0) products_.NotifyChanged();
        core::log::Info(
            "import_done",
            {{"import", claim.id.ToString()}, {"status", "succeeded"}, {"created", created}, {"updated", updated}});
        return {};
    }
    const core::Error& error = applied.error();
    if (!failed_at) return applied;  // the job's own row: the store failed, or another server has it
    const Plan& p = plans[*failed_at];
    switch (error.code) {
        case core::ErrorCode::kInvalidArgument:
        case core::ErrorCode::kAlreadyExists:
        case core::ErrorCode::kConflict:
        case core::ErrorCode::kFailedPrecondition:
        case core::ErrorCode::kNotFound:
            if (error.reason == "version_changed") {
                problems.Add(p.first_line, "product_id", "version_changed",
                             "the product was changed while the import ran; nothing was applied: run the import again");
            } else {
                AddServiceErrors(problems, p, error);
            }
            return fail(processed);
        default: return applied;
    }
}

core::Result<std::int64_t> ImportService::PurgeFinishedBefore(core::TimePoint before) {
    const std::int64_t before_us = core::ToUnixMicros(before);
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        JANGTEO_TRY_STATUS(tx.Exec(kPurgeFiles, {before_us}));
        return tx.Exec(kPurgeImports, {before_us});
    });
}

}  // namespace jangteo::catalog
