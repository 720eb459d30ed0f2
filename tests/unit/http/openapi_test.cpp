#include "http/openapi.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/json.hpp"

namespace jangteo::http {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

Handler Ok() {
    return [](Request&) -> core::Result<Response> { return Response::Empty(204); };
}

core::json::value Schema() {
    return core::json::object{{"type", "object"}};
}

Route Documented(Method method, std::string pattern, std::string operation_id) {
    return {.method = method,
            .pattern = std::move(pattern),
            .handler = Ok(),
            .doc = {.summary = "Does " + operation_id,
                    .tag = "catalog",
                    .operation_id = std::move(operation_id),
                    .response_schema = Schema()},
            .access = kPublicAccess};
}

struct PathCase {
    const char* pattern;
    const char* expected;
};

class OpenApiPathTest : public testing::TestWithParam<PathCase> {};

TEST_P(OpenApiPathTest, StripsTypes) {
    EXPECT_EQ(OpenApiPath(GetParam().pattern), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, OpenApiPathTest,
                         testing::Values(PathCase{"/healthz", "/healthz"}, PathCase{"/a/{name}", "/a/{name}"},
                                         PathCase{"/a/{name:str}", "/a/{name}"},
                                         PathCase{"/api/v1/merchants/{merchant_id:mrc}/products/{product_id:prd}",
                                                  "/api/v1/merchants/{merchant_id}/products/{product_id}"},
                                         PathCase{"/pages/{n:int}/x", "/pages/{n}/x"},
                                         PathCase{"/files/{rest:path}", "/files/{rest}"},
                                         PathCase{"/time/12:30", "/time/12:30"}));

TEST(OpenApiTest, WellDocumentedRoutesPassValidation) {
    Router router;
    router.Add(Documented(Method::kGet, "/api/v1/items", "listItems"));
    Route create = Documented(Method::kPost, "/api/v1/items", "createItem");
    create.body = BodyKind::kJson;
    create.doc.request_schema = Schema();
    router.Add(std::move(create));
    Route remove = Documented(Method::kDelete, "/api/v1/items/{id:int}", "deleteItem");
    remove.doc.success_status = 204;
    remove.doc.response_schema = nullptr;
    router.Add(std::move(remove));
    EXPECT_THAT(ValidateRouteDocs(router), IsEmpty());
}

TEST(OpenApiTest, ValidationFlagsEachMissingPart) {
    struct Case {
        const char* name;
        void (*spoil)(Route&);
        const char* problem;
    };
    const Case cases[] = {
        {"summary", [](Route& r) { r.doc.summary.clear(); }, "GET /x: no summary"},
        {"tag", [](Route& r) { r.doc.tag.clear(); }, "GET /x: no tag"},
        {"operation id", [](Route& r) { r.doc.operation_id.clear(); }, "GET /x: no operation id"},
        {"response schema", [](Route& r) { r.doc.response_schema = nullptr; }, "GET /x: no response schema"},
        {"request schema", [](Route& r) { r.body = BodyKind::kJson; }, "GET /x: takes JSON but has no request schema"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        Router router;
        Route route = Documented(Method::kGet, "/x", "getX");
        c.spoil(route);
        router.Add(std::move(route));
        EXPECT_THAT(ValidateRouteDocs(router), ElementsAre(c.problem));
    }
}

TEST(OpenApiTest, ValidationFlagsDuplicateOperationIds) {
    Router router;
    router.Add(Documented(Method::kGet, "/a", "getThing"));
    router.Add(Documented(Method::kGet, "/b", "getThing"));
    router.Add(Documented(Method::kGet, "/c", "getOther"));
    EXPECT_THAT(ValidateRouteDocs(router), ElementsAre("GET /b: operation id used twice"));
}

TEST(OpenApiTest, MissingOperationIdsAreNotReportedAsDuplicates) {
    Router router;
    router.Add(Documented(Method::kGet, "/a", ""));
    router.Add(Documented(Method::kGet, "/b", ""));
    EXPECT_THAT(ValidateRouteDocs(router), ElementsAre("GET /a: no operation id", "GET /b: no operation id"));
}

TEST(OpenApiTest, BuildListsEveryRouteWithItsMethod) {
    Router router;
    router.Add(Documented(Method::kGet, "/api/v1/merchants/{merchant_id:mrc}", "getMerchant"));
    Route update = Documented(Method::kPatch, "/api/v1/merchants/{merchant_id:mrc}", "updateMerchant");
    update.body = BodyKind::kJson;
    update.doc.request_schema = Schema();
    update.doc.error_statuses = {404, 422};
    router.Add(std::move(update));
    Route list = Documented(Method::kGet, "/api/v1/items", "listItems");
    list.doc.query = {{.name = "page", .description = "page number", .schema = core::json::object{{"type", "integer"}}},
                      {.name = "q"}};
    router.Add(std::move(list));
    Route remove = Documented(Method::kDelete, "/api/v1/items/{n:int}", "deleteItem");
    remove.doc.success_status = 204;
    router.Add(std::move(remove));

    std::string text = BuildOpenApi(router, {.title = "Jangteo API", .version = "1.2.3", .description = "d"});
    auto parsed = core::ParseJsonObject(text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const auto& doc = *parsed;
    EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
    EXPECT_EQ(doc.at("info").at("version").as_string(), "1.2.3");
    const auto& paths = doc.at("paths").as_object();
    EXPECT_EQ(paths.size(), 3U);

    for (const auto& route : router.routes()) {
        std::string path = OpenApiPath(route->pattern);
        std::string method(MethodName(route->method));
        for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
        SCOPED_TRACE(method + " " + path);
        ASSERT_TRUE(paths.contains(path));
        ASSERT_TRUE(paths.at(path).as_object().contains(method));
        EXPECT_EQ(paths.at(path).at(method).at("operationId").as_string(), route->doc.operation_id);
        EXPECT_TRUE(paths.at(path).at(method).at("responses").as_object().contains("500"));
    }

    const auto& get = paths.at("/api/v1/merchants/{merchant_id}").at("get");
    const auto& param = get.at("parameters").as_array().at(0);
    EXPECT_EQ(param.at("name").as_string(), "merchant_id");
    EXPECT_EQ(param.at("in").as_string(), "path");
    EXPECT_EQ(param.at("schema").at("pattern").as_string(), "^mrc_[0-9a-hjkmnp-tv-z]{13}$");
    EXPECT_EQ(get.at("tags").as_array().at(0).as_string(), "catalog");

    const auto& patch = paths.at("/api/v1/merchants/{merchant_id}").at("patch");
    EXPECT_TRUE(patch.at("requestBody").at("content").as_object().contains("application/json"));
    const auto& responses = patch.at("responses").as_object();
    for (const char* status : {"200", "400", "404", "413", "415", "422", "500"}) {
        EXPECT_TRUE(responses.contains(status)) << status;
    }
    EXPECT_EQ(responses.at("422").at("content").at("application/problem+json").at("schema").at("$ref").as_string(),
              "#/components/schemas/Problem");

    const auto& query = paths.at("/api/v1/items").at("get").at("parameters").as_array();
    ASSERT_EQ(query.size(), 2U);
    EXPECT_EQ(query[0].at("in").as_string(), "query");
    EXPECT_EQ(query[0].at("schema").at("type").as_string(), "integer");
    EXPECT_EQ(query[1].at("schema").at("type").as_string(), "string");

    const auto& deleted = paths.at("/api/v1/items/{n}").at("delete").at("responses").as_object();
    ASSERT_TRUE(deleted.contains("204"));
    EXPECT_FALSE(deleted.at("204").as_object().contains("content"));
    EXPECT_EQ(paths.at("/api/v1/items/{n}").at("delete").at("parameters").at(0).at("schema").at("type").as_string(),
              "integer");

    EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Problem"));
}

}  // namespace
}  // namespace jangteo::http
