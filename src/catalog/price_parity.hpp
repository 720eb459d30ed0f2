// Price parity: a merchant's promise that its web does not undercut its own shops. The shop price
// list is the reference; for the online list (and, if the merchant wants, the business list) a
// policy says the price must equal the shop price or stay within ±X% of it, and whether a save that
// breaks it is only warned about or refused (docs/price-parity.md). These are the pure rules; the
// policy's storage is price_policy.hpp, the check on save is in ProductService.
//
//   catalog::ParityPolicies policies{.online = catalog::ParityPolicy{.rule = catalog::ParityRule::kWithin,
//                                                                    .tolerance_bp = 500}};
//   for (const catalog::ParityBreach& b : catalog::BreachesFrom(policies, variant.pricing, now)) { ... }
//
// What is compared is what a buyer of one unit pays in each channel (QuotePrice at quantity 1): the
// channel's list price, else the base price, lowered by a sale running then for that channel or for
// all. So a sale for all channels moves both sides, and a web-only sale far below the shop price is
// a breach. Business volume tiers (from 2 units on) are not compared. Amounts are whole won and
// tolerances whole basis points (1 bp = 0.01%); nothing is rounded in the check itself:
// a price P keeps a policy of ±t bp around the shop price S when |P − S| × 10,000 ≤ t × S.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/pricing.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

namespace jangteo::catalog {

enum class ParityRule { kEqual, kWithin };
std::string_view ParityRuleName(ParityRule rule);  // "equal", "within"
std::optional<ParityRule> ParseParityRule(std::string_view name);

enum class ParityEnforcement { kWarn, kRefuse };
std::string_view ParityEnforcementName(ParityEnforcement enforcement);  // "warn", "refuse"
std::optional<ParityEnforcement> ParseParityEnforcement(std::string_view name);

// ±50%: a wider band is no parity at all.
inline constexpr std::int64_t kMaxParityToleranceBp = 5'000;

// The policy of one price list against the shop list.
struct ParityPolicy {
    ParityRule rule = ParityRule::kEqual;
    std::int64_t tolerance_bp = 0;  // kWithin: 1..kMaxParityToleranceBp; kEqual: 0
    ParityEnforcement enforcement = ParityEnforcement::kWarn;
    bool operator==(const ParityPolicy&) const = default;
};

// A merchant's policies: one per compared list, none set = no policy for that list.
struct ParityPolicies {
    std::optional<ParityPolicy> online;
    std::optional<ParityPolicy> business;
    std::int64_t version = 0;  // 0 while the merchant has never saved any
    std::optional<core::TimePoint> updated_at;

    // The policy of `list` (online or business; the shop list has none: it is the reference).
    const std::optional<ParityPolicy>& For(SalesChannel list) const;
    bool Any() const { return online.has_value() || business.has_value(); }
};

// The price lists a policy can be set for, in the order they are checked and reported.
inline constexpr SalesChannel kParityLists[] = {SalesChannel::kOnline, SalesChannel::kBusiness};

// kInvalidArgument "invalid_price_policy" with a field error per problem, named under `path`
// (e.g. "online.tolerance_bp": out_of_range for a kWithin tolerance outside 1..5000,
// not_allowed for a kEqual one other than 0).
core::Result<void> ValidateParityPolicy(const ParityPolicy& policy, const std::string& path);

// The whole won a list price may be: [⌈S × (10,000 − t) ÷ 10,000⌉, ⌊S × (10,000 + t) ÷ 10,000⌋], so
// that every price in it is within the tolerance and none outside is; [S, S] for kEqual.
struct ParityRange {
    core::Money min;
    core::Money max;
    bool operator==(const ParityRange&) const = default;
};
ParityRange AllowedRange(const ParityPolicy& policy, core::Money shop);
bool Allows(const ParityPolicy& policy, core::Money shop, core::Money price);

// (price − shop) ÷ shop in basis points, rounded half away from zero (−1,000 is 10% below the shop);
// nullopt when the shop price is 0.
std::optional<std::int64_t> DifferenceBp(core::Money shop, core::Money price);

// One list's price breaking its policy at a moment.
struct ParityBreach {
    SalesChannel list = SalesChannel::kOnline;  // online or business
    ParityPolicy policy;
    core::Money price;  // what one unit costs in the list then
    PriceSource price_source = PriceSource::kBase;
    std::optional<std::size_t> price_index;  // kChannel: in channel_prices; kSale: in sales
    core::Money shop;                        // what one unit costs in the shops then
    PriceSource shop_source = PriceSource::kBase;
    ParityRange allowed;
    std::optional<std::int64_t> difference_bp;
    core::TimePoint at;  // the moment judged
};

// The breaches of a variant's prices at one moment (the report's "now"), a list at most once.
std::vector<ParityBreach> BreachesAt(const ParityPolicies& policies, const VariantPricing& pricing, core::TimePoint at);

// The first breach of each list from `now` on: prices change only when a sale starts or ends, so the
// moments judged are `now` and every start and end of a sale after it (a sale that starts next
// week and breaks the policy is found when it is saved).
std::vector<ParityBreach> BreachesFrom(const ParityPolicies& policies, const VariantPricing& pricing,
                                       core::TimePoint now);

// The field of a product input that sets the breaching price of variant `variant`:
// "variants[1].channel_prices[0].unit_price_won", "variants[1].sales[2].unit_price_won" or
// "variants[1].base_price_won" (the paths of the product's other field errors).
std::string ParityField(std::size_t variant, const ParityBreach& breach);

// The breach as a field error (code "price_parity") at `field`: an English sentence with both prices
// and the allowed range in won, and the same figures as params for clients to say in their words
// (price_list, price_won, shop_price_won, min_won, max_won, rule, tolerance_bp, enforcement, and
// from when the breach begins later than `now`).
core::FieldError ParityFieldError(std::string field, const ParityBreach& breach, core::TimePoint now);

// "5%", "2.5%", "0.25%": basis points as a percentage without trailing zeros.
std::string FormatBasisPoints(std::int64_t bp);

}  // namespace jangteo::catalog
