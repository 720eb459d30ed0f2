// The routing rules of web orders without a store: which shop's territory holds an address (overlaps
// settled by priority, then id), the order of the locations, and where an order goes: the territory
// shop with everything, else the first location with everything, else a split if allowed, else
// nowhere with what the best single place lacks.
#include "flows/order_routing.hpp"

#include <gtest/gtest.h>

namespace jangteo::flows {
namespace {

using inventory::Location;
using inventory::LocationId;
using inventory::LocationKind;
using inventory::StockLevel;
using orders::RoutingReason;

Location Place(std::int64_t key, LocationKind kind, inventory::Territory territory = {}, bool active = true) {
    Location l;
    l.id = LocationId(key);
    l.kind = kind;
    l.territory = std::move(territory);
    l.active = active;
    return l;
}

channels::RoutingPolicy Policy(std::vector<std::int64_t> priorities, bool split = true) {
    channels::RoutingPolicy p;
    p.priorities = std::move(priorities);
    p.allow_split = split;
    return p;
}

StockLevel Level(std::int64_t location, std::int64_t variant, std::int64_t on_hand, std::int64_t reserved = 0) {
    return {.location = LocationId(location), .variant_key = variant, .on_hand = on_hand, .reserved = reserved};
}

TEST(OrderRoutingTest, TheTerritoryShopHoldsTheAddressByRangeOrByItsDistrict) {
    const platform::Region& busan = platform::BusanRegion();
    std::vector<Location> places = {
        Place(30, LocationKind::kShop, {.districts = {"26500"}}),                    // 수영구
        Place(20, LocationKind::kShop, {.postal_ranges = {{"48000", "48099"}}}),     // 해운대 part
        Place(10, LocationKind::kWarehouse, {.districts = {"26350"}}),               // not a shop
        Place(40, LocationKind::kShop, {.districts = {"26350"}}, /*active=*/false),  // closed
    };
    EXPECT_EQ(TerritoryShop(places, Policy({}), busan, "48303"), LocationId(30)) << "수영구 by its district";
    EXPECT_EQ(TerritoryShop(places, Policy({}), busan, "48058"), LocationId(20)) << "by the range";
    EXPECT_EQ(TerritoryShop(places, Policy({}), busan, "48100"), std::nullopt)
        << "해운대 outside the range: the warehouse and the closed shop do not count";
    EXPECT_EQ(TerritoryShop(places, Policy({}), busan, "06236"), std::nullopt) << "Seoul";

    // Overlaps: the first by the policy's priorities, then by id.
    places.push_back(Place(25, LocationKind::kShop, {.districts = {"26350"}}));
    EXPECT_EQ(TerritoryShop(places, Policy({}), busan, "48058"), LocationId(20)) << "by id";
    EXPECT_EQ(TerritoryShop(places, Policy({25}), busan, "48058"), LocationId(25)) << "listed first";
    EXPECT_EQ(TerritoryShop(places, Policy({30, 20, 25}), busan, "48058"), LocationId(20));
}

TEST(OrderRoutingTest, ThePriorityOrderListsTheActiveLocationsPreferredFirst) {
    std::vector<Location> places = {Place(30, LocationKind::kShop), Place(10, LocationKind::kWarehouse),
                                    Place(20, LocationKind::kShop), Place(5, LocationKind::kShop, {}, false)};
    EXPECT_EQ(PriorityOrder(places, Policy({})),
              (std::vector<LocationId>{LocationId(10), LocationId(20), LocationId(30)}));
    EXPECT_EQ(PriorityOrder(places, Policy({30, 5, 99})),
              (std::vector<LocationId>{LocationId(30), LocationId(10), LocationId(20)}))
        << "closed and unknown ones listed are passed over";
}

TEST(OrderRoutingTest, AnOrderGoesWhereEverythingIsOrIsSplitOrRefused) {
    const std::vector<LocationId> order = {LocationId(10), LocationId(20), LocationId(30)};
    const std::vector<RoutingNeed> needs = {{.variant_key = 1, .quantity = 2}, {.variant_key = 2, .quantity = 1}};
    // 10 has all of 1, none of 2; 20 has everything; 30 (the territory shop) has everything but one of 1.
    std::vector<StockLevel> levels = {Level(10, 1, 5), Level(20, 1, 2), Level(30, 1, 3, 2), Level(20, 2, 1),
                                      Level(30, 2, 4)};

    RouteChoice c = ChooseRoute(needs, levels, LocationId(30), order, true);
    EXPECT_EQ(c.reason, RoutingReason::kPriority) << "the territory shop is short: the first with everything";
    EXPECT_EQ(c.location, LocationId(20));

    levels[2] = Level(30, 1, 3);  // the territory shop has it now
    c = ChooseRoute(needs, levels, LocationId(30), order, true);
    EXPECT_EQ(c.reason, RoutingReason::kTerritory);
    EXPECT_EQ(c.location, LocationId(30));

    c = ChooseRoute(needs, levels, std::nullopt, order, true);
    EXPECT_EQ(c.reason, RoutingReason::kPriority);
    EXPECT_EQ(c.location, LocationId(20)) << "no territory: 10 lacks variant 2, 20 is next";

    // Safety stock counts: what is kept for the counter is not there for the web.
    std::vector<StockLevel> kept = {Level(20, 1, 2), Level(20, 2, 1)};
    kept[1].safety_stock = 1;
    c = ChooseRoute(needs, kept, std::nullopt, order, false);
    EXPECT_EQ(c.reason, RoutingReason::kNone);

    // Nobody has everything: a split when allowed, else refused with what the best place lacks.
    std::vector<StockLevel> spread = {Level(10, 1, 2), Level(20, 2, 1), Level(30, 1, 1)};
    c = ChooseRoute(needs, spread, std::nullopt, order, true);
    EXPECT_EQ(c.reason, RoutingReason::kSplit);
    EXPECT_FALSE(c.location);
    c = ChooseRoute(needs, spread, std::nullopt, order, false);
    EXPECT_EQ(c.reason, RoutingReason::kNone);
    ASSERT_EQ(c.shortfalls.size(), 1u) << "10 has the two of variant 1 and lacks variant 2";
    EXPECT_EQ(c.shortfalls[0].variant_key, 2);
    EXPECT_EQ(c.shortfalls[0].requested, 1);
    EXPECT_EQ(c.shortfalls[0].available, 0);

    // No stock anywhere.
    c = ChooseRoute(needs, {}, std::nullopt, order, false);
    EXPECT_EQ(c.reason, RoutingReason::kNone);
    EXPECT_EQ(c.shortfalls.size(), 2u);
}

TEST(OrderRoutingTest, TheGoodsKeptAreWhatWasNotReturned) {
    orders::Order o;
    o.lines.push_back({.unit_price = core::Money::Won(12'900), .quantity = 3, .returned_quantity = 1});
    o.lines.push_back({.unit_price = core::Money::Won(4'500), .quantity = 2});
    EXPECT_EQ(GoodsKeptWon(o), 2 * 12'900 + 2 * 4'500);
}

}  // namespace
}  // namespace jangteo::flows
