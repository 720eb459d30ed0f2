// What the flows that sell need to know of variants, read in a handful of statements whatever their
// number: whose they are, whether they may be sold (an active product), what to call them on an
// order, and their prices (to quote with QuotePrice). The cart, the checkout and the stock screens
// ask for this; it reads any merchant's variants, so the caller checks ownership where it matters.
//
//   JANGTEO_TRY(auto found, catalog::SellableVariantsInTx(tx, ids));   // one entry per id found
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/pricing.hpp"
#include "catalog/product.hpp"
#include "store/db.hpp"

namespace jangteo::catalog {

struct SellableVariant {
    VariantId id;
    ProductId product;
    platform::MerchantId merchant;
    ProductStatus status = ProductStatus::kDraft;  // only active products are for sale
    std::string sku;
    std::string barcode;  // GTIN, or ""
    std::string title_ko;
    std::string title_en;
    core::json::object options;
    VariantPricing pricing;             // vat included
    std::optional<ProductImage> image;  // the product's main image
};

inline constexpr std::size_t kMaxSellableLookup = 1000;

// The variants of `ids` that exist, in the order of `ids` (duplicates once); unknown ids are left
// out. kInvalidArgument "too_many_variants" beyond 1,000 ids.
core::Result<std::vector<SellableVariant>> SellableVariantsInTx(store::Tx& tx, std::span<const VariantId> ids);

// The variants of a product in their order (none for an unknown product).
core::Result<std::vector<VariantId>> VariantIdsOfProductInTx(store::Tx& tx, ProductId product);

// A page of a merchant's variants (products of every status) by SKU, after `after_sku` ("" for the
// first page); `text` is part of a title or of a SKU (ASCII case-insensitive), ≤ 100 bytes. Asks for
// `limit` + 1 rows so the caller knows whether there is a next page.
core::Result<std::vector<SellableVariant>> MerchantVariantsInTx(store::Tx& tx, platform::MerchantId merchant,
                                                                std::string_view text, std::string_view after_sku,
                                                                int fetch);

// What each of `codes` names among the merchant's variants: a SKU first, else a barcode (GTIN; when
// several variants share one, the first by SKU). One entry per code, in order; nullopt for a code
// that names none. Two statements for the codes and those of SellableVariantsInTx, whatever their number.
core::Result<std::vector<std::optional<SellableVariant>>> VariantsByCodeInTx(store::Tx& tx,
                                                                             platform::MerchantId merchant,
                                                                             std::span<const std::string> codes);

}  // namespace jangteo::catalog
