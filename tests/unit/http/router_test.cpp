#include "http/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/id.hpp"

namespace jangteo::http {
namespace {

using testing::ElementsAre;
using testing::Pair;
using testing::UnorderedElementsAre;

Handler Ok() {
    return [](Request&) -> core::Result<Response> { return Response::Empty(204); };
}

const Route& AddRoute(Router& router, Method method, std::string pattern) {
    return router.Add({.method = method, .pattern = std::move(pattern), .handler = Ok(), .access = kPublicAccess});
}

// The pattern of the route that answers, or "404"/"405".
std::string Resolve(const Router& router, Method method, std::string_view path) {
    auto match = router.Find(method, path);
    switch (match.outcome) {
        case Router::Outcome::kFound: return match.route->pattern;
        case Router::Outcome::kNotFound: return "404";
        case Router::Outcome::kMethodNotAllowed: return "405";
    }
    return "?";
}

TEST(RouterTest, StaticSegmentBeatsParameter) {
    Router router;
    AddRoute(router, Method::kGet, "/api/v1/products/{product}");
    AddRoute(router, Method::kGet, "/api/v1/products/featured");
    EXPECT_EQ(Resolve(router, Method::kGet, "/api/v1/products/featured"), "/api/v1/products/featured");
    EXPECT_EQ(Resolve(router, Method::kGet, "/api/v1/products/other"), "/api/v1/products/{product}");
}

TEST(RouterTest, ParameterTakesOverWhenTheStaticBranchDeadEnds) {
    Router router;
    AddRoute(router, Method::kGet, "/a/static/x");
    AddRoute(router, Method::kGet, "/a/{p}/y");
    auto match = router.Find(Method::kGet, "/a/static/y");
    ASSERT_EQ(match.outcome, Router::Outcome::kFound);
    EXPECT_EQ(match.route->pattern, "/a/{p}/y");
    EXPECT_THAT(match.params, ElementsAre(Pair("p", "static")));
}

TEST(RouterTest, ReturnsParametersInOrder) {
    Router router;
    AddRoute(router, Method::kGet, "/shops/{shop}/items/{item}");
    auto match = router.Find(Method::kGet, "/shops/seoul/items/kimchi");
    ASSERT_EQ(match.outcome, Router::Outcome::kFound);
    EXPECT_THAT(match.params, ElementsAre(Pair("shop", "seoul"), Pair("item", "kimchi")));
}

TEST(RouterTest, IntParameterTakesOnlyDigits) {
    Router router;
    AddRoute(router, Method::kGet, "/pages/{n:int}");
    struct Case {
        const char* path;
        bool found;
    };
    const Case cases[] = {{"/pages/0", true},
                          {"/pages/42", true},
                          {"/pages/123456789012345678", true},    // 18 digits
                          {"/pages/1234567890123456789", false},  // 19 digits could overflow
                          {"/pages/-1", false},
                          {"/pages/+1", false},
                          {"/pages/1.5", false},
                          {"/pages/abc", false},
                          {"/pages/12a", false},
                          {"/pages/", false}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.path);
        auto match = router.Find(Method::kGet, c.path);
        EXPECT_EQ(match.outcome == Router::Outcome::kFound, c.found);
    }
}

TEST(RouterTest, TypedParametersShareAPosition) {
    Router router;
    AddRoute(router, Method::kGet, "/items/{n:int}");
    AddRoute(router, Method::kGet, "/items/{id:mrc}");
    EXPECT_EQ(Resolve(router, Method::kGet, "/items/12"), "/items/{n:int}");
    EXPECT_EQ(Resolve(router, Method::kGet, "/items/" + core::id_detail::Encode("mrc", 99)), "/items/{id:mrc}");
    EXPECT_EQ(Resolve(router, Method::kGet, "/items/abc"), "404");
}

TEST(RouterTest, IdParameterMatchesOnlyItsPrefix) {
    Router router;
    AddRoute(router, Method::kGet, "/api/v1/merchants/{merchant_id:mrc}");
    std::string good = core::id_detail::Encode("mrc", 123456789);
    auto match = router.Find(Method::kGet, "/api/v1/merchants/" + good);
    ASSERT_EQ(match.outcome, Router::Outcome::kFound);
    EXPECT_THAT(match.params, ElementsAre(Pair("merchant_id", good)));

    const std::string bad[] = {
        core::id_detail::Encode("prd", 123456789),  // another type's id
        "mrc_0000000000000",                        // zero key
        "mrc_000000000000i",                        // not in the alphabet
        "mrc_123",                                  // too short
        "merchant-1",
        "123",
    };
    for (const std::string& id : bad) {
        SCOPED_TRACE(id);
        EXPECT_EQ(router.Find(Method::kGet, "/api/v1/merchants/" + id).outcome, Router::Outcome::kNotFound);
    }
}

TEST(RouterTest, RestParameterTakesTheRemainingPath) {
    Router router;
    AddRoute(router, Method::kGet, "/files/{rest:path}");
    auto match = router.Find(Method::kGet, "/files/a/b/c.txt");
    ASSERT_EQ(match.outcome, Router::Outcome::kFound);
    EXPECT_THAT(match.params, ElementsAre(Pair("rest", "a/b/c.txt")));

    match = router.Find(Method::kGet, "/files/one");
    ASSERT_EQ(match.outcome, Router::Outcome::kFound);
    EXPECT_THAT(match.params, ElementsAre(Pair("rest", "one")));

    EXPECT_EQ(router.Find(Method::kGet, "/files").outcome, Router::Outcome::kNotFound);
    EXPECT_EQ(router.Find(Method::kGet, "/files/").outcome, Router::Outcome::kNotFound);
}

TEST(RouterTest, RestParameterComesAfterStaticsAndParameters) {
    Router router;
    AddRoute(router, Method::kGet, "/files/{rest:path}");
    AddRoute(router, Method::kGet, "/files/index");
    AddRoute(router, Method::kGet, "/files/{n:int}");
    EXPECT_EQ(Resolve(router, Method::kGet, "/files/index"), "/files/index");
    EXPECT_EQ(Resolve(router, Method::kGet, "/files/7"), "/files/{n:int}");
    EXPECT_EQ(Resolve(router, Method::kGet, "/files/7/x"), "/files/{rest:path}");
    EXPECT_EQ(Resolve(router, Method::kGet, "/files/index/x"), "/files/{rest:path}");
}

TEST(RouterTest, DecodesParameters) {
    Router router;
    AddRoute(router, Method::kGet, "/tags/{tag}");
    AddRoute(router, Method::kGet, "/raw/{rest:path}");
    struct Case {
        const char* path;
        const char* value;  // nullptr: no match
    };
    const Case cases[] = {
        {"/tags/a%20b", "a b"},   {"/tags/%ED%95%9C%EA%B8%80", "한글"},
        {"/tags/a+b", "a+b"},     {"/tags/100%25", "100%"},
        {"/tags/a%2Fb", nullptr},  // a decoded slash would change the path's shape
        {"/tags/a%2", nullptr},   {"/tags/a%zz", nullptr},
        {"/tags/a%00", nullptr},  {"/raw/a%2Fb/c%20d", "a/b/c d"},
        {"/raw/x%00", nullptr},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.path);
        auto match = router.Find(Method::kGet, c.path);
        if (!c.value) {
            EXPECT_EQ(match.outcome, Router::Outcome::kNotFound);
            continue;
        }
        ASSERT_EQ(match.outcome, Router::Outcome::kFound);
        ASSERT_EQ(match.params.size(), 1U);
        EXPECT_EQ(match.params[0].second, c.value);
    }
}

