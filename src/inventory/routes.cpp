// The merchant's locations over HTTP: list, create, read, replace (which also closes and reopens).
#include "inventory/routes.hpp"

#include "platform/http_util.hpp"

namespace jangteo::inventory {

namespace json = core::json;
using platform::web::ArrayOf;
using platform::web::BodyObject;
using platform::web::BodyReader;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::ListSchema;
using platform::web::ObjectSchema;
using platform::web::StringSchema;
using platform::web::Time;
using platform::web::TimeSchema;

namespace {

constexpr http::Access kInventoryRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "inventory:read"};
// Opening and closing locations is the owner's; stock moves are the staff's (flows/routes_stock.cpp).
constexpr http::Access kLocationsWrite{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner, .key_scope = "inventory:write"};

platform::MerchantId PathMerchant(const http::Request& request) {
    return *CallerOf(request).merchant;
}

LocationId PathLocation(const http::Request& request) {
    return LocationId::Parse(request.Param("location_id")).value();
}

core::Result<LocationInput> InputOf(const json::object& body) {
    BodyReader read;
    LocationInput in;
    std::string kind = read.Text(body, "kind", "kind", true);
    if (!kind.empty()) {
        if (auto k = ParseLocationKind(kind)) {
            in.kind = *k;
        } else {
            read.errors.push_back({"kind", "unknown_kind", "must be shop or warehouse"});
        }
    }
    in.name_ko = read.Text(body, "name_ko", "name_ko");
    in.name_en = read.Text(body, "name_en", "name_en");
    in.district_code = read.Text(body, "district_code", "district_code", true);
    in.postal_code = read.Text(body, "postal_code", "postal_code", true);
    in.road_address = read.Text(body, "road_address", "road_address");
    in.address_detail = read.Text(body, "address_detail", "address_detail");
    in.phone = read.Text(body, "phone", "phone");
    in.pickup = read.Bool(body, "pickup", "pickup", false).value_or(false);
    in.active = read.Bool(body, "active", "active", false).value_or(true);
    if (const json::array* hours = read.Array(body, "hours", "hours", false)) {
        if (hours->size() != 7) {
            read.errors.push_back({"hours", "seven_days", "must list seven days, Monday first"});
        } else {
            for (std::size_t i = 0; i < 7; ++i) {
                if ((*hours)[i].is_null()) continue;
                std::string path = "hours[" + std::to_string(i) + "]";
                const json::object* day = read.Object((*hours)[i], path);
                if (!day) continue;
                in.hours[i] = DayHours{read.Text(*day, "open", path + ".open", true),
                                       read.Text(*day, "close", path + ".close", true)};
            }
        }
    }
    if (const json::object* t = read.Object(body, "territory", "territory", false)) {
        if (const json::array* districts = read.Array(*t, "districts", "territory.districts", false)) {
            if (districts->size() > kMaxTerritoryDistricts) {
                read.errors.push_back({"territory.districts", "too_many", "at most 100 districts"});
            } else {
                for (std::size_t i = 0; i < districts->size(); ++i) {
                    if (!(*districts)[i].is_string()) {
                        read.errors.push_back(
                            {"territory.districts[" + std::to_string(i) + "]", "wrong_type", "must be text"});
                        continue;
                    }
                    in.territory.districts.emplace_back((*districts)[i].get_string());
                }
            }
        }
        if (const json::array* ranges = read.Array(*t, "postal_ranges", "territory.postal_ranges", false)) {
            if (ranges->size() > kMaxTerritoryRanges) {
                read.errors.push_back({"territory.postal_ranges", "too_many", "at most 100 ranges"});
            } else {
                for (std::size_t i = 0; i < ranges->size(); ++i) {
                    const json::value& r = (*ranges)[i];
                    if (!r.is_array() || r.get_array().size() != 2 || !r.get_array()[0].is_string() ||
                        !r.get_array()[1].is_string()) {
                        read.errors.push_back({"territory.postal_ranges[" + std::to_string(i) + "]", "wrong_type",
                                               "must be two postal codes [first, last]"});
                        continue;
                    }
                    in.territory.postal_ranges.emplace_back(std::string(r.get_array()[0].get_string()),
                                                            std::string(r.get_array()[1].get_string()));
                }
            }
        }
    }
    if (!read.errors.empty()) return read.Fail("invalid_location", "the location has invalid fields");
    return in;
}

core::Result<std::int64_t> VersionOf(const json::object& body) {
    BodyReader read;
    auto version = read.Whole(body, "version", "version", true);
    if (!version || *version < 1) {
        return core::Error::Invalid("invalid_version", "version must be the version of the location that was read",
                                    {{"version", "required", "must be the version that was read"}});
    }
    return *version;
}

json::object LocationInputSchema(bool with_version) {
    json::object day{{"type", json::array{"object", "null"}},
                     {"required", json::array{"open", "close"}},
                     {"properties", json::object{{"open", json::object{{"type", "string"}, {"example", "09:00"}}},
                                                 {"close", json::object{{"type", "string"}, {"example", "21:00"}}}}}};
    json::object props{
        {"kind", json::object{{"enum", json::array{"shop", "warehouse"}}}},
        {"name_ko", StringSchema()},
        {"name_en", StringSchema()},
        {"district_code", StringSchema()},
        {"postal_code", json::object{{"type", "string"}, {"pattern", "^[0-9]{5}$"}}},
        {"road_address", StringSchema()},
        {"address_detail", StringSchema()},
        {"phone", StringSchema()},
        {"hours", json::object{{"type", "array"}, {"minItems", 7}, {"maxItems", 7}, {"items", day}}},
        {"pickup", json::object{{"type", "boolean"}}},
        {"active", json::object{{"type", "boolean"}}},
        {"territory",
         json::object{{"type", "object"},
                      {"properties", json::object{{"districts", ArrayOf(StringSchema())},
                                                  {"postal_ranges", ArrayOf(json::object{{"type", "array"},
                                                                                         {"items", StringSchema()},
                                                                                         {"minItems", 2},
                                                                                         {"maxItems", 2}})}}}}}};
    json::array required{"kind", "name_ko", "district_code", "postal_code", "road_address"};
    if (with_version) {
        props["version"] = json::object{{"type", "integer"}};
        required.push_back("version");
    }
    return ObjectSchema(std::move(required), std::move(props));
}

}  // namespace

