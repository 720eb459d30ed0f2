#include "http/openapi.hpp"

#include <map>
#include <set>

#include "http/problem.hpp"

namespace jangteo::http {

namespace json = core::json;

std::string OpenApiPath(std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size());
    bool in_param = false, skipping = false;
    for (char c : pattern) {
        if (c == '{') {
            in_param = true;
            skipping = false;
        } else if (c == '}') {
            in_param = false;
            skipping = false;
        } else if (in_param && c == ':') {
            skipping = true;
            continue;
        }
        if (!skipping) out.push_back(c);
    }
    return out;
}

namespace {
json::value ParamSchema(const PathParamSpec& spec) {
    switch (spec.type) {
        case ParamType::kInt: return json::object{{"type", "integer"}, {"minimum", 0}};
        case ParamType::kId:
            return json::object{{"type", "string"}, {"pattern", "^" + spec.id_prefix + "_[0-9a-hjkmnp-tv-z]{13}$"}};
        default: return json::object{{"type", "string"}, {"minLength", 1}};
    }
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return out;
}
}  // namespace

std::vector<std::string> ValidateRouteDocs(const Router& router) {
    std::vector<std::string> problems;
    std::set<std::string> ids;
    for (const auto& route : router.routes()) {
        std::string name = std::string(MethodName(route->method)) + " " + route->pattern;
        const RouteDoc& d = route->doc;
        if (d.summary.empty()) problems.push_back(name + ": no summary");
        if (d.tag.empty()) problems.push_back(name + ": no tag");
        if (d.operation_id.empty()) problems.push_back(name + ": no operation id");
        if (!d.operation_id.empty() && !ids.insert(d.operation_id).second) {
            problems.push_back(name + ": operation id used twice");
        }
        if (d.success_status != 204 && d.response_schema.is_null()) problems.push_back(name + ": no response schema");
        if (route->body == BodyKind::kJson && d.request_schema.is_null()) {
            problems.push_back(name + ": takes JSON but has no request schema");
        }
    }
    return problems;
}