TEST(RouterTest, MethodNotAllowedListsAllowedMethods) {
    Router router;
    AddRoute(router, Method::kGet, "/things/{id}");
    AddRoute(router, Method::kDelete, "/things/{id}");
    AddRoute(router, Method::kPost, "/things");
    auto match = router.Find(Method::kPut, "/things/5");
    EXPECT_EQ(match.outcome, Router::Outcome::kMethodNotAllowed);
    EXPECT_EQ(match.route, nullptr);
    EXPECT_TRUE(match.params.empty());
    EXPECT_THAT(match.allowed, UnorderedElementsAre(Method::kGet, Method::kHead, Method::kDelete));

    match = router.Find(Method::kGet, "/things");
    EXPECT_EQ(match.outcome, Router::Outcome::kMethodNotAllowed);
    EXPECT_THAT(match.allowed, ElementsAre(Method::kPost));

    match = router.Find(Method::kHead, "/things");
    EXPECT_EQ(match.outcome, Router::Outcome::kMethodNotAllowed);
    EXPECT_THAT(match.allowed, ElementsAre(Method::kPost));
}

TEST(RouterTest, MethodNotAllowedOnRestRoutes) {
    Router router;
    AddRoute(router, Method::kGet, "/static/{rest:path}");
    auto match = router.Find(Method::kPost, "/static/a/b");
    EXPECT_EQ(match.outcome, Router::Outcome::kMethodNotAllowed);
    EXPECT_THAT(match.allowed, ElementsAre(Method::kGet, Method::kHead));
}

