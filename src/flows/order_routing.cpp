#include "flows/order_routing.hpp"

#include <algorithm>
#include <map>

namespace jangteo::flows {

namespace {

// A location's rank in the policy's priorities; unlisted ones after every listed one.
std::size_t RankOf(const channels::RoutingPolicy& policy, std::int64_t location_key) {
    auto it = std::find(policy.priorities.begin(), policy.priorities.end(), location_key);
    return static_cast<std::size_t>(it - policy.priorities.begin());
}

bool Before(const channels::RoutingPolicy& policy, std::int64_t a, std::int64_t b) {
    std::size_t ra = RankOf(policy, a), rb = RankOf(policy, b);
    return ra != rb ? ra < rb : a < b;
}

}  // namespace

std::optional<inventory::LocationId> TerritoryShop(std::span<const inventory::Location> locations,
                                                   const channels::RoutingPolicy& policy,
                                                   const platform::Region& region, std::string_view postal_code) {
    const platform::District* district = region.DistrictOfPostal(postal_code);
    std::string_view district_code = district ? std::string_view(district->code) : std::string_view();
    std::optional<inventory::LocationId> best;
    for (const inventory::Location& l : locations) {
        if (!l.active || l.kind != inventory::LocationKind::kShop) continue;
        if (!l.territory.Covers(district_code, postal_code)) continue;
        if (!best || Before(policy, l.id.key(), best->key())) best = l.id;
    }
    return best;
}

std::vector<inventory::LocationId> PriorityOrder(std::span<const inventory::Location> locations,
                                                 const channels::RoutingPolicy& policy) {
    std::vector<inventory::LocationId> out;
    for (const inventory::Location& l : locations) {
        if (l.active) out.push_back(l.id);
    }
    std::sort(out.begin(), out.end(),
              [&](inventory::LocationId a, inventory::LocationId b) { return Before(policy, a.key(), b.key()); });
    return out;
}

RouteChoice ChooseRoute(std::span<const RoutingNeed> needs, std::span<const inventory::StockLevel> levels,
                        std::optional<inventory::LocationId> territory, std::span<const inventory::LocationId> order,
                        bool allow_split) {
    // (location, variant) → available online.
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> available;
    for (const inventory::StockLevel& s : levels) available[{s.location.key(), s.variant_key}] = s.available();
    auto has = [&](inventory::LocationId loc, const RoutingNeed& need) {
        auto it = available.find({loc.key(), need.variant_key});
        return it == available.end() ? std::int64_t{0} : it->second;
    };
    auto met = [&](inventory::LocationId loc) {
        return static_cast<std::size_t>(
            std::count_if(needs.begin(), needs.end(), [&](const RoutingNeed& n) { return has(loc, n) >= n.quantity; }));
    };

    RouteChoice choice;
    if (territory && met(*territory) == needs.size()) {
        choice.reason = orders::RoutingReason::kTerritory;
        choice.location = territory;
        return choice;
    }
    for (inventory::LocationId loc : order) {
        if (met(loc) == needs.size()) {
            choice.reason = orders::RoutingReason::kPriority;
            choice.location = loc;
            return choice;
        }
    }
    if (allow_split) {
        choice.reason = orders::RoutingReason::kSplit;
        return choice;
    }
    // Refused: say what the best single place lacks, so that the shopper can make the order fit it.
    std::optional<inventory::LocationId> best;
    std::size_t best_met = 0;
    for (inventory::LocationId loc : order) {
        std::size_t m = met(loc);
        if (!best || m > best_met) {
            best = loc;
            best_met = m;
        }
    }
    for (const RoutingNeed& n : needs) {
        std::int64_t at_best = best ? has(*best, n) : 0;
        if (at_best < n.quantity) choice.shortfalls.push_back({n.variant_key, n.quantity, at_best});
    }
    return choice;
}

std::int64_t GoodsKeptWon(const orders::Order& order) {
    std::int64_t goods = 0;
    for (const orders::OrderLine& l : order.lines) goods += l.unit_price.won() * (l.quantity - l.returned_quantity);
    return goods;
}

}  // namespace jangteo::flows
