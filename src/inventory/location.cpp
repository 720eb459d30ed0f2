#include "inventory/location.hpp"

#include <algorithm>

#include "core/json.hpp"
#include "core/validate.hpp"

namespace jangteo::inventory {

namespace json = core::json;

namespace {

constexpr std::string_view kColumns =
    "id, merchant_id, kind, name_ko, name_en, district_code, postal_code, road_address, address_detail, phone,"
    " opening_hours, pickup, territory, active, version, created_at_us, updated_at_us";

constexpr store::Sql kInsert{
    "inventory.insert_location",
    "INSERT INTO inventory_locations (id, merchant_id, kind, name_ko, name_en, district_code, postal_code,"
    " road_address, address_detail, phone, opening_hours, pickup, territory, active, version, created_at_us,"
    " updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15)"};
constexpr store::Sql kUpdate{
    "inventory.update_location",
    "UPDATE inventory_locations SET kind = $3, name_ko = $4, name_en = $5, district_code = $6, postal_code = $7,"
    " road_address = $8, address_detail = $9, phone = $10, opening_hours = $11, pickup = $12, territory = $13,"
    " active = $14, version = version + 1, updated_at_us = $15 WHERE id = $1 AND merchant_id = $2 AND version = $16"};
constexpr store::Sql kGet{"inventory.get_location",
                          "SELECT id, merchant_id, kind, name_ko, name_en, district_code, postal_code, road_address,"
                          " address_detail, phone, opening_hours, pickup, territory, active, version, created_at_us,"
                          " updated_at_us FROM inventory_locations WHERE id = $1 AND merchant_id = $2"};
constexpr store::Sql kList{"inventory.list_locations",
                           "SELECT id, merchant_id, kind, name_ko, name_en, district_code, postal_code, road_address,"
                           " address_detail, phone, opening_hours, pickup, territory, active, version, created_at_us,"
                           " updated_at_us FROM inventory_locations WHERE merchant_id = $1"
                           " ORDER BY created_at_us, id"};
constexpr store::Sql kPickupSqlite{
    "inventory.pickup_places",
    "SELECT id, merchant_id, kind, name_ko, name_en, district_code, postal_code, road_address, address_detail, phone,"
    " opening_hours, pickup, territory, active, version, created_at_us, updated_at_us FROM inventory_locations"
    " WHERE merchant_id IN (SELECT value FROM json_each($1)) AND active AND pickup AND kind = 'shop'"
    " ORDER BY merchant_id, created_at_us, id"};
constexpr store::Sql kPickupPostgres{
    "inventory.pickup_places",
    "SELECT id, merchant_id, kind, name_ko, name_en, district_code, postal_code, road_address, address_detail, phone,"
    " opening_hours, pickup, territory, active, version, created_at_us, updated_at_us FROM inventory_locations"
    " WHERE merchant_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) AND active AND pickup"
    " AND kind = 'shop' ORDER BY merchant_id, created_at_us, id"};
constexpr store::Sql kCount{"inventory.count_locations",
                            "SELECT count(*) FROM inventory_locations WHERE merchant_id = $1"};
constexpr store::Sql kHolds{"inventory.location_holds_stock",
                            "SELECT count(*) FROM inventory_stock WHERE location_id = $1 AND merchant_id = $2"
                            " AND (on_hand <> 0 OR reserved <> 0)"};

core::Error NotFound() {
    return core::Error::NotFound("location_not_found", "no such location");
}

bool IsDigits(std::string_view s, std::size_t n) {
    return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "HH:MM" from 00:00 to 24:00; minutes since midnight, or -1.
int MinutesOf(std::string_view hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':' || !IsDigits(hhmm.substr(0, 2), 2) || !IsDigits(hhmm.substr(3), 2)) {
        return -1;
    }
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

std::string HoursJson(const WeekHours& hours) {
    return core::ToJson(WeekHoursJson(hours));
}

WeekHours HoursFrom(std::string_view text) {
    WeekHours out;
    auto parsed = core::ParseJson(text);
    if (!parsed.ok() || !parsed->is_array()) return out;
    const auto& days = parsed->get_array();
    for (std::size_t i = 0; i < out.size() && i < days.size(); ++i) {
        if (!days[i].is_object()) continue;
        const auto& o = days[i].get_object();
        auto open = o.find("open");
        auto close = o.find("close");
        if (open == o.end() || close == o.end() || !open->value().is_string() || !close->value().is_string()) continue;
        out[i] = DayHours{std::string(open->value().get_string()), std::string(close->value().get_string())};
    }
    return out;
}

std::string TerritoryJson(const Territory& t) {
    json::array districts;
    for (const auto& d : t.districts) districts.push_back(json::value(d));
    json::array ranges;
    for (const auto& [first, last] : t.postal_ranges)
        ranges.push_back(json::array{json::value(first), json::value(last)});
    return core::ToJson(json::object{{"districts", std::move(districts)}, {"postal_ranges", std::move(ranges)}});
}

Territory TerritoryFrom(std::string_view text) {
    Territory out;
    auto parsed = core::ParseJson(text);
    if (!parsed.ok() || !parsed->is_object()) return out;
    const auto& o = parsed->get_object();
    if (auto it = o.find("districts"); it != o.end() && it->value().is_array()) {
        for (const auto& d : it->value().get_array()) {
            if (d.is_string()) out.districts.emplace_back(d.get_string());
        }
    }
    if (auto it = o.find("postal_ranges"); it != o.end() && it->value().is_array()) {
        for (const auto& r : it->value().get_array()) {
            if (!r.is_array() || r.get_array().size() != 2 || !r.get_array()[0].is_string() ||
                !r.get_array()[1].is_string()) {
                continue;
            }
            out.postal_ranges.emplace_back(std::string(r.get_array()[0].get_string()),
                                           std::string(r.get_array()[1].get_string()));
        }
    }
    return out;
}

Location FromRow(const store::RowView& r) {
    Location l;
    l.id = LocationId(r.Int(0));
    l.merchant_id = platform::MerchantId(r.Int(1));
    l.kind = ParseLocationKind(r.TextView(2)).value_or(LocationKind::kShop);
    l.name_ko = r.Text(3);
    l.name_en = r.Text(4);
    l.district_code = r.Text(5);
    l.postal_code = r.Text(6);
    l.road_address = r.Text(7);
    l.address_detail = r.Text(8);
    l.phone = r.Text(9);
    l.hours = HoursFrom(r.TextView(10));
    l.pickup = r.Bool(11);
    l.territory = TerritoryFrom(r.TextView(12));
    l.active = r.Bool(13);
    l.version = r.Int(14);
    l.created_at = core::FromUnixMicros(r.Int(15));
    l.updated_at = core::FromUnixMicros(r.Int(16));
    return l;
}

}  // namespace

json::array WeekHoursJson(const WeekHours& hours) {
    json::array days;
    for (const auto& d : hours) {
        if (d) {
            days.push_back(json::object{{"open", d->open}, {"close", d->close}});
        } else {
            days.push_back(nullptr);
        }
    }
    return days;
}

std::string_view LocationKindName(LocationKind kind) {
    return kind == LocationKind::kShop ? "shop" : "warehouse";
}

std::optional<LocationKind> ParseLocationKind(std::string_view name) {
    if (name == "shop") return LocationKind::kShop;
    if (name == "warehouse") return LocationKind::kWarehouse;
    return std::nullopt;
}

bool Territory::Covers(std::string_view district_code, std::string_view postal_code) const {
    if (std::find(districts.begin(), districts.end(), district_code) != districts.end()) return true;
    // Five-digit codes compare as text the way they compare as numbers.
    return std::any_of(postal_ranges.begin(), postal_ranges.end(), [&](const auto& range) {
        return postal_code.size() == 5 && range.first <= postal_code && postal_code <= range.second;
    });
}

namespace {

// Postal codes as numbers, in closed intervals [first, last], sorted and merged.
using Span = std::pair<int, int>;

int PostalNumber(std::string_view code) {
    int n = 0;
    for (char c : code) n = n * 10 + (c - '0');
    return n;
}

std::vector<Span> Merged(std::vector<Span> spans) {
    std::sort(spans.begin(), spans.end());
    std::vector<Span> out;
    for (const Span& s : spans) {
        if (!out.empty() && s.first <= out.back().second + 1) {
            out.back().second = std::max(out.back().second, s.second);
        } else {
            out.push_back(s);
        }
    }
    return out;
}

std::vector<Span> DistrictSpans(std::string_view district, const platform::Region& region) {
    std::vector<Span> out;
    if (const platform::District* d = region.Find(district)) {
        for (const auto& prefix : d->postal_prefixes) {
            int first = PostalNumber(prefix) * 100;
            out.emplace_back(first, first + 99);
        }
    }
    return out;
}

std::vector<Span> SpansOf(const Territory& t, const platform::Region& region) {
    std::vector<Span> spans;
    for (const auto& [first, last] : t.postal_ranges) {
        if (IsDigits(first, 5) && IsDigits(last, 5)) spans.emplace_back(PostalNumber(first), PostalNumber(last));
    }
    for (const auto& d : t.districts) {
        for (const Span& s : DistrictSpans(d, region)) spans.push_back(s);
    }
    return Merged(std::move(spans));
}

std::vector<Span> Intersect(const std::vector<Span>& a, const std::vector<Span>& b) {
    std::vector<Span> out;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        int first = std::max(a[i].first, b[j].first);
        int last = std::min(a[i].second, b[j].second);
        if (first <= last) out.emplace_back(first, last);
        if (a[i].second < b[j].second) {
            ++i;
        } else {
            ++j;
        }
    }
    return out;
}

// `a` without what `b` covers (both merged).
std::vector<Span> Subtract(const std::vector<Span>& a, const std::vector<Span>& b) {
    std::vector<Span> out;
    for (Span s : a) {
        for (const Span& cut : b) {
            if (cut.second < s.first || cut.first > s.second) continue;
            if (cut.first > s.first) out.emplace_back(s.first, cut.first - 1);
            s.first = cut.second + 1;
            if (s.first > s.second) break;
        }
        if (s.first <= s.second) out.push_back(s);
    }
    return out;
}

std::string PostalText(int n) {
    std::string out = std::to_string(n);
    return std::string(5 - std::min<std::size_t>(5, out.size()), '0') + out;
}

}  // namespace

TerritoryOverlap OverlapOf(const Territory& a, const Territory& b, const platform::Region& region) {
    TerritoryOverlap out;
    std::vector<Span> shared_spans;
    for (const auto& d : a.districts) {
        if (std::find(b.districts.begin(), b.districts.end(), d) == b.districts.end()) continue;
        out.districts.push_back(d);
        for (const Span& s : DistrictSpans(d, region)) shared_spans.push_back(s);
    }
    std::sort(out.districts.begin(), out.districts.end());
    // The codes both cover, less those of the districts already named: one overlap is told once.
    std::vector<Span> both =
        Subtract(Intersect(SpansOf(a, region), SpansOf(b, region)), Merged(std::move(shared_spans)));
    for (const Span& s : both) out.postal_ranges.emplace_back(PostalText(s.first), PostalText(s.second));
    return out;
}

core::Result<LocationInput> LocationService::Validate(const LocationInput& input) const {
    LocationInput out = input;
    std::vector<core::FieldError> errors;
    auto text = [&](std::string& value, std::string_view field, core::TextRule rule) {
        auto r = core::NormalizeText(value, field, rule);
        if (r.ok()) {
            value = std::move(*r);
        } else {
            for (auto& f : r.error().fields) errors.push_back(std::move(f));
        }
    };
    text(out.name_ko, "name_ko", {.max_code_points = 100});
    text(out.name_en, "name_en", {.max_code_points = 100, .required = false});
    if (!core::IsPrintableAscii(out.name_en)) {
        errors.push_back({"name_en", "not_ascii", "must be written in Latin letters, digits and punctuation"});
    }
    if (!region_.Find(out.district_code)) {
        errors.push_back({"district_code", "unknown_district", "is not a district of the region"});
    }
    if (!IsDigits(out.postal_code, 5)) {
        errors.push_back({"postal_code", "invalid_postal_code", "must be the 5-digit postal code"});
    }
    text(out.road_address, "road_address", {.max_code_points = 200});
    text(out.address_detail, "address_detail", {.max_code_points = 100, .required = false});
    if (!out.phone.empty()) {
        auto phone = core::NormalizeKoreanPhone(out.phone);
        if (phone) {
            out.phone = *phone;
        } else {
            errors.push_back({"phone", "invalid_phone", "is not a Korean telephone number"});
        }
    }
    for (std::size_t i = 0; i < out.hours.size(); ++i) {
        if (!out.hours[i]) continue;
        std::string field = "hours[" + std::to_string(i) + "]";
        int open = MinutesOf(out.hours[i]->open);
        int close = MinutesOf(out.hours[i]->close);
        if (open < 0) errors.push_back({field + ".open", "invalid_time", "must be a time HH:MM"});
        if (close < 0) errors.push_back({field + ".close", "invalid_time", "must be a time HH:MM up to 24:00"});
        if (open >= 0 && close >= 0 && close <= open) {
            errors.push_back({field + ".close", "closes_before_opening", "must be after the opening time"});
        }
    }
    if (out.pickup && out.kind != LocationKind::kShop) {
        errors.push_back({"pickup", "warehouse_pickup", "only a shop can offer pickup"});
    }
    if (out.territory.districts.size() > kMaxTerritoryDistricts) {
        errors.push_back({"territory.districts", "too_many", "at most 100 districts"});
    } else {
        for (std::size_t i = 0; i < out.territory.districts.size(); ++i) {
            if (!region_.Find(out.territory.districts[i])) {
                errors.push_back({"territory.districts[" + std::to_string(i) + "]", "unknown_district",
                                  "is not a district of the region"});
            }
        }
        std::sort(out.territory.districts.begin(), out.territory.districts.end());
        out.territory.districts.erase(std::unique(out.territory.districts.begin(), out.territory.districts.end()),
                                      out.territory.districts.end());
    }
    if (out.territory.postal_ranges.size() > kMaxTerritoryRanges) {
        errors.push_back({"territory.postal_ranges", "too_many", "at most 100 postal code ranges"});
    } else {
        for (std::size_t i = 0; i < out.territory.postal_ranges.size(); ++i) {
            const auto& [first, last] = out.territory.postal_ranges[i];
            if (!IsDigits(first, 5) || !IsDigits(last, 5) || last < first) {
                errors.push_back({"territory.postal_ranges[" + std::to_string(i) + "]", "invalid_range",
                                  "must be two 5-digit postal codes, the first not after the last"});
            }
        }
    }
    if (!errors.empty()) {
        return core::Error::Invalid("invalid_location", "the location has invalid fields", std::move(errors));
    }
    return out;
}

core::Result<Location> LocationService::Create(platform::MerchantId merchant, const LocationInput& input) {
    JANGTEO_TRY(LocationInput in, Validate(input));
    LocationId id = LocationId::New(random_);
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Result<Location> {
        JANGTEO_TRY(store::Rows count, tx.Query(kCount, {merchant.key()}));
        if (count[0].Int(0) >= static_cast<std::int64_t>(kMaxLocationsPerMerchant)) {
            return core::Error::FailedPrecondition("too_many_locations", "a merchant can have at most 200 locations");
        }
        JANGTEO_TRY(std::int64_t n,
                    tx.Exec(kInsert, {id.key(), merchant.key(), LocationKindName(in.kind), in.name_ko, in.name_en,
                                      in.district_code, in.postal_code, in.road_address, in.address_detail, in.phone,
                                      HoursJson(in.hours), in.pickup, TerritoryJson(in.territory), in.active, now}));
        (void)n;
        return GetInTx(tx, merchant, id);
    });
}

