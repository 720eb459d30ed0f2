// Word lists for synthetic portal catalogs, one entry per leaf category of the demo tree
// (src/catalog/demo_categories.cpp): the kinds of goods sold there in Korean and English, the words
// that come before them (순살, 유기농, 방수 …), the units that follow (500g, 10kg, 200매 …), how the
// variants of one product differ, a price range in won and a share of the catalog. The lists of
// the search benchmark's generator (bench/search/catalog.cpp) are here, filed under the demo
// tree's categories, and extended to every leaf of it.
//
//   for (const bench::portal::LeafWords& leaf : bench::portal::Leaves()) { /* leaf.code == "food_seafood_fish" … */ }
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace jangteo::bench::portal {

// A word in Korean and its English form (printable ASCII).
struct Word {
    std::string_view ko;
    std::string_view en;
};

// How the variants of one product differ.
enum class Axis {
    kWeight,   // 중량: 500g, 1kg, 2kg (and the variant's weight)
    kCount,    // 구성: 1개, 2개 세트, 3개 세트
    kClothes,  // 사이즈 S–XL × 색상
    kKids,     // 사이즈 100–140
    kShoes,    // 사이즈 230–280 (mm)
    kVolume,   // 용량: 50ml, 100ml, 200ml
    kSheets,   // 수량: 200매, 500매, 1000매
    kColour,   // 색상
    kSpec,     // 규격: M8, M10, M12
    kSession,  // 시간: 1회, 2회 (services)
};

struct LeafWords {
    std::string_view code;  // the demo tree's category code
    int weight;             // share of the catalog, relative to the other leaves
    Axis axis;
    std::int64_t min_won;  // base prices fall in [min_won, max_won], log-uniform
    std::int64_t max_won;
    std::span<const Word> kinds;      // what is sold: 고등어 / mackerel
    std::span<const Word> qualities;  // before the kind, sometimes joined to it in Korean (순살고등어)
    std::span<const Word> units;      // after it: 500g, 10kg, 200매 / 200 sheets; may be empty
};

// Every leaf category of the demo tree that has word lists, in the tree's order.
std::span<const LeafWords> Leaves();

// Places that food titles may start with (기장, 통영, 제주 …): they also make the origin 국내산(…).
std::span<const Word> FoodOrigins();

// Words that merchant names of a shop kind (a category code, e.g. "food_seafood") are made of.
std::span<const Word> ShopWords(std::string_view shop_kind);

}  // namespace jangteo::bench::portal
