// The demo's shared category tree: the industries of the region's small businesses (food and
// fishery, farming supplies, fashion and shoes, beauty, health, living and furniture, machinery and
// parts, printing, electronics, services, sports, children, pets, books and office), each with its
// subcategories and for some a third level, in Korean and English, with attribute definitions that
// fit the trade (food requires the country of origin, 원산지, as Korean law does; clothes and shoes
// have sizes, appliances a voltage, printing a number of sheets). `jangteo seed --demo` builds it after
// the demo region (platform/demo_seed.hpp), through CategoryService as the operator admin would.
//
//   JANGTEO_TRY(catalog::DemoCategoriesSummary made, catalog::SeedDemoCategories(db, admin_id, seed));
//   if (!made.seeded) { /* the tree already had made.existing categories: nothing was changed */ }
//
// The same seed gives the same tree, ids and times included (ids from a core::SeededRandom of its
// own, times from a core::ManualClock that starts on the demo's first day); the codes never depend
// on the seed, so links and imports that name categories by code work on every demo database.
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "platform/demo_seed.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::catalog {

struct DemoCategoriesSummary {
    // False when the tree already had categories (the operator's own, or an earlier seeding): then
    // nothing was written and only `existing` is filled.
    bool seeded = false;
    std::int64_t existing = 0;

    int categories = 0;  // every category made
    int roots = 0;       // top-level ones
    int attributes = 0;  // attribute definitions declared, over the whole tree
};

// Builds the tree in an empty one, as `admin` (an operator admin: the audit events name them). The
// store must be migrated. A failure part-way leaves what was made so far, which a second run then
// reports as existing categories.
core::Result<DemoCategoriesSummary> SeedDemoCategories(store::Db& db, platform::UserId admin,
                                                       std::uint64_t seed = platform::kDefaultDemoSeed);

}  // namespace jangteo::catalog
