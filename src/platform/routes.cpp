#include "platform/routes.hpp"

namespace jangteo::platform {

namespace json = core::json;

namespace {
json::value LocalizedSchema() {
    return json::object{{"type", "object"},
                        {"required", json::array{"ko", "en"}},
                        {"properties", json::object{{"ko", json::object{{"type", "string"}}},
                                                    {"en", json::object{{"type", "string"}}}}}};
}

json::value OperatorSchema() {
    return json::object{
        {"type", "object"},
        {"required", json::array{"id", "name", "region", "currency", "time_zone", "created_at", "updated_at"}},
        {"properties", json::object{{"id", json::object{{"type", "string"}, {"pattern", "^opr_"}}},
                                    {"name", LocalizedSchema()},
                                    {"region", LocalizedSchema()},
                                    {"currency", json::object{{"const", "KRW"}}},
                                    {"time_zone", json::object{{"const", "Asia/Seoul"}}},
                                    {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                                    {"updated_at", json::object{{"type", "string"}, {"format", "date-time"}}}}}};
}

json::object ToJson(const Operator& op) {
    return json::object{{"id", op.id.ToString()},
                        {"name", json::object{{"ko", op.name_ko}, {"en", op.name_en}}},
                        {"region", json::object{{"ko", op.region_ko}, {"en", op.region_en}}},
                        {"currency", "KRW"},
                        {"time_zone", "Asia/Seoul"},
                        {"created_at", core::FormatRfc3339(op.created_at)},
                        {"updated_at", core::FormatRfc3339(op.updated_at)}};
}
}  // namespace

void AddRoutes(http::Router& router, OperatorService& operators) {
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/operator",
                .handler = [&operators](http::Request&) -> core::Result<http::Response> {
                    JANGTEO_TRY(Operator op, operators.Get());
                    return http::Response::Json(200, ToJson(op));
                },
                .doc = {.summary = "The operator that runs this instance",
                        .description = "The association that runs this Jangteo: its names in Korean and English, "
                                       "its region, the currency and the time zone of the portal.",
                        .tag = "platform",
                        .operation_id = "getOperator",
                        .response_schema = OperatorSchema(),
                        .error_statuses = {404}}});
}

}  // namespace jangteo::platform
