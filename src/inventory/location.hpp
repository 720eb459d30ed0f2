// A merchant's locations: its shops and warehouses, with their address in Korean form, their district
// of the region, opening hours, whether a shop offers pickup of web orders, and the territory it
// serves (districts and postal code ranges; the offline channel routes and credits web orders by it).
// Every read and change names the merchant: another merchant's location answers 404.
//
//   inventory::LocationService locations(db, clock, random, region);
//   auto shop = locations.Create(merchant, {.kind = LocationKind::kShop, .name_ko = "광안리점", ...});
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "inventory/ids.hpp"
#include "platform/ids.hpp"
#include "platform/region.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace jangteo::inventory {

// The module's schema migrations (schema/*.sql), compiled in.
std::span<const store::Migration> SchemaMigrations();

enum class LocationKind { kShop, kWarehouse };
std::string_view LocationKindName(LocationKind kind);
std::optional<LocationKind> ParseLocationKind(std::string_view name);

// One day's hours, "HH:MM" in Korean time; close after open (a shop open past midnight closes at
// "24:00" at the latest).
struct DayHours {
    std::string open;
    std::string close;
    bool operator==(const DayHours&) const = default;
};
// Monday first; nullopt: closed that day.
using WeekHours = std::array<std::optional<DayHours>, 7>;
// Seven days as JSON, Monday first: null for a closed day, else {"open": "09:00", "close": "21:00"}
// (the stored form, and the API's).
core::json::array WeekHoursJson(const WeekHours& hours);

// The area a location serves: whole districts of the region, and ranges of 5-digit postal codes
// (first ≤ last), e.g. {"48000", "48099"}.
struct Territory {
    std::vector<std::string> districts;
    std::vector<std::pair<std::string, std::string>> postal_ranges;
    bool operator==(const Territory&) const = default;

    // Whether a delivery to this postal code in this district is inside the territory.
    bool Covers(std::string_view district_code, std::string_view postal_code) const;
};

// Where two territories meet: the districts both name, and the postal codes both cover besides (their
// ranges, and a named district's codes through the region's postal prefixes), as merged ranges.
struct TerritoryOverlap {
    std::vector<std::string> districts;
    std::vector<std::pair<std::string, std::string>> postal_ranges;
    bool empty() const { return districts.empty() && postal_ranges.empty(); }
};
TerritoryOverlap OverlapOf(const Territory& a, const Territory& b, const platform::Region& region);

// Another active shop of the merchant whose territory meets a location's. Overlaps are allowed (two
// shops may serve one street); the routing then picks the first of them by the merchant's priorities,
// then by id (docs/routing.md), and the back office shows the overlap so that it is a choice.
struct TerritoryWarning {
    LocationId location;
    std::string name_ko;
    std::string name_en;
    TerritoryOverlap overlap;
};

inline constexpr std::size_t kMaxLocationsPerMerchant = 200;
inline constexpr std::size_t kMaxTerritoryDistricts = 100;
inline constexpr std::size_t kMaxTerritoryRanges = 100;

struct LocationInput {
    LocationKind kind = LocationKind::kShop;
    std::string name_ko;  // required, ≤ 100
    std::string name_en;  // printable ASCII, ≤ 100
    std::string district_code;
    std::string postal_code;  // 5 digits
    std::string road_address;
    std::string address_detail;
    std::string phone;  // optional; a Korean phone number, stored as written with hyphens
    WeekHours hours;
    bool pickup = false;  // shops only
    Territory territory;
    bool active = true;
};

struct Location {
    LocationId id;
    platform::MerchantId merchant_id;
    LocationKind kind = LocationKind::kShop;
    std::string name_ko;
    std::string name_en;
    std::string district_code;
    std::string postal_code;
    std::string road_address;
    std::string address_detail;
    std::string phone;
    WeekHours hours;
    bool pickup = false;
    Territory territory;
    bool active = true;
    std::int64_t version = 1;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

// Thread-safe: holds references only.
class LocationService {
public:
    LocationService(store::Db& db, core::Clock& clock, core::Random& random, const platform::Region& region)
        : db_(db), clock_(clock), random_(random), region_(region) {}

    // Every field problem at once: kInvalidArgument "invalid_location" with field errors (name_ko,
    // name_en, district_code: unknown_district, postal_code: invalid_postal_code, road_address, phone:
    // invalid_phone, hours[i].open / .close: invalid_time, pickup: warehouse_pickup,
    // territory.districts[i], territory.postal_ranges[i]); more than 200 locations: kFailedPrecondition
    // "too_many_locations".
    core::Result<Location> Create(platform::MerchantId merchant, const LocationInput& input);
    // Replaces the fields; `expected_version` as read (kConflict "version_changed"). Deactivating a
    // location that still holds stock or reservations is refused (kFailedPrecondition "location_has_stock").
    core::Result<Location> Update(platform::MerchantId merchant, LocationId id, const LocationInput& input,
                                  std::int64_t expected_version);
    // kNotFound "location_not_found" for another merchant's or an unknown one.
    core::Result<Location> Get(platform::MerchantId merchant, LocationId id);
    core::Result<Location> GetInTx(store::Tx& tx, platform::MerchantId merchant, LocationId id);
    // The merchant's locations, oldest first (at most 200: no paging).
    core::Result<std::vector<Location>> List(platform::MerchantId merchant);
    core::Result<std::vector<Location>> ListInTx(store::Tx& tx, platform::MerchantId merchant);

    // The other active shops of the merchant whose territory meets this one's, oldest first; none when
    // `location` is not an active shop.
    core::Result<std::vector<TerritoryWarning>> OverlapsOf(platform::MerchantId merchant, const Location& location);
    core::Result<std::vector<TerritoryWarning>> OverlapsOfInTx(store::Tx& tx, platform::MerchantId merchant,
                                                               const Location& location);

    // The open shops that offer pickup, of several merchants at once (the cart's), by merchant and age.
    core::Result<std::vector<Location>> PickupPlacesInTx(store::Tx& tx,
                                                         std::span<const platform::MerchantId> merchants);

    const platform::Region& region() const { return region_; }

private:
    core::Result<LocationInput> Validate(const LocationInput& input) const;

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    const platform::Region& region_;
};

}  // namespace jangteo::inventory
