// The portal's product search index: every active product of every approved merchant, held in the
// memory of each server, rebuilt from the store at start-up and fed by catalog changes (the catalog
// module does that wiring). It answers one search box in Korean and English, with filters, facets,
// sorts, pages and highlights (docs/search.md has the design and the measured figures):
//
//   search::Index index;
//   auto added = index.Upsert({.id = 42, .merchant_id = 7, .district = "haeundae", .category_path = {1, 10, 101},
//                              .title_ko = "국내산 순살고등어구이 500g", .title_en = "Korean boneless mackerel",
//                              .codes = {"MK-500", "8801234567893"}, .min_price_won = 12900,
//                              .max_price_won = 12900, .created_at_us = now_us});
//   auto found = index.Search({.text = "고등어 mack", .category_id = 10, .sort = search::Sort::kRelevance,
//                              .limit = 20, .facets = search::kFacetCategory | search::kFacetPrice});
//   if (found.ok()) for (const auto& hit : found->hits) { /* hit.id, hit.score, hit.highlights */ }
//
// Matching: every query piece must match (AND). A run of Hangul syllables matches as a substring of
// any field (고등어 finds 순살고등어구이); an ASCII word matches a whole word of any field, the
// last word also as a prefix (mack finds mackerel), and a word of 5+ letters also with one typo
// (mackrel finds mackerel). A query equal to one of a product's SKUs or barcodes finds it too.
// Relevance: exact word > prefix or part of a word > typo, each more in a title than in the brand
// or other text; a code match above all; ties by newest.
//
// Concurrency: any number of threads may call Search at once, together with Upsert and Remove from
// other threads. Readers share a lock that prefers writers, and a writer holds it only to edit
// the posting lists of one product (it cuts the text before taking it), so a reader waits at most
// for one such edit and a writer at most for the searches already running.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace jangteo::search {

// Limits of what one product may bring; Upsert refuses more.
inline constexpr std::size_t kMaxCategoryDepth = 8;
inline constexpr std::size_t kMaxTitleBytes = 400;
inline constexpr std::size_t kMaxBrandBytes = 200;
inline constexpr std::size_t kMaxTextBytes = 4000;
inline constexpr std::size_t kMaxCodes = 64;
inline constexpr std::size_t kMaxCodeBytes = 64;

// Limits of a query; Search refuses more (the portal answers 422).
inline constexpr int kMaxLimit = 100;
inline constexpr int kMaxOffset = 10'000;
inline constexpr std::size_t kMaxQueryBytes = 200;
inline constexpr std::size_t kMaxQueryPieces = 10;
// Facet lists are cut to their largest values.
inline constexpr std::size_t kMaxFacetValues = 100;

// One product as search sees it.
struct Document {
    std::int64_t id = 0;                      // the product's key
    std::int64_t merchant_id = 0;             // the merchant's key
    std::string district;                     // the merchant's district code
    std::vector<std::int64_t> category_path;  // category keys from the root to the product's category
    std::string title_ko;
    std::string title_en;
    std::string brand;
    std::string text;                // other searchable text: keywords, attribute values (short)
    std::vector<std::string> codes;  // SKUs and barcodes of its variants, matched exactly (ASCII case aside)
    std::int64_t min_price_won = 0;  // the lowest and highest price of its variants
    std::int64_t max_price_won = 0;
    std::int64_t created_at_us = 0;
    bool in_stock = true;  // kept for the inventory facet to come
};

enum class Sort {
    kRelevance,  // by score, then newest; without text, newest
    kPriceAsc,   // by lowest price, then newest
    kPriceDesc,  // by lowest price, highest first, then newest
    kNewest,
};

// Facets to count, or-ed together in Query::facets.
inline constexpr unsigned kFacetCategory = 1;
inline constexpr unsigned kFacetMerchant = 2;
inline constexpr unsigned kFacetDistrict = 4;
inline constexpr unsigned kFacetPrice = 8;

struct Query {
    std::string text;                         // empty: every product that passes the filters (a category page)
    std::optional<std::int64_t> category_id;  // the category or any below it
    std::optional<std::int64_t> merchant_id;
    std::optional<std::string> district;
    std::optional<std::int64_t> min_price_won;  // a product passes when its lowest price is in [min, max]
    std::optional<std::int64_t> max_price_won;
    Sort sort = Sort::kRelevance;
    int offset = 0;
    int limit = 20;
    unsigned facets = 0;
};

enum class Field : std::uint8_t { kTitleKo, kTitleEn };

// A byte range [begin, end) of a title that matched the query.
struct Span {
    Field field;
    std::uint32_t begin;
    std::uint32_t end;
    bool operator==(const Span&) const = default;
};

struct Hit {
    std::int64_t id;
    std::int32_t score;            // 0 unless the query has text
    std::vector<Span> highlights;  // sorted by field and begin, never overlapping
};

struct CategoryCount {
    std::int64_t category_id;
    std::int64_t parent_id;  // 0 for a root
    std::uint32_t count;
};
struct MerchantCount {
    std::int64_t merchant_id;
    std::uint32_t count;
};
struct DistrictCount {
    std::string district;
    std::uint32_t count;
};
// Products whose lowest price is in [min_won, max_won); max_won is 0 for the open last bucket.
struct PriceBucketCount {
    std::int64_t min_won;
    std::int64_t max_won;
    std::uint32_t count;
};

struct SearchResult {
    std::uint32_t total = 0;  // every hit, not only this page
    std::vector<Hit> hits;
    // Each facet in order of count (largest first), cut to kMaxFacetValues. Categories count every
    // hit under them, so a parent comes before its children.
    std::vector<CategoryCount> categories;
    std::vector<MerchantCount> merchants;
    std::vector<DistrictCount> districts;
    std::vector<PriceBucketCount> prices;  // every bucket in order of price, empty ones too
};

// The price buckets of the price facet, by lowest price in won.
inline constexpr std::int64_t kPriceBucketBounds[] = {0, 10'000, 30'000, 50'000, 100'000, 300'000, 1'000'000};

class Index {
public:
    Index();
    ~Index();
    Index(const Index&) = delete;
    Index& operator=(const Index&) = delete;

    // Adds the product, or replaces the one with its id. Refuses a document that breaks a limit
    // above (kInvalidArgument, with the field), and then the index is as it was.
    core::Result<void> Upsert(const Document& doc);
    // Removes the product; false when the index does not hold it.
    bool Remove(std::int64_t id);
    std::size_t Size() const;

    // Refuses a limit outside 1..kMaxLimit, an offset outside 0..kMaxOffset, a text longer than
    // kMaxQueryBytes or of more than kMaxQueryPieces pieces, a negative price or min > max
    // (kInvalidArgument, with the field).
    core::Result<SearchResult> Search(const Query& query) const;

private:
    struct State;
    mutable pthread_rwlock_t lock_;
    std::unique_ptr<State> state_;
};

}  // namespace jangteo::search
