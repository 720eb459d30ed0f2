// A generator of synthetic portal catalogs for the search benchmark: products of many industries
// with Korean and English titles built from word lists ("국내산 순살고등어구이 500g",
// "Organic Jeju tangerine 3kg"), a shared category tree, merchants in districts, SKUs, barcodes,
// prices and creation times. The same seed always makes the same catalog.
//
//   bench::search::Catalog catalog(20261123);
//   for (std::int64_t i = 1; i <= 100'000; ++i) index.Upsert(catalog.Product(i));
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "search/index.hpp"

namespace jangteo::bench::search {

class Catalog {
public:
    explicit Catalog(std::uint64_t seed);

    // The product with this key (keys from 1): a function of the seed and the key alone.
    jangteo::search::Document Product(std::int64_t key) const;

    // A category page's category: a second-level category that exists.
    std::int64_t SomeCategory(std::uint64_t n) const;
    // The barcode of the product with this key.
    static std::string Barcode(std::int64_t key);

private:
    std::uint64_t seed_;
};

}  // namespace jangteo::bench::search