core::Result<Location> LocationService::Update(platform::MerchantId merchant, LocationId id, const LocationInput& input,
                                               std::int64_t expected_version) {
    JANGTEO_TRY(LocationInput in, Validate(input));
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Result<Location> {
        JANGTEO_TRY(Location current, GetInTx(tx, merchant, id));
        if (current.version != expected_version) {
            return core::Error::Conflict("version_changed", "the location was changed meanwhile; load it again");
        }
        if (current.active && !in.active) {
            JANGTEO_TRY(store::Rows holds, tx.Query(kHolds, {id.key(), merchant.key()}));
            if (holds[0].Int(0) > 0) {
                return core::Error::FailedPrecondition(
                    "location_has_stock", "move or count out the stock of this location before closing it");
            }
        }
        JANGTEO_TRY(std::int64_t n, tx.Exec(kUpdate, {id.key(), merchant.key(), LocationKindName(in.kind), in.name_ko,
                                                      in.name_en, in.district_code, in.postal_code, in.road_address,
                                                      in.address_detail, in.phone, HoursJson(in.hours), in.pickup,
                                                      TerritoryJson(in.territory), in.active, now, expected_version}));
        if (n != 1)
            return core::Error::Conflict("version_changed", "the location was changed meanwhile; load it again");
        return GetInTx(tx, merchant, id);
    });
}

