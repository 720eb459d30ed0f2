// Territories: what a shop's territory covers, and where two shops' territories meet (the overlap a
// location's answer warns about), table by table, with Busan's postal prefixes.
#include <gtest/gtest.h>

#include "inventory/location.hpp"
#include "platform/region.hpp"

namespace jangteo::inventory {
namespace {

using Ranges = std::vector<std::pair<std::string, std::string>>;

TEST(TerritoryTest, CoversByDistrictOrByPostalRange) {
    Territory t{.districts = {"26500"}, .postal_ranges = {{"48000", "48099"}}};
    EXPECT_TRUE(t.Covers("26500", "48303"));
    EXPECT_TRUE(t.Covers("", "48058")) << "a range needs no district";
    EXPECT_TRUE(t.Covers("26350", "48099"));
    EXPECT_FALSE(t.Covers("26350", "48100"));
    EXPECT_FALSE(t.Covers("", "4805")) << "not a postal code";
    EXPECT_FALSE(Territory{}.Covers("26500", "48303"));
}

TEST(TerritoryTest, OverlapsAreTheSharedDistrictsAndTheSharedPostalCodes) {
    const platform::Region& busan = platform::BusanRegion();
    struct Case {
        const char* name;
        Territory a, b;
        std::vector<std::string> districts;
        Ranges ranges;
    };
    const std::vector<Case> cases = {
        {"apart", {.districts = {"26500"}}, {.districts = {"26350"}}, {}, {}},
        {"one shared district", {.districts = {"26500", "26350"}}, {.districts = {"26350"}}, {"26350"}, {}},
        {"ranges that cross",
         {.postal_ranges = {{"48000", "48099"}}},
         {.postal_ranges = {{"48050", "48150"}}},
         {},
         {{"48050", "48099"}}},
        {"ranges that touch are apart",
         {.postal_ranges = {{"48000", "48049"}}},
         {.postal_ranges = {{"48050", "48099"}}},
         {},
         {}},
        {"a range inside the other's district (해운대 480–481)",
         {.postal_ranges = {{"48050", "48250"}}},
         {.districts = {"26350"}},
         {},
         {{"48050", "48199"}}},
        {"a district against a range, the other way round",
         {.districts = {"26500"}},
         {.postal_ranges = {{"48100", "48399"}}},
         {},
         {{"48200", "48399"}}},
        {"a shared district is told once, not again as its codes",
         {.districts = {"26350"}, .postal_ranges = {{"48000", "48299"}}},
         {.districts = {"26350"}, .postal_ranges = {{"48150", "48250"}}},
         {"26350"},
         {{"48200", "48250"}}},
        {"several pieces, merged",
         {.postal_ranges = {{"48000", "48010"}, {"48011", "48020"}, {"49000", "49010"}}},
         {.postal_ranges = {{"48005", "48015"}, {"49005", "49100"}}},
         {},
         {{"48005", "48015"}, {"49005", "49010"}}},
        {"empty territories meet nowhere", {}, {.districts = {"26350"}}, {}, {}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        TerritoryOverlap ab = OverlapOf(c.a, c.b, busan);
        EXPECT_EQ(ab.districts, c.districts);
        EXPECT_EQ(ab.postal_ranges, c.ranges);
        EXPECT_EQ(ab.empty(), c.districts.empty() && c.ranges.empty());
        TerritoryOverlap ba = OverlapOf(c.b, c.a, busan);
        EXPECT_EQ(ba.districts, ab.districts) << "symmetric";
        EXPECT_EQ(ba.postal_ranges, ab.postal_ranges) << "symmetric";
    }
}

}  // namespace
}  // namespace jangteo::inventory
