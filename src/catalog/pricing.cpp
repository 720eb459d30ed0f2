#include "catalog/pricing.hpp"

namespace jangteo::catalog {

std::string_view SalesChannelName(SalesChannel channel) {
    switch (channel) {
        case SalesChannel::kOnline: return "online";
        case SalesChannel::kShop: return "shop";
        case SalesChannel::kBusiness: return "business";
    }
    return "online";
}

std::optional<SalesChannel> ParseSalesChannel(std::string_view name) {
    for (SalesChannel c : {SalesChannel::kOnline, SalesChannel::kShop, SalesChannel::kBusiness}) {
        if (SalesChannelName(c) == name) return c;
    }
    return std::nullopt;
}

std::string_view PriceSourceName(PriceSource source) {
    switch (source) {
        case PriceSource::kBase: return "base";
        case PriceSource::kChannel: return "channel";
        case PriceSource::kTier: return "tier";
        case PriceSource::kSale: return "sale";
    }
    return "base";
}

std::int64_t IncludedVat(std::int64_t amount_won) {
    // supply = round(amount × 10 ÷ 11), half up; computed as (20 × amount + 11) ÷ 22 without
    // overflow for any amount a Money total can hold by splitting off the quotient first.
    std::int64_t q = amount_won / 11;
    std::int64_t r = amount_won % 11;
    std::int64_t supply = q * 10 + (r * 20 + 11) / 22;
    return amount_won - supply;
}

core::Result<PriceQuote> QuotePrice(const VariantPricing& pricing, SalesChannel channel, std::int64_t quantity,
                                    core::TimePoint now) {
    if (quantity < 1 || quantity > kMaxOrderQuantity) {
        return core::Error::Invalid("invalid_quantity", "the quantity must be from 1 to 1,000,000",
                                    {{"quantity", "out_of_range", "must be from 1 to 1,000,000"}});
    }
    bool negative = pricing.base.won() < 0;
    for (const auto& c : pricing.channel_prices) negative = negative || c.unit.won() < 0;
    for (const auto& t : pricing.tiers) negative = negative || t.unit.won() < 0 || t.min_quantity < 1;
    for (const auto& s : pricing.sales) negative = negative || s.unit.won() < 0;
    if (negative) return core::Error::Invalid("invalid_price", "a price of the variant is negative");

    PriceQuote q;
    q.unit = pricing.base;
    q.source = PriceSource::kBase;
    for (const auto& c : pricing.channel_prices) {
        if (c.channel == channel) {
            q.unit = c.unit;
            q.source = PriceSource::kChannel;
        }
    }
    if (channel == SalesChannel::kBusiness) {
        const VolumeTier* best = nullptr;
        for (const auto& t : pricing.tiers) {
            if (t.min_quantity <= quantity && (best == nullptr || t.min_quantity > best->min_quantity)) best = &t;
        }
        if (best != nullptr && best->unit < q.unit) {
            q.unit = best->unit;
            q.source = PriceSource::kTier;
        }
    }
    for (const auto& s : pricing.sales) {
        bool running = s.starts <= now && now < s.ends;
        bool here = !s.channel || *s.channel == channel;
        if (running && here && s.unit < q.unit) {
            q.unit = s.unit;
            q.source = PriceSource::kSale;
            q.sale_ends = s.ends;
        }
    }
    JANGTEO_TRY(q.total, q.unit.Times(quantity));
    q.vat = core::Money::Won(pricing.vat == VatMode::kTaxable ? IncludedVat(q.total.won()) : 0);
    return q;
}

}  // namespace jangteo::catalog
