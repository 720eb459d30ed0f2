// The demo's shops, warehouses and stock: every approved merchant of the demo region gets a shop in its
// district that hands out web orders (open 10:00–20:00, Sunday closed, serving its own and the next
// district), every fourth also a warehouse, and each of its variants a receipt of stock: most a few
// dozen units, some only a few, some none (sold out), so that the portal, the cart and the checkout
// have something true to show. `jangteo seed --demo` makes them after the products, through the same
// services a merchant's staff use, so every movement is in the ledger.
//
//   JANGTEO_TRY(flows::DemoStockSummary made, flows::SeedDemoStock(db, region, seed));
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "platform/region.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

struct DemoStockSummary {
    bool seeded = false;        // false when the store already had locations: nothing was written
    std::int64_t existing = 0;  // locations found then
    int shops = 0;
    int warehouses = 0;
    int stocked_variants = 0;  // variant × location rows with stock
    int sold_out = 0;          // variants with none anywhere
    std::int64_t units = 0;
};

core::Result<DemoStockSummary> SeedDemoStock(store::Db& db, const platform::Region& region, std::uint64_t seed);

}  // namespace jangteo::flows
