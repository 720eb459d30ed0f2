#include "flows/stock.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace jangteo::flows {

namespace {

// The merchant's variants among `ids`, by key; another merchant's are as unknown.
core::Result<std::unordered_map<std::int64_t, catalog::SellableVariant>> MerchantVariants(
    store::Tx& tx, platform::MerchantId merchant, std::vector<catalog::VariantId> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    JANGTEO_TRY(std::vector<catalog::SellableVariant> found, catalog::SellableVariantsInTx(tx, ids));
    std::unordered_map<std::int64_t, catalog::SellableVariant> out;
    for (auto& v : found) {
        if (v.merchant == merchant) out.emplace(v.id.key(), std::move(v));
    }
    return out;
}

// The merchant's locations by key.
core::Result<std::unordered_map<std::int64_t, inventory::Location>> MerchantLocations(
    store::Tx& tx, inventory::LocationService& locations, platform::MerchantId merchant) {
    JANGTEO_TRY(std::vector<inventory::Location> all, locations.ListInTx(tx, merchant));
    std::unordered_map<std::int64_t, inventory::Location> out;
    for (auto& l : all) out.emplace(l.id.key(), std::move(l));
    return out;
}

void CheckLocation(const std::unordered_map<std::int64_t, inventory::Location>& locations, inventory::LocationId id,
                   const std::string& field, std::vector<core::FieldError>& errors) {
    auto it = locations.find(id.key());
    if (it == locations.end()) {
        errors.push_back({field, "unknown_location", "is not one of the merchant's locations"});
    } else if (!it->second.active) {
        errors.push_back({field, "inactive_location", "the location is closed"});
    }
}

}  // namespace

core::Result<std::vector<VariantStock>> StockFlows::WithLevels(store::Tx& tx, platform::MerchantId merchant,
                                                               std::vector<catalog::SellableVariant> variants) {
    std::vector<std::int64_t> keys;
    keys.reserve(variants.size());
    for (const auto& v : variants) keys.push_back(v.id.key());
    JANGTEO_TRY(std::vector<inventory::StockLevel> levels, stock_.LevelsInTx(tx, merchant, {.variant_keys = keys}));
    JANGTEO_TRY(std::vector<inventory::Location> locations, locations_.ListInTx(tx, merchant));
    std::unordered_map<std::int64_t, bool> active;
    for (const auto& l : locations) active[l.id.key()] = l.active;
    std::unordered_map<std::int64_t, std::vector<inventory::StockLevel>> by_variant;
    for (auto& level : levels) by_variant[level.variant_key].push_back(level);
    std::vector<VariantStock> out;
    out.reserve(variants.size());
    for (auto& v : variants) {
        VariantStock s{.id = v.id,
                       .product = v.product,
                       .sku = std::move(v.sku),
                       .title_ko = std::move(v.title_ko),
                       .title_en = std::move(v.title_en),
                       .options = std::move(v.options),
                       .status = v.status};
        if (auto it = by_variant.find(v.id.key()); it != by_variant.end()) s.levels = std::move(it->second);
        for (const auto& level : s.levels) {
            s.on_hand += level.on_hand;
            if (active[level.location.key()]) s.available_online += level.available();
        }
        out.push_back(std::move(s));
    }
    return out;
}

core::Result<std::vector<VariantStock>> StockFlows::Adjust(platform::MerchantId merchant,
                                                           const std::vector<AdjustmentInput>& adjustments,
                                                           const inventory::Actor& actor) {
    if (adjustments.empty() || adjustments.size() > inventory::kMaxLinesPerRequest) {
        return core::Error::Invalid("invalid_adjustment", "give 1 to 500 adjustments",
                                    {{"adjustments", "count", "give 1 to 500 adjustments"}});
    }
    return db_.Write([&](store::Tx& tx) -> core::Result<std::vector<VariantStock>> {
        std::vector<catalog::VariantId> ids;
        for (const auto& a : adjustments) ids.push_back(a.variant);
        JANGTEO_TRY(auto variants, MerchantVariants(tx, merchant, ids));
        JANGTEO_TRY(auto locations, MerchantLocations(tx, locations_, merchant));
        std::vector<core::FieldError> errors;
        std::vector<inventory::Adjustment> moves;
        for (std::size_t i = 0; i < adjustments.size(); ++i) {
            const auto& a = adjustments[i];
            std::string field = "adjustments[" + std::to_string(i) + "]";
            if (!variants.contains(a.variant.key())) {
                errors.push_back({field + ".variant_id", "unknown_variant", "is not one of the merchant's variants"});
            }
            CheckLocation(locations, a.location, field + ".location_id", errors);
            moves.push_back({a.location, a.variant.key(), a.delta, a.reason, a.note});
        }
        if (!errors.empty()) {
            return core::Error::Invalid("invalid_adjustment", "the adjustments have invalid fields", std::move(errors));
        }
        JANGTEO_TRY(auto levels, stock_.AdjustInTx(tx, merchant, moves, actor));
        (void)levels;
        std::vector<catalog::SellableVariant> touched;
        for (auto& [key, v] : variants) touched.push_back(v);
        std::sort(touched.begin(), touched.end(), [](const auto& a, const auto& b) { return a.sku < b.sku; });
        return WithLevels(tx, merchant, std::move(touched));
    });
}