TEST(RouterTest, HeadIsAnsweredByTheGetRoute) {
    Router router;
    const Route& get = AddRoute(router, Method::kGet, "/healthz");
    auto match = router.Find(Method::kHead, "/healthz");
    ASSERT_EQ(match.outcome, Router::Outcome::kFound);
    EXPECT_EQ(match.route, &get);
}

TEST(RouterTest, MethodsOfOnePathAreSeparateRoutes) {
    Router router;
    const Route& get = AddRoute(router, Method::kGet, "/x");
    const Route& post = AddRoute(router, Method::kPost, "/x");
    EXPECT_EQ(router.Find(Method::kGet, "/x").route, &get);
    EXPECT_EQ(router.Find(Method::kPost, "/x").route, &post);
    EXPECT_EQ(get.index, 0U);
    EXPECT_EQ(post.index, 1U);
    EXPECT_EQ(router.routes().size(), 2U);
}

TEST(RouterTest, TrailingSlashAndEmptySegmentsAreNotFound) {
    Router router;
    AddRoute(router, Method::kGet, "/api/v1/items");
    AddRoute(router, Method::kGet, "/api/v1/items/{id}");
    AddRoute(router, Method::kGet, "/api/v1/items/{id}/photos");
    for (const char* path : {"/api/v1/items/", "/api/v1//items", "//api/v1/items", "/api/v1/items//photos",
                             "/api/v1/items/5/", "/api/v1/items/5//photos", "api/v1/items", "", "/"}) {
        SCOPED_TRACE(path);
        EXPECT_EQ(router.Find(Method::kGet, path).outcome, Router::Outcome::kNotFound);
    }
}

TEST(RouterTest, RootRoute) {
    Router router;
    AddRoute(router, Method::kGet, "/");
    EXPECT_EQ(Resolve(router, Method::kGet, "/"), "/");
    EXPECT_EQ(Resolve(router, Method::kGet, "/x"), "404");
}

TEST(RouterTest, StaticSegmentsAreMatchedExactly) {
    Router router;
    AddRoute(router, Method::kGet, "/api/v1/items");
    EXPECT_EQ(Resolve(router, Method::kGet, "/API/v1/items"), "404");
    EXPECT_EQ(Resolve(router, Method::kGet, "/api/v1/item"), "404");
    EXPECT_EQ(Resolve(router, Method::kGet, "/api/v1/items/extra"), "404");
}

TEST(RouterTest, DuplicateRoutesThrow) {
    Router router;
    AddRoute(router, Method::kGet, "/a/{id}");
    AddRoute(router, Method::kGet, "/r/{rest:path}");
    EXPECT_THROW(AddRoute(router, Method::kGet, "/a/{id}"), std::invalid_argument);
    EXPECT_THROW(AddRoute(router, Method::kGet, "/a/{id:str}"), std::invalid_argument);
    EXPECT_THROW(AddRoute(router, Method::kGet, "/a/{other}"), std::invalid_argument);  // same shape
    EXPECT_THROW(AddRoute(router, Method::kGet, "/r/{rest:path}"), std::invalid_argument);
    EXPECT_THROW(AddRoute(router, Method::kPost, "/r/{other:path}"), std::invalid_argument);
    EXPECT_NO_THROW(AddRoute(router, Method::kPost, "/a/{id}"));
    EXPECT_NO_THROW(AddRoute(router, Method::kPost, "/r/{rest:path}"));
}