std::string BuildOpenApi(const Router& router, const ApiInfo& info) {
    json::object paths;
    for (const auto& route : router.routes()) {
        const RouteDoc& d = route->doc;
        json::object op;
        op["operationId"] = d.operation_id;
        op["summary"] = d.summary;
        if (!d.description.empty()) op["description"] = d.description;
        op["tags"] = json::array{json::value(d.tag)};

        json::array params;
        for (const PathParamSpec& spec : ParsePathParams(route->pattern)) {
            params.push_back(
                json::object{{"name", spec.name}, {"in", "path"}, {"required", true}, {"schema", ParamSchema(spec)}});
        }
        for (const QueryParamDoc& q : d.query) {
            json::object p{{"name", q.name},
                           {"in", "query"},
                           {"required", q.required},
                           {"schema", q.schema.is_null() ? json::value(json::object{{"type", "string"}}) : q.schema}};
            if (!q.description.empty()) p["description"] = q.description;
            params.push_back(std::move(p));
        }
        if (!params.empty()) op["parameters"] = std::move(params);

        if (route->body == BodyKind::kJson) {
            op["requestBody"] = json::object{
                {"required", true},
                {"content", json::object{{"application/json", json::object{{"schema", d.request_schema}}}}}};
        } else if (route->body == BodyKind::kBytes) {
            json::object content;
            for (const auto& type : d.request_types) {
                content[type] = json::object{{"schema", json::object{{"type", "string"}, {"format", "binary"}}}};
            }
            op["requestBody"] = json::object{{"required", true}, {"content", std::move(content)}};
        }

        json::object responses;
        json::object success{{"description", std::string(StatusTitle(d.success_status))}};
        if (d.success_status != 204) {
            success["content"] = json::object{{d.success_content_type, json::object{{"schema", d.response_schema}}}};
        }
        responses[std::to_string(d.success_status)] = std::move(success);
        std::set<int> errors(d.error_statuses.begin(), d.error_statuses.end());
        errors.insert(500);
        const Access& access = route->access;
        json::object access_doc{{"audience", AudienceName(access.audience)}};
        json::array security;
        if (access.audience == Audience::kPublic) {
            op["security"] = json::array{};
        } else if (access.audience == Audience::kShopper) {
            // A guest or a signed-in person: the session is optional.
            op["security"] = json::array{json::object{}, json::object{{"session", json::array{}}}};
            errors.insert(403);
        } else {
            security.push_back(json::object{{"session", json::array{}}});
            errors.insert(401);
            errors.insert(403);
            if (access.audience == Audience::kMerchant) {
                errors.insert(404);
                access_doc["role"] = MerchantRoleName(access.role);
                access_doc["inactive_merchant"] = access.inactive_merchant;
                if (!access.key_scope.empty()) {
                    access_doc["key_scope"] = access.key_scope;
                    security.push_back(json::object{{"apiKey", json::array{json::value(access.key_scope)}}});
                }
            }
            op["security"] = std::move(security);
        }
        op["x-jangteo-access"] = std::move(access_doc);
        if (route->body == BodyKind::kJson) {
            errors.insert(400);
            errors.insert(413);
            errors.insert(415);
        } else if (route->body == BodyKind::kBytes) {
            errors.insert(400);
            errors.insert(413);
        }
        for (int status : errors) {
            responses[std::to_string(status)] = json::object{
                {"description", std::string(StatusTitle(status))},
                {"content",
                 json::object{{"application/problem+json",
                               json::object{{"schema", json::object{{"$ref", "#/components/schemas/Problem"}}}}}}}};
        }
        op["responses"] = std::move(responses);

        std::string path = OpenApiPath(route->pattern);
        json::object& item = paths[path].is_object() ? paths[path].as_object() : paths[path].emplace_object();
        item[Lower(MethodName(route->method))] = std::move(op);
    }

    json::object problem_schema{
        {"type", "object"},
        {"description", "An error answer (RFC 9457)."},
        {"required", json::array{"type", "title", "status"}},
        {"properties",
         json::object{
             {"type", json::object{{"type", "string"}, {"description", "/problems/<reason>, stable per case"}}},
             {"title", json::object{{"type", "string"}}},
             {"status", json::object{{"type", "integer"}}},
             {"detail", json::object{{"type", "string"}}},
             {"request_id", json::object{{"type", "string"}}},
             {"errors",
              json::object{
                  {"type", "array"},
                  {"items", json::object{{"type", "object"},
                                         {"properties",
                                          json::object{
                                              {"field", json::object{{"type", "string"}}},
                                              {"code", json::object{{"type", "string"},
                                                                    {"description", "stable, for translation"}}},
                                              {"message", json::object{{"type", "string"}}},
                                          }}}}}},
         }}};

    json::object doc{
        {"openapi", "3.1.0"},
        {"info", json::object{{"title", info.title}, {"version", info.version}, {"description", info.description}}},
        {"paths", std::move(paths)},
        {"components",
         json::object{
             {"schemas", json::object{{"Problem", std::move(problem_schema)}}},
             {"securitySchemes",
              json::object{{"session", json::object{{"type", "apiKey"},
                                                    {"in", "cookie"},
                                                    {"name", info.session_cookie},
                                                    {"description",
                                                     "The session cookie set by sign-in. Unsafe methods must also send "
                                                     "X-CSRF-Token with the csrf_token of the session."}}},
                           {"apiKey", json::object{{"type", "http"},
                                                   {"scheme", "bearer"},
                                                   {"description",
                                                    "A merchant's API key (jtk_…), for POS devices and partner "
                                                    "systems; it reaches the routes of its scopes."}}}}}}},
    };
    return core::ToJson(doc);
}

}  // namespace jangteo::http