json::object LocationJson(const Location& l, const platform::Region& region) {
    json::array districts;
    for (const auto& d : l.territory.districts) districts.push_back(json::value(d));
    json::array ranges;
    for (const auto& [first, last] : l.territory.postal_ranges) {
        ranges.push_back(json::array{json::value(first), json::value(last)});
    }
    const platform::District* district = region.Find(l.district_code);
    return json::object{
        {"id", l.id.ToString()},
        {"merchant_id", l.merchant_id.ToString()},
        {"kind", LocationKindName(l.kind)},
        {"name_ko", l.name_ko},
        {"name_en", l.name_en},
        {"district_code", l.district_code},
        {"district",
         district ? json::value(platform::web::Localized(district->name_ko, district->name_en)) : json::value(nullptr)},
        {"postal_code", l.postal_code},
        {"road_address", l.road_address},
        {"address_detail", l.address_detail},
        {"phone", l.phone},
        {"hours", WeekHoursJson(l.hours)},
        {"pickup", l.pickup},
        {"territory", json::object{{"districts", std::move(districts)}, {"postal_ranges", std::move(ranges)}}},
        {"active", l.active},
        {"version", l.version},
        {"created_at", Time(l.created_at)},
        {"updated_at", Time(l.updated_at)}};
}

json::object LocationSchema() {
    json::object schema = LocationInputSchema(true);
    json::object& props = schema["properties"].as_object();
    props["id"] = IdSchema("loc");
    props["merchant_id"] = IdSchema("mrc");
    props["district"] = platform::web::LocalizedSchema();
    props["created_at"] = TimeSchema();
    props["updated_at"] = TimeSchema();
    return schema;
}

