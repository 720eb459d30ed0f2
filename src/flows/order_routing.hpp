// The rules that route a web order to the location that fulfils it and name the shop credited with it
// (the offline channel, docs/routing.md), as pure functions over what the checkout read in its
// transaction: the merchant's locations, its routing policy and the locked stock levels. The checkout
// (flows/checkout.cpp) applies them; keeping them apart lets the unit tests walk every case.
//
// A delivery goes, in this order, to:
//   1. the territory shop: the first active shop (by the policy's priorities, then by id) whose
//      territory holds the address, by postal range or by the district its postal code names,
//      if it has every line available;
//   2. else the first active location by priority, then id, that has every line available;
//   3. else, if the policy allows a split, the locations by priority as far as each has stock;
//   4. else nowhere: the checkout answers short of stock.
// A pickup is fulfilled by the shop the buyer chose. The territory shop (for a pickup, the pickup shop)
// is the one credited, whichever location ships; an address that no shop's territory holds credits
// nobody.
//
//   auto territory = flows::TerritoryShop(locations, policy, region, address.postal_code);
//   auto order = flows::PriorityOrder(locations, policy);
//   flows::RouteChoice choice = flows::ChooseRoute(needs, levels, territory, order, policy.allow_split);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "channels/routing.hpp"
#include "inventory/location.hpp"
#include "inventory/stock.hpp"
#include "orders/order.hpp"
#include "platform/region.hpp"

namespace jangteo::flows {

// What an order needs of one variant (the lines of one variant summed).
struct RoutingNeed {
    std::int64_t variant_key = 0;
    std::int64_t quantity = 0;
};

// The active shop whose territory holds a delivery to `postal_code`: covered by one of its postal
// ranges, or by one of its districts, the one the region's postal prefixes give for the code. When
// territories overlap, the first of the covering shops by the policy's priorities, then by id.
std::optional<inventory::LocationId> TerritoryShop(std::span<const inventory::Location> locations,
                                                   const channels::RoutingPolicy& policy,
                                                   const platform::Region& region, std::string_view postal_code);

// The merchant's active locations in the order the policy prefers them: those it lists, in its order,
// then the others by id (key). Closed ones are left out.
std::vector<inventory::LocationId> PriorityOrder(std::span<const inventory::Location> locations,
                                                 const channels::RoutingPolicy& policy);

struct RouteChoice {
    // kTerritory or kPriority with `location`; kSplit: reserve over `PriorityOrder` as far as each has
    // stock; kNone: refused (no single location has everything and the policy allows no split).
    orders::RoutingReason reason = orders::RoutingReason::kNone;
    std::optional<inventory::LocationId> location;
    // When refused: the needs that the best single location (the one that has the most needs in full,
    // first by priority among equals) cannot meet, with what it has of each.
    std::vector<inventory::Shortfall> shortfalls;
};

// Chooses where an order is fulfilled from `levels` (the stock rows of its variants at the active
// locations, as StockService::LockLevelsInTx answers them). `order` is PriorityOrder; `territory` the
// TerritoryShop, if any.
RouteChoice ChooseRoute(std::span<const RoutingNeed> needs, std::span<const inventory::StockLevel> levels,
                        std::optional<inventory::LocationId> territory, std::span<const inventory::LocationId> order,
                        bool allow_split);

// The goods of an order still with the customer: each line's unit price times what was not returned.
std::int64_t GoodsKeptWon(const orders::Order& order);

}  // namespace jangteo::flows
