#include "platform/routes.hpp"

#include "core/validate.hpp"

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
// Reads a required string field of a request body, or says which field is wrong and why.
core::Result<std::string> RequiredString(const json::object& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end() || it->value().is_null()) {
        return core::Error::Invalid("missing_field", std::string(field) + " is required",
                                    {{std::string(field), "required", "is required"}});
    }
    if (!it->value().is_string()) {
        return core::Error::Invalid("wrong_type", std::string(field) + " must be a string",
                                    {{std::string(field), "wrong_type", "must be a string"}});
    }
    return std::string(it->value().get_string());
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
                        .error_statuses = {404}},
                .access = http::kPublicAccess});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/validations/business-number",
         .handler = [](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, core::ParseJsonObject(request.body));
             JANGTEO_TRY(std::string text, RequiredString(body, "number"));
             JANGTEO_TRY(std::string digits, core::NormalizeBusinessNumber(text, "number"));
             return http::Response::Json(
                 200, json::object{{"number", digits}, {"formatted", core::FormatBusinessNumber(digits)}});
         },
         .doc = {.summary = "Check a business registration number (사업자등록번호)",
                 .description = "Accepts the 10 digits with or without hyphens and verifies the check digit. "
                                "Answers the normalized number, or 422 with the reason under errors.number. "
                                "Forms use it to check the number as it is typed; every endpoint that "
                                "takes a business number applies the same rule.",
                 .tag = "platform",
                 .operation_id = "validateBusinessNumber",
                 .request_schema =
                     json::object{{"type", "object"},
                                  {"required", json::array{"number"}},
                                  {"properties",
                                   json::object{{"number", json::object{{"type", "string"},
                                                                        {"examples", json::array{"123-45-67891"}}}}}}},
                 .response_schema =
                     json::object{{"type", "object"},
                                  {"required", json::array{"number", "formatted"}},
                                  {"properties", json::object{{"number", json::object{{"type", "string"},
                                                                                      {"pattern", "^[0-9]{10}$"}}},
                                                              {"formatted", json::object{{"type", "string"}}}}}},
                 .error_statuses = {422}},
         .body = http::BodyKind::kJson,
         .access = http::kPublicAccess,
         .may_block = false});
}

}  // namespace jangteo::platform
