#include "catalog/price_parity.hpp"

#include <algorithm>

namespace jangteo::catalog {

namespace {

using Wide = __int128;  // S × 10,000 and (P − S) × 10,000 for any amount a Money holds

constexpr std::int64_t kWhole = 10'000;  // basis points in 100%

// ⌊a ÷ b⌋ and ⌈a ÷ b⌉ for b > 0 and any sign of a.
Wide FloorDiv(Wide a, Wide b) {
    Wide q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}
Wide CeilDiv(Wide a, Wide b) {
    Wide q = a / b;
    return (a % b != 0 && a > 0) ? q + 1 : q;
}

core::Money Clamp(Wide won) {
    constexpr Wide kMax = INT64_MAX;
    constexpr Wide kMin = INT64_MIN;
    return core::Money::Won(static_cast<std::int64_t>(std::clamp(won, kMin, kMax)));
}

// "9,000": Money's own form without its unit, for the English messages.
std::string Digits(core::Money amount) {
    std::string text = amount.Format();
    constexpr std::string_view kWonSign = "원";
    if (text.ends_with(kWonSign)) text.resize(text.size() - kWonSign.size());
    return text;
}
std::string Won(core::Money amount) {
    return Digits(amount) + " won";
}

// The index of the entry that set a quote's price, as QuotePrice chose it.
std::optional<std::size_t> SourceIndex(const VariantPricing& pricing, SalesChannel channel, const PriceQuote& q,
                                       core::TimePoint at) {
    if (q.source == PriceSource::kChannel) {
        std::optional<std::size_t> found;
        for (std::size_t j = 0; j < pricing.channel_prices.size(); ++j) {
            if (pricing.channel_prices[j].channel == channel) found = j;
        }
        return found;
    }
    if (q.source == PriceSource::kSale) {
        for (std::size_t j = 0; j < pricing.sales.size(); ++j) {
            const SalePrice& s = pricing.sales[j];
            bool running = s.starts <= at && at < s.ends;
            bool here = !s.channel || *s.channel == channel;
            if (running && here && s.unit == q.unit) return j;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view ParityRuleName(ParityRule rule) {
    return rule == ParityRule::kWithin ? "within" : "equal";
}

std::optional<ParityRule> ParseParityRule(std::string_view name) {
    if (name == "equal") return ParityRule::kEqual;
    if (name == "within") return ParityRule::kWithin;
    return std::nullopt;
}

std::string_view ParityEnforcementName(ParityEnforcement enforcement) {
    return enforcement == ParityEnforcement::kRefuse ? "refuse" : "warn";
}

std::optional<ParityEnforcement> ParseParityEnforcement(std::string_view name) {
    if (name == "warn") return ParityEnforcement::kWarn;
    if (name == "refuse") return ParityEnforcement::kRefuse;
    return std::nullopt;
}

const std::optional<ParityPolicy>& ParityPolicies::For(SalesChannel list) const {
    static const std::optional<ParityPolicy> kNone;
    switch (list) {
        case SalesChannel::kOnline: return online;
        case SalesChannel::kBusiness: return business;
        case SalesChannel::kShop: return kNone;
    }
    return kNone;
}

core::Result<void> ValidateParityPolicy(const ParityPolicy& policy, const std::string& path) {
    std::vector<core::FieldError> fields;
    if (policy.rule == ParityRule::kWithin) {
        if (policy.tolerance_bp < 1 || policy.tolerance_bp > kMaxParityToleranceBp) {
            fields.push_back(
                {path + ".tolerance_bp", "out_of_range", "must be from 1 to 5,000 basis points (0.01% to 50%)"});
        }
    } else if (policy.tolerance_bp != 0) {
        fields.push_back({path + ".tolerance_bp", "not_allowed", "must be 0 or absent when the rule is equal"});
    }
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_price_policy", "the price policy has invalid fields", std::move(fields));
    }
    return {};
}

ParityRange AllowedRange(const ParityPolicy& policy, core::Money shop) {
    if (policy.rule == ParityRule::kEqual) return {shop, shop};
    const Wide s = shop.won();
    const Wide t = std::clamp<std::int64_t>(policy.tolerance_bp, 0, kWhole);
    return {Clamp(CeilDiv(s * (kWhole - t), kWhole)), Clamp(FloorDiv(s * (kWhole + t), kWhole))};
}

bool Allows(const ParityPolicy& policy, core::Money shop, core::Money price) {
    ParityRange r = AllowedRange(policy, shop);
    return r.min <= price && price <= r.max;
}

std::optional<std::int64_t> DifferenceBp(core::Money shop, core::Money price) {
    if (shop.won() <= 0) return std::nullopt;
    const Wide s = shop.won();
    const Wide d = (Wide(price.won()) - s) * kWhole;
    Wide q = d / s;
    const Wide r = d % s;
    const Wide twice = r < 0 ? -2 * r : 2 * r;
    if (twice >= s) q += d < 0 ? -1 : 1;
    return static_cast<std::int64_t>(std::clamp<Wide>(q, INT64_MIN, INT64_MAX));
}

std::vector<ParityBreach> BreachesAt(const ParityPolicies& policies, const VariantPricing& pricing,
                                     core::TimePoint at) {
    std::vector<ParityBreach> out;
    if (!policies.Any()) return out;
    auto shop = QuotePrice(pricing, SalesChannel::kShop, 1, at);
    if (!shop.ok()) return out;  // a pricing the product service refuses anyway
    for (SalesChannel list : kParityLists) {
        const std::optional<ParityPolicy>& policy = policies.For(list);
        if (!policy) continue;
        auto price = QuotePrice(pricing, list, 1, at);
        if (!price.ok() || Allows(*policy, shop->unit, price->unit)) continue;
        out.push_back({.list = list,
                       .policy = *policy,
                       .price = price->unit,
                       .price_source = price->source,
                       .price_index = SourceIndex(pricing, list, *price, at),
                       .shop = shop->unit,
                       .shop_source = shop->source,
                       .allowed = AllowedRange(*policy, shop->unit),
                       .difference_bp = DifferenceBp(shop->unit, price->unit),
                       .at = at});
    }
    return out;
}

std::vector<ParityBreach> BreachesFrom(const ParityPolicies& policies, const VariantPricing& pricing,
                                       core::TimePoint now) {
    std::vector<ParityBreach> out;
    if (!policies.Any()) return out;
    std::vector<core::TimePoint> moments{now};
    for (const SalePrice& s : pricing.sales) {
        if (s.starts > now) moments.push_back(s.starts);
        if (s.ends > now) moments.push_back(s.ends);
    }
    std::sort(moments.begin(), moments.end());
    moments.erase(std::unique(moments.begin(), moments.end()), moments.end());
    for (core::TimePoint at : moments) {
        for (ParityBreach& b : BreachesAt(policies, pricing, at)) {
            bool known = std::any_of(out.begin(), out.end(), [&b](const ParityBreach& o) { return o.list == b.list; });
            if (!known) out.push_back(std::move(b));
        }
        if (out.size() == std::size(kParityLists)) break;
    }
    // In the order of the lists, whichever broke first.
    std::stable_sort(out.begin(), out.end(),
                     [](const ParityBreach& a, const ParityBreach& b) { return a.list < b.list; });
    return out;
}

std::string ParityField(std::size_t variant, const ParityBreach& breach) {
    std::string at = "variants[" + std::to_string(variant) + "].";
    if (breach.price_index) {
        if (breach.price_source == PriceSource::kChannel) {
            return at + "channel_prices[" + std::to_string(*breach.price_index) + "].unit_price_won";
        }
        if (breach.price_source == PriceSource::kSale) {
            return at + "sales[" + std::to_string(*breach.price_index) + "].unit_price_won";
        }
    }
    return at + "base_price_won";
}

std::string FormatBasisPoints(std::int64_t bp) {
    std::string sign = bp < 0 ? "-" : "";
    std::uint64_t magnitude = bp < 0 ? 0 - static_cast<std::uint64_t>(bp) : static_cast<std::uint64_t>(bp);
    std::string out = sign + std::to_string(magnitude / 100);
    std::uint64_t cents = magnitude % 100;
    if (cents != 0) {
        out += '.';
        out += static_cast<char>('0' + cents / 10);
        if (cents % 10 != 0) out += static_cast<char>('0' + cents % 10);
    }
    return out + "%";
}

core::FieldError ParityFieldError(std::string field, const ParityBreach& b, core::TimePoint now) {
    const bool later = b.at > now;
    std::string message;
    if (later) message = "from " + core::FormatRfc3339(b.at) + ", ";
    message.append("the ").append(SalesChannelName(b.list)).append(" price ").append(Won(b.price));
    if (b.price_source == PriceSource::kSale) message.append(" (a sale)");
    std::string shop = Won(b.shop);
    if (b.shop_source == PriceSource::kSale) shop.append(" (a sale)");
    if (b.policy.rule == ParityRule::kEqual) {
        message.append(" differs from the shop price ").append(shop).append("; they must be equal");
    } else {
        message.append(" is outside ")
            .append(Digits(b.allowed.min))
            .append("–")
            .append(Won(b.allowed.max))
            .append(", the shop price ")
            .append(shop)
            .append(" ± ")
            .append(FormatBasisPoints(b.policy.tolerance_bp));
    }
    core::FieldError e{std::move(field), "price_parity", std::move(message), {}};
    e.params = {{"price_list", std::string(SalesChannelName(b.list))},
                {"price_won", b.price.won()},
                {"price_source", std::string(PriceSourceName(b.price_source))},
                {"shop_price_won", b.shop.won()},
                {"min_won", b.allowed.min.won()},
                {"max_won", b.allowed.max.won()},
                {"rule", std::string(ParityRuleName(b.policy.rule))},
                {"tolerance_bp", b.policy.tolerance_bp},
                {"enforcement", std::string(ParityEnforcementName(b.policy.enforcement))}};
    if (b.difference_bp) e.params.push_back({"difference_bp", *b.difference_bp});
    if (later) e.params.push_back({"from", core::FormatRfc3339(b.at)});
    return e;
}

}  // namespace jangteo::catalog
