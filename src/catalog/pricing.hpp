// What a buyer pays: the one function every module asks ("this variant, in this channel, at this
// quantity, now"), so that the cart, the counter, the invoice and the search facets never disagree.
//
//   catalog::VariantPricing p{.base = Money::Won(12'900),
//                             .channel_prices = {{.channel = catalog::SalesChannel::kShop, .unit =
//                             Money::Won(12'000)}}, .tiers = {{.min_quantity = 10, .unit = Money::Won(11'000)}}, .sales
//                             = {{.unit = Money::Won(9'900), .starts = t0, .ends = t1}}};
//   JANGTEO_TRY(catalog::PriceQuote q, catalog::QuotePrice(p, catalog::SalesChannel::kOnline, 2, now));
//   // q.unit, q.total, q.vat, q.source
//
// The rules, in order: the channel's list price if the variant has one, else the base price; for
// business buyers, the volume tier with the largest minimum quantity the order reaches, if it is
// lower; then a sale running now (for this channel or for all), if it is lower. The buyer always
// gets the lowest of the prices that apply. Taxable prices include VAT (10%); the VAT in a total
// is total − round(total ÷ 1.1), in whole won.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

namespace jangteo::catalog {

enum class SalesChannel { kOnline, kShop, kBusiness };
std::string_view SalesChannelName(SalesChannel channel);  // "online", "shop", "business"
std::optional<SalesChannel> ParseSalesChannel(std::string_view name);

enum class VatMode { kTaxable, kExempt };  // taxable: VAT included in every price

struct ChannelPrice {
    SalesChannel channel = SalesChannel::kOnline;
    core::Money unit;
};

// A volume price for business buyers: from `min_quantity` units on, each costs `unit`.
struct VolumeTier {
    std::int64_t min_quantity = 1;
    core::Money unit;
};

// A sale price from `starts` (inclusive) to `ends` (exclusive), for one channel or all.
struct SalePrice {
    core::Money unit;
    core::TimePoint starts;
    core::TimePoint ends;
    std::optional<SalesChannel> channel;
};

struct VariantPricing {
    core::Money base;
    std::vector<ChannelPrice> channel_prices;
    std::vector<VolumeTier> tiers;
    std::vector<SalePrice> sales;
    VatMode vat = VatMode::kTaxable;
};

enum class PriceSource { kBase, kChannel, kTier, kSale };
std::string_view PriceSourceName(PriceSource source);  // "base", "channel", "tier", "sale"

struct PriceQuote {
    core::Money unit;
    core::Money total;  // unit × quantity
    core::Money vat;    // the VAT inside total (0 when exempt)
    PriceSource source = PriceSource::kBase;
    std::optional<core::TimePoint> sale_ends;  // when the sale price is the one paid
};

inline constexpr std::int64_t kMaxOrderQuantity = 1'000'000;

// kInvalidArgument "invalid_quantity" (field quantity) outside 1..kMaxOrderQuantity;
// "invalid_price" for a pricing with a negative amount; kInvalidArgument "amount_out_of_range" when
// the total would not fit.
core::Result<PriceQuote> QuotePrice(const VariantPricing& pricing, SalesChannel channel, std::int64_t quantity,
                                    core::TimePoint now);

// The VAT included in a taxable amount: amount − round(amount ÷ 1.1), half up, in whole won.
std::int64_t IncludedVat(std::int64_t amount_won);

}  // namespace jangteo::catalog
