// The demo's products: every approved merchant of the demo region gets 3 to 12 products that fit its
// trade (a seafood shop sells 고등어, 갈치 and 멸치; a florist 꽃다발 and 화분; a print shop 명함 and
// 전단지; a café 원두 and 드립백), filed under the demo category tree (demo_categories.hpp) with every
// attribute its category requires, Korean titles with English beside them, a short Markdown
// description, variants with SKUs, some EAN-13 barcodes, prices in whole won (online prices, business
// volume tiers, sales running now or soon), and for most a picture: a soft colour gradient drawn in
// code, encoded as PNG and uploaded through ImageService as a merchant would. `jangteo seed --demo`
// makes them after the tree, through ProductService, so every product is validated as real input is.
//
//   JANGTEO_TRY(catalog::DemoProductsSummary made,
//               catalog::SeedDemoProducts(db, region, {.media_dir = settings.media_dir}, seed));
//   if (!made.seeded) { /* the merchants had made.existing products already: nothing was changed */ }
//
// The same seed gives the same products, ids, times and image files included (ids from a
// core::SeededRandom of its own, times from a core::ManualClock; the demo's "now" is kDemoProductsNow,
// the day the default seed is named for, and sales run or start around it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/media.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "platform/demo_seed.hpp"
#include "platform/region.hpp"
#include "store/db.hpp"

namespace jangteo::catalog {

// 2026-11-23T00:00:00Z (09:00 in Seoul): the demo catalogue's present. Products are listed before it
// (after their merchant's approval); of the sales, some run across it and some begin after it.
inline constexpr std::int64_t kDemoProductsNowUs = 1'795'392'000'000'000;

struct DemoProductsOptions {
    std::string media_dir = "./data/media";  // where ImageService stores the uploads (settings.media_dir)
    ImageLimits image_limits;
};

struct DemoProductsSummary {
    // False when the store already had products (an earlier seeding, or merchants' own): then nothing
    // was written and only `existing` is filled.
    bool seeded = false;
    std::int64_t existing = 0;

    int merchants = 0;  // approved merchants that got products
    int products = 0;   // every product made
    int variants = 0;   // over all products
    int active = 0;     // by final status
    int draft = 0;
    int archived = 0;
    int with_images = 0;   // products with a main image
    int images = 0;        // image files uploaded (distinct per merchant)
    int on_sale = 0;       // products with a sale running at kDemoProductsNowUs
    int sale_soon = 0;     // products with a sale that starts after it
    int with_tiers = 0;    // products with business volume tiers
    int with_barcode = 0;  // products with at least one EAN-13 barcode
    int skipped = 0;       // products whose category the tree lacks (an operator's own tree)
    // Attribute values of the demo's templates that the tree's definitions did not take (a changed
    // definition); 0 on the demo tree.
    int dropped_attributes = 0;
};

// Gives every approved merchant its products, unless the store has any product already. The
// region's districts name where a shop sends from in the descriptions. The store must be migrated
// and hold the demo region (platform::DemoSeeder) and a category tree; categories the tree lacks are
// skipped. Image files go to options.media_dir. A failure part-way leaves what was made so far
// (images, and the products of the batches committed), which a second run reports as existing.
core::Result<DemoProductsSummary> SeedDemoProducts(store::Db& db, const platform::Region& region,
                                                   const DemoProductsOptions& options,
                                                   std::uint64_t seed = platform::kDefaultDemoSeed);

// An RGB image (3 bytes a pixel, rows top to bottom) as a PNG file: 8-bit truecolour, each row
// Sub-filtered, in one zlib stream of fixed-Huffman deflate that codes runs of equal bytes as
// matches at distance 1 (so smooth pictures stay small without a compression library). `rgb` must
// hold width × height × 3 bytes; width and height are 1 to 16384.
std::string EncodePng(std::uint32_t width, std::uint32_t height, std::string_view rgb);

// The demo's product picture: width × height pixels, a soft vertical gradient of `hue` (degrees)
// with a rounder, deeper disc in the middle, as RGB for EncodePng.
std::string DemoPicture(std::uint32_t width, std::uint32_t height, int hue);

}  // namespace jangteo::catalog
