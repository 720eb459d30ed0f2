// The offline channel's routing and crediting for the back office (docs/routing.md): the merchant's
// routing policy, saved only with locations that are its own, and a location's channel report, which
// joins what the orders module knows (the web orders it fulfilled) with the credit ledger (the web
// orders of its territory credited to it). Checkouts apply the policy in flows/checkout.cpp.
//
//   flows::ChannelFlows channel(db, locations, orders, routing, credits);
//   auto saved = channel.SavePolicy(merchant, {.priorities = {shop, depot}, .allow_split = false,
//                                              .commission_bp = 300}, version, {.user = owner});
//   auto report = channel.Report(merchant, shop, *flows::SeoulDay("2026-03-01"), *flows::SeoulDay("2026-04-01"));
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "channels/credit.hpp"
#include "channels/routing.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "inventory/location.hpp"
#include "orders/order.hpp"
#include "store/db.hpp"

namespace jangteo::flows {

// Midnight in Korea (Asia/Seoul, UTC+9 all year) that begins the day "YYYY-MM-DD"; nullopt for
// anything else.
std::optional<core::TimePoint> SeoulDay(std::string_view date);
// Midnight in Korea that begins the day of `t`.
core::TimePoint SeoulDayOf(core::TimePoint t);

struct RoutingPolicyRequest {
    std::vector<inventory::LocationId> priorities;
    bool allow_split = true;
    std::int64_t commission_bp = 0;
};

// A location's channel figures for the days [from, to).
struct ChannelReport {
    inventory::Location location;
    core::TimePoint from;
    core::TimePoint to;
    // The merchant's web orders placed in the period with lines this location ships or hands out.
    orders::LocationOrderFigures fulfilled;
    // The credit ledger's entries for this location made in the period.
    channels::CreditSummary credited;
};

// The longest period a report covers.
inline constexpr int kMaxReportDays = 366;

// Thread-safe: holds references only.
class ChannelFlows {
public:
    ChannelFlows(store::Db& db, inventory::LocationService& locations, orders::OrderService& orders,
                 channels::RoutingService& routing, channels::CreditService& credits)
        : db_(db), locations_(locations), orders_(orders), routing_(routing), credits_(credits) {}

    core::Result<channels::RoutingPolicy> Policy(platform::MerchantId merchant);

    // Saves the policy: every problem at once, kInvalidArgument "invalid_routing_policy" with field
    // errors (priorities[i]: "unknown_location" for a location that is not the merchant's, or
    // "duplicate_location"; priorities: "too_many"; commission_bp: "out_of_range"); kConflict
    // "version_changed". Closed locations of the merchant may be listed (they are passed over).
    core::Result<channels::RoutingPolicy> SavePolicy(platform::MerchantId merchant, const RoutingPolicyRequest& request,
                                                     std::int64_t expected_version, const channels::PolicyActor& actor);

    // The report of one of the merchant's locations (kNotFound "location_not_found" otherwise) for
    // [from, to): kInvalidArgument "invalid_period" (fields from / to) when to is not after from or
    // the period is longer than 366 days.
    core::Result<ChannelReport> Report(platform::MerchantId merchant, inventory::LocationId location,
                                       core::TimePoint from, core::TimePoint to);

private:
    store::Db& db_;
    inventory::LocationService& locations_;
    orders::OrderService& orders_;
    channels::RoutingService& routing_;
    channels::CreditService& credits_;
};

}  // namespace jangteo::flows