core::Result<Location> LocationService::Get(platform::MerchantId merchant, LocationId id) {
    return db_.Read([&](store::Tx& tx) { return GetInTx(tx, merchant, id); });
}

core::Result<Location> LocationService::GetInTx(store::Tx& tx, platform::MerchantId merchant, LocationId id) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGet, {id.key(), merchant.key()}));
    if (rows.empty()) return NotFound();
    return FromRow(rows[0]);
}

core::Result<std::vector<Location>> LocationService::List(platform::MerchantId merchant) {
    return db_.Read([&](store::Tx& tx) { return ListInTx(tx, merchant); });
}

core::Result<std::vector<Location>> LocationService::ListInTx(store::Tx& tx, platform::MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kList, {merchant.key()}));
    std::vector<Location> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(FromRow(rows[i]));
    return out;
}

core::Result<std::vector<TerritoryWarning>> LocationService::OverlapsOf(platform::MerchantId merchant,
                                                                        const Location& location) {
    return db_.Read([&](store::Tx& tx) { return OverlapsOfInTx(tx, merchant, location); });
}

core::Result<std::vector<TerritoryWarning>> LocationService::OverlapsOfInTx(store::Tx& tx,
                                                                            platform::MerchantId merchant,
                                                                            const Location& location) {
    std::vector<TerritoryWarning> out;
    if (!location.active || location.kind != LocationKind::kShop) return out;
    if (location.territory.districts.empty() && location.territory.postal_ranges.empty()) return out;
    JANGTEO_TRY(std::vector<Location> all, ListInTx(tx, merchant));
    for (const Location& other : all) {
        if (other.id == location.id || !other.active || other.kind != LocationKind::kShop) continue;
        TerritoryOverlap overlap = OverlapOf(location.territory, other.territory, region_);
        if (overlap.empty()) continue;
        out.push_back({other.id, other.name_ko, other.name_en, std::move(overlap)});
    }
    return out;
}

core::Result<std::vector<Location>> LocationService::PickupPlacesInTx(store::Tx& tx,
                                                                      std::span<const platform::MerchantId> merchants) {
    std::vector<Location> out;
    if (merchants.empty()) return out;
    std::string list = "[";
    for (std::size_t i = 0; i < merchants.size(); ++i) {
        if (i) list += ',';
        list += std::to_string(merchants[i].key());
    }
    list += ']';
    JANGTEO_TRY(store::Rows rows,
                tx.Query(tx.dialect() == store::Dialect::kSqlite ? kPickupSqlite : kPickupPostgres, {list}));
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(FromRow(rows[i]));
    return out;
}

}  // namespace jangteo::inventory
