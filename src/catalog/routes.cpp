#include "catalog/routes.hpp"

#include "catalog/category.hpp"
#include "platform/http_util.hpp"

namespace jangteo::catalog {

namespace json = core::json;
using platform::web::ArrayOf;
using platform::web::BodyObject;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::Localized;
using platform::web::LocalizedSchema;
using platform::web::ObjectSchema;
using platform::web::OptionalString;
using platform::web::RequiredString;
using platform::web::StringSchema;
using platform::web::Time;
using platform::web::TimeSchema;

namespace {

json::object AttributeJson(const AttributeDef& a) {
    json::array choices;
    for (const auto& c : a.choices)
        choices.push_back(json::object{{"code", c.code}, {"name", Localized(c.name_ko, c.name_en)}});
    return json::object{{"code", a.code},
                        {"name", Localized(a.name_ko, a.name_en)},
                        {"type", AttributeTypeName(a.type)},
                        {"required", a.required},
                        {"unit", a.unit},
                        {"choices", std::move(choices)}};
}

json::object CategoryJson(const Category& c) {
    json::array attributes;
    for (const auto& a : c.attributes) attributes.push_back(AttributeJson(a));
    return json::object{{"id", c.id.ToString()},
                        {"parent_id", c.parent ? json::value(c.parent->ToString()) : json::value(nullptr)},
                        {"code", c.code},
                        {"name", Localized(c.name_ko, c.name_en)},
                        {"position", c.position},
                        {"active", c.active},
                        {"attributes", std::move(attributes)},
                        {"updated_at", Time(c.updated_at)}};
}

json::object AttributeSchema() {
    return ObjectSchema(
        json::array{"code", "name", "type", "required", "unit", "choices"},
        json::object{
            {"code", StringSchema()},
            {"name", LocalizedSchema()},
            {"type", json::object{{"enum", json::array{"text", "integer", "decimal", "boolean", "choice", "date"}}}},
            {"required", json::object{{"type", "boolean"}}},
            {"unit", StringSchema()},
            {"choices", ArrayOf(ObjectSchema(json::array{"code", "name"},
                                             json::object{{"code", StringSchema()}, {"name", LocalizedSchema()}}))}});
}

json::object CategorySchema() {
    return ObjectSchema(
        json::array{"id", "parent_id", "code", "name", "position", "active", "attributes", "updated_at"},
        json::object{{"id", IdSchema("cat")},
                     {"parent_id", json::object{{"type", json::array{"string", "null"}}}},
                     {"code", StringSchema()},
                     {"name", LocalizedSchema()},
                     {"position", json::object{{"type", "integer"}}},
                     {"active", json::object{{"type", "boolean"}}},
                     {"attributes", ArrayOf(AttributeSchema())},
                     {"updated_at", TimeSchema()}});
}

json::object TreeSchema() {
    return ObjectSchema(json::array{"version", "items"}, json::object{{"version", json::object{{"type", "integer"}}},
                                                                      {"items", ArrayOf(CategorySchema())}});
}

// The whole tree (or its visible part) with an ETag of its version, and 304 for a client that has it.
core::Result<http::Response> TreeResponse(CategoryService& categories, const http::Request& request, bool all) {
    JANGTEO_TRY(std::shared_ptr<const CategoryTree> tree, categories.Tree());
    std::string etag = "\"cat-" + std::to_string(tree->version()) + (all ? "-all\"" : "\"");
    if (auto given = request.Header("if-none-match"); given && *given == etag) {
        http::Response r = http::Response::Empty(304);
        r.SetHeader("ETag", etag);
        return r;
    }
    json::array items;
    for (const auto& c : tree->All()) {
        if (all || tree->Visible(c.id)) items.push_back(CategoryJson(c));
    }
    http::Response r =
        http::Response::Json(200, json::object{{"version", tree->version()}, {"items", std::move(items)}});
    r.SetHeader("ETag", etag);
    r.SetHeader("Cache-Control", all ? "private, no-cache" : "public, no-cache");
    return r;
}

core::Result<std::optional<CategoryId>> OptionalCategory(const json::object& body, std::string_view field) {
    JANGTEO_TRY(std::optional<std::string> text, OptionalString(body, field));
    if (!text) return std::optional<CategoryId>();
    auto id = CategoryId::Parse(*text);
    if (!id.ok()) {
        std::string f(field);
        return core::Error::Invalid("invalid_category", f + " is not a category id",
                                    {{f, "unknown_parent", "is not a category id"}});
    }
    return std::optional<CategoryId>(*id);
}

core::Result<std::optional<int>> OptionalInt(const json::object& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end() || it->value().is_null()) return std::optional<int>();
    if (!it->value().is_int64() || it->value().get_int64() < 0 || it->value().get_int64() > 1'000'000) {
        std::string f(field);
        return core::Error::Invalid("wrong_type", f + " must be a whole number from 0 to 1,000,000",
                                    {{f, "wrong_type", "must be a whole number from 0 to 1,000,000"}});
    }
    return std::optional<int>(static_cast<int>(it->value().get_int64()));
}

core::Result<std::vector<AttributeDef>> AttributesOf(const json::object& body) {
    auto it = body.find("attributes");
    if (it == body.end() || !it->value().is_array()) {
        return core::Error::Invalid("invalid_attributes", "attributes must be an array",
                                    {{"attributes", "wrong_type", "must be an array"}});
    }
    std::vector<AttributeDef> out;
    std::vector<core::FieldError> problems;
    const json::array& items = it->value().get_array();
    for (std::size_t i = 0; i < items.size() && i <= kMaxAttributesPerCategory; ++i) {
        std::string prefix = "attributes[" + std::to_string(i) + "].";
        if (!items[i].is_object()) {
            problems.push_back({prefix.substr(0, prefix.size() - 1), "wrong_type", "must be an object"});
            continue;
        }
        const json::object& a = items[i].get_object();
        auto text = [&](std::string_view key) {
            auto f = a.find(key);
            return f != a.end() && f->value().is_string() ? std::string(f->value().get_string()) : std::string();
        };
        AttributeDef d{.code = text("code"), .name_ko = text("name_ko"), .name_en = text("name_en")};
        auto type = ParseAttributeType(text("type"));
        if (!type)
            problems.push_back(
                {prefix + "type", "invalid_type", "must be text, integer, decimal, boolean, choice or date"});
        d.type = type.value_or(AttributeType::kText);
        if (auto r = a.find("required"); r != a.end()) {
            if (!r->value().is_bool()) {
                problems.push_back({prefix + "required", "wrong_type", "must be true or false"});
            } else {
                d.required = r->value().get_bool();
            }
        }
        d.unit = text("unit");
        if (auto c = a.find("choices"); c != a.end() && c->value().is_array()) {
            for (const auto& choice : c->value().get_array()) {
                if (!choice.is_object()) continue;
                const json::object& o = choice.get_object();
                auto t = [&](std::string_view key) {
                    auto f = o.find(key);
                    return f != o.end() && f->value().is_string() ? std::string(f->value().get_string())
                                                                  : std::string();
                };
                d.choices.push_back({t("code"), t("ko"), t("en")});
            }
        }
        out.push_back(std::move(d));
    }
    if (!problems.empty()) {
        return core::Error::Invalid("invalid_attributes", "the attribute definitions are not acceptable",
                                    std::move(problems));
    }
    return out;
}

CategoryId PathCategory(const http::Request& request) {
    return CategoryId::Parse(request.Param("category_id")).value();
}

}  // namespace

