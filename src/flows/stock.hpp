// Stock use cases of the back office, over the catalog (whose variants) and inventory (where and how
// many): every change checks, in its transaction, that each variant is one of the merchant's products'
// and each location one of its active locations, then moves the stock. Reads join the two: the
// merchant's variants with their levels at every location, the ledger with the names of what moved.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/product.hpp"
#include "catalog/sellable.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "inventory/location.hpp"
#include "inventory/stock.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

struct AdjustmentInput {
    inventory::LocationId location;
    catalog::VariantId variant;
    std::int64_t delta = 0;
    inventory::Reason reason = inventory::Reason::kAdjustment;
    std::string note;
};

struct CountInput {
    catalog::VariantId variant;
    std::int64_t counted = 0;
};

struct TransferInput {
    catalog::VariantId variant;
    std::int64_t quantity = 0;
};

// A variant of the merchant with its stock at each location that has a row for it.
struct VariantStock {
    catalog::VariantId id;
    catalog::ProductId product;
    std::string sku;
    std::string title_ko;
    std::string title_en;
    core::json::object options;
    catalog::ProductStatus status = catalog::ProductStatus::kDraft;
    std::vector<inventory::StockLevel> levels;
    std::int64_t on_hand = 0;           // over all locations
    std::int64_t available_online = 0;  // over the active locations
};

struct StockListQuery {
    std::string text;  // part of a title or a SKU
    std::optional<std::string> cursor;
    int limit = 50;  // 1..200
};

struct StockPage {
    std::vector<VariantStock> items;  // by SKU
    std::optional<std::string> next_cursor;
};

// A ledger row with the variant's SKU and title.
struct LedgerRow {
    inventory::Movement movement;
    std::string sku;
    std::string title_ko;
    std::string title_en;
};

struct LedgerRows {
    std::vector<LedgerRow> items;
    std::optional<std::int64_t> next_before;
};

// Thread-safe: holds references only.
class StockFlows {
public:
    StockFlows(store::Db& db, inventory::LocationService& locations, inventory::StockService& stock)
        : db_(db), locations_(locations), stock_(stock) {}

    // Field errors name the request's fields: adjustments[i].variant_id (unknown_variant) and
    // .location_id (unknown_location, inactive_location), besides the inventory's own.
    core::Result<std::vector<VariantStock>> Adjust(platform::MerchantId merchant,
                                                   const std::vector<AdjustmentInput>& adjustments,
                                                   const inventory::Actor& actor);
    core::Result<inventory::CountId> Count(platform::MerchantId merchant, inventory::LocationId location,
                                           const std::vector<CountInput>& lines, const std::string& note,
                                           const inventory::Actor& actor);
    core::Status SetSafetyStock(platform::MerchantId merchant, inventory::LocationId location,
                                catalog::VariantId variant, std::int64_t safety_stock);
    core::Result<inventory::Transfer> SendTransfer(platform::MerchantId merchant, inventory::LocationId from,
                                                   inventory::LocationId to, const std::vector<TransferInput>& lines,
                                                   const std::string& note, const inventory::Actor& actor);

    // The merchant's variants (every status) by SKU, with their stock.
    core::Result<StockPage> List(platform::MerchantId merchant, const StockListQuery& query);
    // The given variants of the merchant with their stock (unknown or another merchant's: left out).
    core::Result<std::vector<VariantStock>> Of(platform::MerchantId merchant,
                                               const std::vector<catalog::VariantId>& variants);
    core::Result<LedgerRows> Ledger(platform::MerchantId merchant, const inventory::LedgerQuery& query);
    // SKU and titles of the merchant's variants among `keys`, to name the lines of transfers.
    struct Name {
        std::string sku;
        std::string title_ko;
        std::string title_en;
    };
    core::Result<std::unordered_map<std::int64_t, Name>> Names(platform::MerchantId merchant,
                                                               std::vector<std::int64_t> keys);

private:
    core::Result<std::vector<VariantStock>> WithLevels(store::Tx& tx, platform::MerchantId merchant,
                                                       std::vector<catalog::SellableVariant> variants);

    store::Db& db_;
    inventory::LocationService& locations_;
    inventory::StockService& stock_;
};

}  // namespace jangteo::flows