core::Result<inventory::CountId> StockFlows::Count(platform::MerchantId merchant, inventory::LocationId location,
                                                   const std::vector<CountInput>& lines, const std::string& note,
                                                   const inventory::Actor& actor) {
    if (lines.empty() || lines.size() > inventory::kMaxLinesPerRequest) {
        return core::Error::Invalid("invalid_count", "count 1 to 500 variants at a time",
                                    {{"lines", "count", "count 1 to 500 variants at a time"}});
    }
    return db_.Write([&](store::Tx& tx) -> core::Result<inventory::CountId> {
        std::vector<catalog::VariantId> ids;
        for (const auto& l : lines) ids.push_back(l.variant);
        JANGTEO_TRY(auto variants, MerchantVariants(tx, merchant, ids));
        JANGTEO_TRY(auto locations, MerchantLocations(tx, locations_, merchant));
        std::vector<core::FieldError> errors;
        CheckLocation(locations, location, "location_id", errors);
        std::vector<inventory::CountLine> counted;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (!variants.contains(lines[i].variant.key())) {
                errors.push_back({"lines[" + std::to_string(i) + "].variant_id", "unknown_variant",
                                  "is not one of the merchant's variants"});
            }
            counted.push_back({lines[i].variant.key(), lines[i].counted});
        }
        if (!errors.empty()) {
            return core::Error::Invalid("invalid_count", "the count has invalid fields", std::move(errors));
        }
        return stock_.CountInTx(tx, merchant, location, counted, note, actor);
    });
}

core::Status StockFlows::SetSafetyStock(platform::MerchantId merchant, inventory::LocationId location,
                                        catalog::VariantId variant, std::int64_t safety_stock) {
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(auto variants, MerchantVariants(tx, merchant, {variant}));
        JANGTEO_TRY(auto locations, MerchantLocations(tx, locations_, merchant));
        std::vector<core::FieldError> errors;
        if (variants.empty()) {
            errors.push_back({"variant_id", "unknown_variant", "is not one of the merchant's variants"});
        }
        CheckLocation(locations, location, "location_id", errors);
        if (!errors.empty()) {
            return core::Error::Invalid("invalid_safety_stock", "the safety stock has invalid fields",
                                        std::move(errors));
        }
        return stock_.SetSafetyStockInTx(tx, merchant, location, variant.key(), safety_stock);
    });
}

core::Result<inventory::Transfer> StockFlows::SendTransfer(platform::MerchantId merchant, inventory::LocationId from,
                                                           inventory::LocationId to,
                                                           const std::vector<TransferInput>& lines,
                                                           const std::string& note, const inventory::Actor& actor) {
    if (lines.empty() || lines.size() > inventory::kMaxLinesPerRequest) {
        return core::Error::Invalid("invalid_transfer", "send 1 to 500 variants at a time",
                                    {{"lines", "count", "send 1 to 500 variants at a time"}});
    }
    return db_.Write([&](store::Tx& tx) -> core::Result<inventory::Transfer> {
        std::vector<catalog::VariantId> ids;
        for (const auto& l : lines) ids.push_back(l.variant);
        JANGTEO_TRY(auto variants, MerchantVariants(tx, merchant, ids));
        JANGTEO_TRY(auto locations, MerchantLocations(tx, locations_, merchant));
        std::vector<core::FieldError> errors;
        CheckLocation(locations, from, "from_location_id", errors);
        CheckLocation(locations, to, "to_location_id", errors);
        std::vector<inventory::TransferLine> moved;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (!variants.contains(lines[i].variant.key())) {
                errors.push_back({"lines[" + std::to_string(i) + "].variant_id", "unknown_variant",
                                  "is not one of the merchant's variants"});
            }
            moved.push_back({lines[i].variant.key(), lines[i].quantity});
        }
        if (!errors.empty()) {
            return core::Error::Invalid("invalid_transfer", "the transfer has invalid fields", std::move(errors));
        }
        return stock_.SendTransferInTx(tx, merchant, from, to, moved, note, actor);
    });
}