class RouterMalformedTemplateTest : public testing::TestWithParam<const char*> {};

TEST_P(RouterMalformedTemplateTest, Throws) {
    Router router;
    EXPECT_THROW(AddRoute(router, Method::kGet, GetParam()), std::invalid_argument);
    EXPECT_TRUE(router.routes().empty());
}

INSTANTIATE_TEST_SUITE_P(Cases, RouterMalformedTemplateTest,
                         testing::Values("", "no/slash", "/a//b", "/a/", "/{}", "/{Name}", "/{na-me}", "/{x:}",
                                         "/{x:float}", "/{x:abcde}", "/{x:m}", "/{x:MRC}", "/{rest:path}/more", "/{id",
                                         "/id}", "/x{id}", "/{a}{b}", "/{:int}"));

TEST(RouterTest, RefusesHeadOtherAndMissingHandlers) {
    Router router;
    EXPECT_THROW(AddRoute(router, Method::kHead, "/x"), std::invalid_argument);
    EXPECT_THROW(AddRoute(router, Method::kOther, "/x"), std::invalid_argument);
    EXPECT_THROW(router.Add({.method = Method::kGet, .pattern = "/x"}), std::invalid_argument);
    EXPECT_TRUE(router.routes().empty());
}

TEST(RouterTest, EveryRouteDeclaresItsAccess) {
    Router router;
    EXPECT_THROW(router.Add({.method = Method::kGet, .pattern = "/x", .handler = Ok()}), std::invalid_argument)
        << "no access declared";
    Access merchant{.audience = Audience::kMerchant};
    EXPECT_THROW(
        router.Add({.method = Method::kGet, .pattern = "/api/v1/shops/{id:mrc}", .handler = Ok(), .access = merchant}),
        std::invalid_argument)
        << "a merchant route must name its merchant {merchant_id:mrc}";
    EXPECT_THROW(router.Add({.method = Method::kGet,
                             .pattern = "/api/v1/merchants/{merchant_id:int}",
                             .handler = Ok(),
                             .access = merchant}),
                 std::invalid_argument);
    EXPECT_THROW(router.Add({.method = Method::kGet,
                             .pattern = "/api/v1/things",
                             .handler = Ok(),
                             .access = {.audience = Audience::kUser, .key_scope = "catalog:read"}}),
                 std::invalid_argument)
        << "key scopes and roles belong to merchant routes";
    EXPECT_TRUE(router.routes().empty());
    EXPECT_NO_THROW(router.Add({.method = Method::kGet,
                                .pattern = "/api/v1/merchants/{merchant_id:mrc}/things",
                                .handler = Ok(),
                                .access = {.audience = Audience::kMerchant, .key_scope = "catalog:read"}}));
}

TEST(RouterTest, ParsePathParamsListsTypedParameters) {
    auto params = ParsePathParams("/api/v1/merchants/{merchant_id:mrc}/pages/{n:int}/{slug}/{rest:path}");
    ASSERT_EQ(params.size(), 4U);
    EXPECT_EQ(params[0].name, "merchant_id");
    EXPECT_EQ(params[0].type, ParamType::kId);
    EXPECT_EQ(params[0].id_prefix, "mrc");
    EXPECT_EQ(params[1].type, ParamType::kInt);
    EXPECT_EQ(params[2].name, "slug");
    EXPECT_EQ(params[2].type, ParamType::kString);
    EXPECT_EQ(params[3].type, ParamType::kPath);
    EXPECT_TRUE(ParsePathParams("/static/only").empty());
    EXPECT_THROW(ParsePathParams("/{x:bad-type}"), std::invalid_argument);
}

}  // namespace
}  // namespace jangteo::http
