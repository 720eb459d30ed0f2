#include "platform/routes.hpp"

#include "core/validate.hpp"
#include "platform/http_util.hpp"
#include "platform/industry.hpp"
#include "platform/operator.hpp"
#include "platform/region.hpp"

namespace jangteo::platform {

namespace json = core::json;
using namespace web;  // NOLINT(google-build-using-namespace): the helpers of the route files

namespace {

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

void AddRoutes(http::Router& router, Services& services) {
    web::AddReferenceRoutes(router, services);
    web::AddAccountRoutes(router, services);
    web::AddMerchantRoutes(router, services);
    web::AddKeyRoutes(router, services);
}

namespace web {

void AddReferenceRoutes(http::Router& router, Services& s) {
    OperatorService& operators = s.operators;
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
             JANGTEO_TRY(std::string text, web::RequiredString(body, "number"));
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

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/districts",
         .handler = [&s](http::Request&) -> core::Result<http::Response> {
             json::array items;
             for (const auto& d : s.region.districts) {
                 items.push_back(json::object{{"code", d.code}, {"name", Localized(d.name_ko, d.name_en)}});
             }
             return http::Response::Json(
                 200, json::object{{"region", json::object{{"code", s.region.code},
                                                           {"name", Localized(s.region.name_ko, s.region.name_en)}}},
                                   {"items", std::move(items)}});
         },
         .doc = {.summary = "The region and its districts",
                 .description = "From the configuration (region_file); Busan's 16 gu and gun by default, "
                                "under their administrative codes.",
                 .tag = "platform",
                 .operation_id = "listDistricts",
                 .response_schema = ObjectSchema(
                     json::array{"region", "items"},
                     json::object{
                         {"region", ObjectSchema(json::array{"code", "name"},
                                                 json::object{{"code", StringSchema()}, {"name", LocalizedSchema()}})},
                         {"items", ArrayOf(ObjectSchema(
                                       json::array{"code", "name"},
                                       json::object{{"code", StringSchema()}, {"name", LocalizedSchema()}}))}})},
         .access = http::kPublicAccess,
         .may_block = false});

    auto industry_json = [](const Industry& i) {
        return json::object{{"code", i.code},
                            {"name", Localized(i.name_ko, i.name_en)},
                            {"position", i.position},
                            {"active", i.active}};
    };
    json::object industry_schema = ObjectSchema(json::array{"code", "name", "position", "active"},
                                                json::object{{"code", StringSchema()},
                                                             {"name", LocalizedSchema()},
                                                             {"position", json::object{{"type", "integer"}}},
                                                             {"active", json::object{{"type", "boolean"}}}});
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/industries",
                .handler = [&s, industry_json](http::Request&) -> core::Result<http::Response> {
                    JANGTEO_TRY(std::vector<Industry> list, s.industries.ListIndustries(false));
                    json::array items;
                    for (const auto& i : list) items.push_back(industry_json(i));
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "The industries a merchant may choose",
                        .description = "The operator's code list, in its order; retired industries are left out.",
                        .tag = "platform",
                        .operation_id = "listIndustries",
                        .response_schema = ListSchema(industry_schema, false)},
                .access = http::kPublicAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/operator/industries",
                .handler = [&s, industry_json](http::Request&) -> core::Result<http::Response> {
                    JANGTEO_TRY(std::vector<Industry> list, s.industries.ListIndustries(true));
                    json::array items;
                    for (const auto& i : list) items.push_back(industry_json(i));
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "Every industry of the code list, retired ones too",
                        .tag = "operator",
                        .operation_id = "listAllIndustries",
                        .response_schema = ListSchema(industry_schema, false)},
                .access = http::kOperatorAccess});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/operator/industries",
         .handler = [&s, industry_json](http::Request& request) -> core::Result<http::Response> {
             const Caller& caller = CallerOf(request);
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(std::string code, RequiredString(body, "code"));
             JANGTEO_TRY(std::string ko, RequiredString(body, "name_ko"));
             JANGTEO_TRY(std::string en, RequiredString(body, "name_en"));
             JANGTEO_TRY(Industry made, s.industries.AddIndustry(code, ko, en, *caller.user, caller.client_address));
             return http::Response::Json(201, industry_json(made));
         },
         .doc = {.summary = "Add an industry to the code list",
                 .description = "code: 2 to 32 of a-z, 0-9 and _, stable once merchants use it.",
                 .tag = "operator",
                 .operation_id = "addIndustry",
                 .request_schema = ObjectSchema(
                     json::array{"code", "name_ko", "name_en"},
                     json::object{{"code", StringSchema()}, {"name_ko", StringSchema()}, {"name_en", StringSchema()}}),
                 .success_status = 201,
                 .response_schema = industry_schema,
                 .error_statuses = {409, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kOperatorAccess});

    router.Add(
        {.method = http::Method::kPut,
         .pattern = "/api/v1/operator/industries/{code}",
         .handler = [&s, industry_json](http::Request& request) -> core::Result<http::Response> {
             const Caller& caller = CallerOf(request);
             JANGTEO_TRY(json::object body, BodyObject(request));
             auto it = body.find("active");
             if (it == body.end() || !it->value().is_bool()) {
                 return core::Error::Invalid("invalid_industry", "active must be true or false",
                                             {{"active", "wrong_type", "must be true or false"}});
             }
             JANGTEO_TRY(Industry changed, s.industries.SetIndustryActive(request.Param("code"), it->value().get_bool(),
                                                                          *caller.user, caller.client_address));
             return http::Response::Json(200, industry_json(changed));
         },
         .doc = {.summary = "Retire an industry or offer it again",
                 .description = "A retired industry is no longer offered to applicants; merchants keep it.",
                 .tag = "operator",
                 .operation_id = "setIndustryActive",
                 .request_schema =
                     ObjectSchema(json::array{"active"}, json::object{{"active", json::object{{"type", "boolean"}}}}),
                 .response_schema = industry_schema,
                 .error_statuses = {404, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kOperatorAccess});
}

}  // namespace web
}  // namespace jangteo::platform