void AddCategoryRoutes(http::Router& router, CategoryService& categories) {
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/categories",
                .handler = [&categories](http::Request& request) -> core::Result<http::Response> {
                    return TreeResponse(categories, request, false);
                },
                .doc = {.summary = "The shared category tree",
                        .description = "Every category the portal shows (active, under active parents), with the "
                                       "attributes each declares; a product carries those of its category and of "
                                       "every category above it. The ETag follows the tree's version: send it in "
                                       "If-None-Match for a 304 while nothing changed.",
                        .tag = "catalog",
                        .operation_id = "listCategories",
                        .response_schema = TreeSchema(),
                        .error_statuses = {}},
                .access = http::kPublicAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/operator/categories",
                .handler = [&categories](http::Request& request) -> core::Result<http::Response> {
                    return TreeResponse(categories, request, true);
                },
                .doc = {.summary = "The whole category tree, retired categories too",
                        .tag = "operator",
                        .operation_id = "listAllCategories",
                        .response_schema = TreeSchema()},
                .access = http::kOperatorAccess});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/operator/categories",
                .handler = [&categories](http::Request& request) -> core::Result<http::Response> {
                    const platform::Caller& caller = CallerOf(request);
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    NewCategory input;
                    JANGTEO_TRY(input.parent, OptionalCategory(body, "parent_id"));
                    JANGTEO_TRY(input.code, RequiredString(body, "code"));
                    JANGTEO_TRY(input.name_ko, RequiredString(body, "name_ko"));
                    JANGTEO_TRY(input.name_en, RequiredString(body, "name_en"));
                    JANGTEO_TRY(input.position, OptionalInt(body, "position"));
                    JANGTEO_TRY(Category made, categories.Create(input, *caller.user, caller.client_address));
                    return http::Response::Json(201, CategoryJson(made));
                },
                .doc = {.summary = "Add a category",
                        .description = "code: 2 to 40 of a-z, 0-9 and _, stable once products use it. Without a "
                                       "position it goes after its siblings. Categories nest at most 6 deep.",
                        .tag = "operator",
                        .operation_id = "createCategory",
                        .request_schema = ObjectSchema(json::array{"code", "name_ko", "name_en"},
                                                       json::object{{"parent_id", StringSchema()},
                                                                    {"code", StringSchema()},
                                                                    {"name_ko", StringSchema()},
                                                                    {"name_en", StringSchema()},
                                                                    {"position", json::object{{"type", "integer"}}}}),
                        .success_status = 201,
                        .response_schema = CategorySchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = http::kOperatorAccess});

    router.Add(
        {.method = http::Method::kPatch,
         .pattern = "/api/v1/operator/categories/{category_id:cat}",
         .handler = [&categories](http::Request& request) -> core::Result<http::Response> {
             const platform::Caller& caller = CallerOf(request);
             JANGTEO_TRY(json::object body, BodyObject(request));
             CategoryChange change;
             JANGTEO_TRY(change.name_ko, OptionalString(body, "name_ko"));
             JANGTEO_TRY(change.name_en, OptionalString(body, "name_en"));
             JANGTEO_TRY(change.position, OptionalInt(body, "position"));
             if (auto a = body.find("active"); a != body.end()) {
                 if (!a->value().is_bool()) {
                     return core::Error::Invalid("wrong_type", "active must be true or false",
                                                 {{"active", "wrong_type", "must be true or false"}});
                 }
                 change.active = a->value().get_bool();
             }
             if (body.contains("parent_id")) {
                 JANGTEO_TRY(std::optional<CategoryId> parent, OptionalCategory(body, "parent_id"));
                 change.parent = parent;
             }
             JANGTEO_TRY(Category changed,
                         categories.Update(PathCategory(request), change, *caller.user, caller.client_address));
             return http::Response::Json(200, CategoryJson(changed));
         },
         .doc = {.summary = "Rename, reorder, move, retire or reactivate a category",
                 .description = "Only the fields sent change. parent_id null moves the category to the top; "
                                "a move below itself is refused (parent: cycle). A retired category and "
                                "everything below it leave the portal.",
                 .tag = "operator",
                 .operation_id = "updateCategory",
                 .request_schema = ObjectSchema(
                     json::array{}, json::object{{"name_ko", StringSchema()},
                                                 {"name_en", StringSchema()},
                                                 {"position", json::object{{"type", "integer"}}},
                                                 {"active", json::object{{"type", "boolean"}}},
                                                 {"parent_id", json::object{{"type", json::array{"string", "null"}}}}}),
                 .response_schema = CategorySchema(),
                 .error_statuses = {404, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kOperatorAccess});

    router.Add({.method = http::Method::kPut,
                .pattern = "/api/v1/operator/categories/{category_id:cat}/attributes",
                .handler = [&categories](http::Request& request) -> core::Result<http::Response> {
                    const platform::Caller& caller = CallerOf(request);
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::vector<AttributeDef> attributes, AttributesOf(body));
                    JANGTEO_TRY(Category changed, categories.SetAttributes(PathCategory(request), attributes,
                                                                           *caller.user, caller.client_address));
                    return http::Response::Json(200, CategoryJson(changed));
                },
                .doc = {.summary = "Replace the attributes a category declares",
                        .description = "Each: code, name_ko, name_en, type (text, integer, decimal, boolean, choice, "
                                       "date), required, unit, and for a choice its choices [{code, ko, en}]. A code "
                                       "may appear once along any path from the root.",
                        .tag = "operator",
                        .operation_id = "setCategoryAttributes",
                        .request_schema =
                            ObjectSchema(json::array{"attributes"},
                                         json::object{{"attributes", ArrayOf(json::object{{"type", "object"}})}}),
                        .response_schema = CategorySchema(),
                        .error_statuses = {404, 422}},
                .body = http::BodyKind::kJson,
                .access = http::kOperatorAccess});
}

void AddRoutes(http::Router& router, const RouteServices& services) {
    AddCategoryRoutes(router, services.categories);
    AddProductRoutes(router, services);
    AddImportRoutes(router, services);
    AddPortalRoutes(router, services);
    AddParityRoutes(router, services);
}

}  // namespace jangteo::catalog