core::Result<StockPage> StockFlows::List(platform::MerchantId merchant, const StockListQuery& query) {
    if (query.limit < 1 || query.limit > 200) {
        return core::Error::Invalid("bad_limit", "limit must be 1 to 200", {{"limit", "out_of_range", "1 to 200"}});
    }
    if (query.cursor && (query.cursor->empty() || query.cursor->size() > 64)) {
        return core::Error::Invalid("bad_cursor", "the cursor is not one a list gave",
                                    {{"cursor", "bad_cursor", "is not one a list gave"}});
    }
    return db_.Read([&](store::Tx& tx) -> core::Result<StockPage> {
        JANGTEO_TRY(
            std::vector<catalog::SellableVariant> variants,
            catalog::MerchantVariantsInTx(tx, merchant, query.text, query.cursor.value_or(""), query.limit + 1));
        StockPage page;
        if (variants.size() > static_cast<std::size_t>(query.limit)) {
            variants.resize(static_cast<std::size_t>(query.limit));
            page.next_cursor = variants.back().sku;
        }
        JANGTEO_TRY(page.items, WithLevels(tx, merchant, std::move(variants)));
        return page;
    });
}

core::Result<std::vector<VariantStock>> StockFlows::Of(platform::MerchantId merchant,
                                                       const std::vector<catalog::VariantId>& variants) {
    if (variants.size() > catalog::kMaxSellableLookup) {
        return core::Error::Invalid("too_many_variants", "at most 1,000 variants at once");
    }
    return db_.Read([&](store::Tx& tx) -> core::Result<std::vector<VariantStock>> {
        JANGTEO_TRY(std::vector<catalog::SellableVariant> found, catalog::SellableVariantsInTx(tx, variants));
        std::erase_if(found, [&](const auto& v) { return v.merchant != merchant; });
        return WithLevels(tx, merchant, std::move(found));
    });
}

core::Result<LedgerRows> StockFlows::Ledger(platform::MerchantId merchant, const inventory::LedgerQuery& query) {
    JANGTEO_TRY(inventory::LedgerPage page, stock_.Ledger(merchant, query));
    LedgerRows out;
    out.next_before = page.next_before;
    std::vector<catalog::VariantId> ids;
    for (const auto& m : page.items) ids.emplace_back(m.variant_key);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    JANGTEO_TRY(std::vector<catalog::SellableVariant> named,
                db_.Read([&](store::Tx& tx) { return catalog::SellableVariantsInTx(tx, ids); }));
    std::unordered_map<std::int64_t, const catalog::SellableVariant*> by_key;
    for (const auto& v : named) by_key.emplace(v.id.key(), &v);
    for (auto& m : page.items) {
        LedgerRow row{.movement = std::move(m)};
        if (auto it = by_key.find(row.movement.variant_key); it != by_key.end()) {
            row.sku = it->second->sku;
            row.title_ko = it->second->title_ko;
            row.title_en = it->second->title_en;
        }
        out.items.push_back(std::move(row));
    }
    return out;
}

core::Result<std::unordered_map<std::int64_t, StockFlows::Name>> StockFlows::Names(platform::MerchantId merchant,
                                                                                   std::vector<std::int64_t> keys) {
    std::vector<catalog::VariantId> ids;
    for (std::int64_t k : keys) ids.emplace_back(k);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > catalog::kMaxSellableLookup) ids.resize(catalog::kMaxSellableLookup);
    JANGTEO_TRY(std::vector<catalog::SellableVariant> found,
                db_.Read([&](store::Tx& tx) { return catalog::SellableVariantsInTx(tx, ids); }));
    std::unordered_map<std::int64_t, Name> out;
    for (auto& v : found) {
        if (v.merchant == merchant) out.emplace(v.id.key(), Name{v.sku, v.title_ko, v.title_en});
    }
    return out;
}

}  // namespace jangteo::flows