namespace {

// Territory overlaps with the merchant's other active shops: allowed, and told.
json::array WarningsJson(const std::vector<TerritoryWarning>& warnings) {
    json::array out;
    for (const auto& w : warnings) {
        json::array districts;
        for (const auto& d : w.overlap.districts) districts.push_back(json::value(d));
        json::array ranges;
        for (const auto& [first, last] : w.overlap.postal_ranges) {
            ranges.push_back(json::array{json::value(first), json::value(last)});
        }
        out.push_back(json::object{{"code", "territory_overlap"},
                                   {"location_id", w.location.ToString()},
                                   {"name_ko", w.name_ko},
                                   {"name_en", w.name_en},
                                   {"districts", std::move(districts)},
                                   {"postal_ranges", std::move(ranges)},
                                   {"message", "the territory overlaps that of another active shop of the merchant"}});
    }
    return out;
}

json::object WarningSchema() {
    return ObjectSchema(json::array{"code", "location_id", "districts", "postal_ranges"},
                        json::object{{"code", json::object{{"enum", json::array{"territory_overlap"}}}},
                                     {"location_id", IdSchema("loc")},
                                     {"name_ko", StringSchema()},
                                     {"name_en", StringSchema()},
                                     {"districts", ArrayOf(StringSchema())},
                                     {"postal_ranges", ArrayOf(ArrayOf(StringSchema()))},
                                     {"message", StringSchema()}});
}

// One location as answered by its own routes: with the warnings of its territory.
core::Result<json::object> WithWarnings(LocationService& locations, const Location& l) {
    JANGTEO_TRY(std::vector<TerritoryWarning> warnings, locations.OverlapsOf(l.merchant_id, l));
    json::object out = LocationJson(l, locations.region());
    out["warnings"] = WarningsJson(warnings);
    return out;
}

json::object LocationWithWarningsSchema() {
    json::object schema = LocationSchema();
    schema["properties"].as_object()["warnings"] = ArrayOf(WarningSchema());
    return schema;
}

}  // namespace

void AddRoutes(http::Router& router, LocationService& locations) {
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/locations",
                .handler = [&locations](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(std::vector<Location> all, locations.List(PathMerchant(request)));
                    json::array items;
                    for (const auto& l : all) items.push_back(LocationJson(l, locations.region()));
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "The merchant's shops and warehouses",
                        .description = "Oldest first; a merchant has at most 200, so there are no pages.",
                        .tag = "inventory",
                        .operation_id = "listLocations",
                        .response_schema = ListSchema(LocationSchema(), false),
                        .error_statuses = {}},
                .access = kInventoryRead});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/locations",
                .handler = [&locations](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(LocationInput input, InputOf(body));
                    JANGTEO_TRY(Location made, locations.Create(PathMerchant(request), input));
                    JANGTEO_TRY(json::object answer, WithWarnings(locations, made));
                    http::Response r = http::Response::Json(201, answer);
                    r.SetHeader("Location", "/api/v1/merchants/" + made.merchant_id.ToString() + "/locations/" +
                                                made.id.ToString());
                    return r;
                },
                .doc = {.summary = "Add a shop or a warehouse",
                        .description = "Every problem at once, by field: name_ko, district_code (a district of "
                                       "the region), postal_code (5 digits), road_address, phone, hours[i] "
                                       "(HH:MM, closing after opening), pickup (shops only), territory. 409 "
                                       "too_many_locations beyond 200. Owners only. A territory that overlaps "
                                       "another active shop's is saved, and `warnings` names that shop and the "
                                       "shared districts and postal code ranges.",
                        .tag = "inventory",
                        .operation_id = "createLocation",
                        .request_schema = LocationInputSchema(false),
                        .success_status = 201,
                        .response_schema = LocationWithWarningsSchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kLocationsWrite});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/locations/{location_id:loc}",
                .handler = [&locations](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(Location l, locations.Get(PathMerchant(request), PathLocation(request)));
                    JANGTEO_TRY(json::object answer, WithWarnings(locations, l));
                    return http::Response::Json(200, answer);
                },
                .doc = {.summary = "One of the merchant's locations",
                        .description = "With `warnings`: the other active shops whose territory overlaps its own.",
                        .tag = "inventory",
                        .operation_id = "getLocation",
                        .response_schema = LocationWithWarningsSchema(),
                        .error_statuses = {}},
                .access = kInventoryRead});

    router.Add({.method = http::Method::kPut,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/locations/{location_id:loc}",
                .handler = [&locations](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::int64_t version, VersionOf(body));
                    JANGTEO_TRY(LocationInput input, InputOf(body));
                    JANGTEO_TRY(Location l,
                                locations.Update(PathMerchant(request), PathLocation(request), input, version));
                    JANGTEO_TRY(json::object answer, WithWarnings(locations, l));
                    return http::Response::Json(200, answer);
                },
                .doc = {.summary = "Replace a location's fields; close or reopen it",
                        .description = "version is the version that was read (409 version_changed). active: false "
                                       "closes the location: refused with 409 location_has_stock while it holds "
                                       "stock or reservations. Errors and `warnings` as createLocation. Owners "
                                       "only.",
                        .tag = "inventory",
                        .operation_id = "updateLocation",
                        .request_schema = LocationInputSchema(true),
                        .response_schema = LocationWithWarningsSchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kLocationsWrite});
}

}  // namespace jangteo::inventory
