#include "flows/demo_stock.hpp"

#include <map>
#include <string>
#include <vector>

#include "catalog/demo_products.hpp"
#include "catalog/sellable.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "inventory/location.hpp"
#include "inventory/stock.hpp"
#include "platform/merchant.hpp"

namespace jangteo::flows {

namespace {

constexpr store::Sql kCountLocations{"flows.demo_count_locations", "SELECT count(*) FROM inventory_locations"};

// The first three digits of the postal codes of Busan's districts (the 2015 codes), so that a demo
// shop's address looks like one of its district; other regions' districts get a neutral code.
std::string PostalCodeIn(std::string_view district, core::Random& random) {
    static const std::map<std::string_view, std::string_view> kPrefix = {
        {"26110", "489"}, {"26140", "492"}, {"26170", "487"}, {"26200", "490"}, {"26230", "472"}, {"26260", "478"},
        {"26290", "484"}, {"26320", "466"}, {"26350", "480"}, {"26380", "493"}, {"26410", "462"}, {"26440", "467"},
        {"26470", "475"}, {"26500", "482"}, {"26530", "469"}, {"26710", "460"}};
    auto it = kPrefix.find(district);
    std::string prefix = it == kPrefix.end() ? "000" : std::string(it->second);
    int tail = static_cast<int>(random.NextU64() % 100);
    return prefix + (tail < 10 ? "0" : "") + std::to_string(tail);
}

// A whole number from `lo` to `hi`.
std::int64_t Between(core::Random& random, std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(random.NextU64() % static_cast<std::uint64_t>(hi - lo + 1));
}

}  // namespace

core::Result<DemoStockSummary> SeedDemoStock(store::Db& db, const platform::Region& region, std::uint64_t seed) {
    DemoStockSummary out;
    JANGTEO_TRY(store::Rows existing, db.Read([](store::Tx& tx) { return tx.Query(kCountLocations); }));
    out.existing = existing[0].Int(0);
    if (out.existing > 0) return out;

    core::ManualClock clock(core::FromUnixMicros(catalog::kDemoProductsNowUs));
    core::SeededRandom random(seed ^ 0x5eedu);
    platform::MerchantService merchants(db, clock, random, region);
    inventory::LocationService locations(db, clock, random, region);
    inventory::StockService stock(db, clock, random);
    JANGTEO_TRY(std::vector<platform::Merchant> all, merchants.ChangedSince(core::TimePoint{}, 100'000));

    for (std::size_t m = 0; m < all.size(); ++m) {
        const platform::Merchant& merchant = all[m];
        if (merchant.status != platform::MerchantStatus::kApproved) continue;
        inventory::LocationInput shop{.kind = inventory::LocationKind::kShop,
                                      .name_ko = merchant.name_ko + " 본점",
                                      .name_en = merchant.name_en.empty() ? "" : merchant.name_en + " main shop",
                                      .district_code = merchant.district_code,
                                      .postal_code = PostalCodeIn(merchant.district_code, random),
                                      .road_address = merchant.address,
                                      .phone = merchant.phone,
                                      .pickup = true};
        for (int day = 0; day < 6; ++day) shop.hours[day] = inventory::DayHours{"10:00", "20:00"};
        shop.territory.districts.push_back(merchant.district_code);
        for (std::size_t d = 0; d + 1 < region.districts.size(); ++d) {
            if (region.districts[d].code == merchant.district_code) {
                shop.territory.districts.push_back(region.districts[d + 1].code);
            }
        }
        JANGTEO_TRY(inventory::Location made_shop, locations.Create(merchant.id, shop));
        ++out.shops;
        std::optional<inventory::Location> depot;
        if (m % 4 == 0) {
            inventory::LocationInput w{
                .kind = inventory::LocationKind::kWarehouse,
                .name_ko = merchant.name_ko + " 물류창고",
                .name_en = merchant.name_en.empty() ? "" : merchant.name_en + " warehouse",
                .district_code = "26440",
                .postal_code = PostalCodeIn("26440", random),
                .road_address = "부산 강서구 녹산산업중로 " + std::to_string(Between(random, 1, 300))};
            if (!region.Find(w.district_code)) {
                w.district_code = merchant.district_code;
                w.postal_code = shop.postal_code;
            }
            JANGTEO_TRY(depot, locations.Create(merchant.id, w));
            ++out.warehouses;
        }
        // Every variant of the merchant, by SKU, in one transaction per merchant (counted after it
        // commits: a transaction may run again).
        int sold_out = 0;
        std::vector<inventory::Adjustment> receipts;
        JANGTEO_TRY_STATUS(db.Write([&](store::Tx& tx) -> core::Status {
            receipts.clear();
            sold_out = 0;
            std::string after;
            for (;;) {
                JANGTEO_TRY(std::vector<catalog::SellableVariant> page,
                            catalog::MerchantVariantsInTx(tx, merchant.id, "", after, 200));
                if (page.empty()) break;
                for (const auto& v : page) {
                    std::int64_t roll = Between(random, 0, 99);
                    std::int64_t at_shop = roll < 8 ? 0 : roll < 20 ? Between(random, 1, 3) : Between(random, 5, 60);
                    if (at_shop == 0) ++sold_out;
                    if (at_shop > 0) {
                        receipts.push_back({made_shop.id, v.id.key(), at_shop, inventory::Reason::kReceipt,
                                            "데모 입고 / demo receipt"});
                    }
                    if (depot && at_shop > 0 && roll % 2 == 0) {
                        receipts.push_back({depot->id, v.id.key(), Between(random, 20, 200),
                                            inventory::Reason::kReceipt, "데모 입고 / demo receipt"});
                    }
                }
                after = page.back().sku;
                if (page.size() < 200) break;
            }
            for (std::size_t i = 0; i < receipts.size(); i += inventory::kMaxLinesPerRequest) {
                std::size_t end = std::min(receipts.size(), i + inventory::kMaxLinesPerRequest);
                std::vector<inventory::Adjustment> part(receipts.begin() + static_cast<std::ptrdiff_t>(i),
                                                        receipts.begin() + static_cast<std::ptrdiff_t>(end));
                JANGTEO_TRY(std::vector<inventory::StockLevel> levels,
                            stock.AdjustInTx(tx, merchant.id, part, inventory::Actor::System()));
                (void)levels;
            }
            return {};
        }));
        out.sold_out += sold_out;
        for (const auto& r : receipts) {
            out.units += r.delta;
            ++out.stocked_variants;
        }
    }
    out.seeded = true;
    return out;
}

}  // namespace jangteo::flows
