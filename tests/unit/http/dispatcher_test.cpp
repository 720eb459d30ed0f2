#include "http/dispatcher.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "core/json.hpp"

namespace jangteo::http {
namespace {

class DispatcherTest : public testing::Test {
protected:
    DispatcherTest() {
        router_.Add({.method = Method::kGet,
                     .pattern = "/api/v1/items/{id:int}",
                     .handler = [](Request& req) -> core::Result<Response> {
                         return Response::Json(200, core::json::object{{"id", req.Param("id")}});
                     },
                     .access = kPublicAccess});
        router_.Add({.method = Method::kPost,
                     .pattern = "/api/v1/items",
                     .handler = [](Request& req) -> core::Result<Response> {
                         return Response::Json(201, core::json::object{{"got", req.body}});
                     },
                     .body = BodyKind::kJson,
                     .access = kPublicAccess});
        router_.Add({.method = Method::kDelete,
                     .pattern = "/api/v1/items/{id:int}",
                     .handler = [](Request&) -> core::Result<Response> { return Response::Empty(204); },
                     .access = kPublicAccess});
        router_.Add({.method = Method::kGet,
                     .pattern = "/api/v1/boom",
                     .handler = [](Request&) -> core::Result<Response> {
                         throw std::runtime_error("secret table users_private exploded");
                     },
                     .access = kPublicAccess});
        router_.Add({.method = Method::kGet,
                     .pattern = "/api/v1/fail/{code:int}",
                     .handler = [this](Request& req) -> core::Result<Response> {
                         return errors_[std::stoi(std::string(req.Param("code")))];
                     },
                     .access = kPublicAccess});
        metrics_ = std::make_unique<Metrics>(router_);
    }

    Dispatcher MakeDispatcher(bool with_fallback = false) {
        Handler fallback;
        if (with_fallback) {
            fallback = [this](Request&) -> core::Result<Response> {
                ++fallback_calls_;
                return Response::Text(200, "<html>app</html>", "text/html; charset=utf-8");
            };
        }
        return Dispatcher(router_, *metrics_, fallback);
    }

    static Request MakeRequest(Method method, std::string target, std::string body = {},
                               std::vector<HeaderField> headers = {}) {
        Request r;
        r.method = method;
        r.target = std::move(target);
        r.body = std::move(body);
        r.headers = std::move(headers);
        return r;
    }

    static core::json::object Body(const Response& response) {
        auto parsed = core::ParseJsonObject(response.body);
        EXPECT_TRUE(parsed.ok()) << response.body;
        return parsed.ok() ? *parsed : core::json::object{};
    }

    Router router_;
    std::unique_ptr<Metrics> metrics_;
    std::vector<core::Error> errors_ = {
        core::Error::Malformed("m", "malformed"),
        core::Error::Invalid("i", "invalid", {{"name", "required", "is required"}}),
        core::Error::NotFound("n", "not found"),
        core::Error::AlreadyExists("a", "exists"),
        core::Error::Conflict("c", "conflict"),
        core::Error::FailedPrecondition("f", "precondition"),
        core::Error::Unauthenticated("u", "who are you"),
        core::Error::PermissionDenied("p", "not yours"),
        core::Error::ResourceExhausted("r", "slow down"),
        core::Error::Unavailable("b", "db down"),
        core::Error::Internal("x", "SELECT * FROM secrets failed"),
    };
    int fallback_calls_ = 0;
};

TEST_F(DispatcherTest, CallsTheHandlerWithDecodedParams) {
    Dispatcher d = MakeDispatcher();
    Request req = MakeRequest(Method::kGet, "/api/v1/items/42?x=1");
    Response res = d.Handle(req);
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(Body(res).at("id").as_string(), "42");
    ASSERT_NE(req.route, nullptr);
    EXPECT_EQ(req.route->pattern, "/api/v1/items/{id:int}");
    EXPECT_EQ(res.Header("X-Request-Id"), req.request_id);
    EXPECT_FALSE(req.request_id.empty());
}

TEST_F(DispatcherTest, TakesASaneRequestId) {
    Dispatcher d = MakeDispatcher();
    for (std::string id : {std::string("abc-123"), std::string("A.b_c:d-9"), std::string(128, 'x')}) {
        SCOPED_TRACE(id);
        Request req = MakeRequest(Method::kGet, "/api/v1/items/1", "", {{"x-request-id", id}});
        Response res = d.Handle(req);
        EXPECT_EQ(req.request_id, id);
        EXPECT_EQ(res.Header("x-request-id"), id);
    }
}

TEST_F(DispatcherTest, ReplacesAnInsaneRequestId) {
    Dispatcher d = MakeDispatcher();
    for (std::string id : {std::string(""), std::string(129, 'x'), std::string("has space"), std::string("new\nline"),
                           std::string("quote\""), std::string("slash/"), std::string("한글")}) {
        SCOPED_TRACE(id);
        Request req = MakeRequest(Method::kGet, "/api/v1/items/1", "", {{"x-request-id", id}});
        Response res = d.Handle(req);
        EXPECT_NE(req.request_id, id);
        EXPECT_FALSE(req.request_id.empty());
        EXPECT_LE(req.request_id.size(), 128U);
        EXPECT_EQ(req.request_id.find_first_not_of("0123456789abcdef-"), std::string::npos) << req.request_id;
        EXPECT_EQ(res.Header("X-Request-Id"), req.request_id);
    }
}

TEST_F(DispatcherTest, MadeRequestIdsAreUnique) {
    Request req = MakeRequest(Method::kGet, "/");
    std::string a = Dispatcher::RequestIdFor(req);
    std::string b = Dispatcher::RequestIdFor(req);
    EXPECT_NE(a, b);
}

TEST_F(DispatcherTest, UnknownPathIsProblem404) {
    Dispatcher d = MakeDispatcher();
    Request req = MakeRequest(Method::kGet, "/api/v1/nothing?q=1", "", {{"x-request-id", "rid-1"}});
    Response res = d.Handle(req);
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.content_type, "application/problem+json");
    auto body = Body(res);
    EXPECT_EQ(body.at("type").as_string(), "/problems/route_not_found");
    EXPECT_EQ(body.at("status").as_int64(), 404);
    EXPECT_EQ(body.at("request_id").as_string(), "rid-1");
    EXPECT_EQ(body.at("detail").as_string(), "no resource at /api/v1/nothing");
}

TEST_F(DispatcherTest, MalformedTypedParameterIsNotFound) {
    Dispatcher d = MakeDispatcher();
    Request req = MakeRequest(Method::kGet, "/api/v1/items/abc");
    EXPECT_EQ(d.Handle(req).status, 404);
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
    Dispatcher d = MakeDispatcher();
    Request req = MakeRequest(Method::kPut, "/api/v1/items/7");
    Response res = d.Handle(req);
    EXPECT_EQ(res.status, 405);
    EXPECT_EQ(res.Header("Allow"), "GET, HEAD, DELETE");
    EXPECT_EQ(Body(res).at("type").as_string(), "/problems/method_not_allowed");

    Request post = MakeRequest(Method::kGet, "/api/v1/items");
    Response res2 = d.Handle(post);
    EXPECT_EQ(res2.status, 405);
    EXPECT_EQ(res2.Header("allow"), "POST");
}

TEST_F(DispatcherTest, JsonRouteRefusesOtherContentTypes) {
    Dispatcher d = MakeDispatcher();
    struct Case {
        std::optional<std::string> content_type;
        int status;
    };
    const Case cases[] = {
        {"text/plain", 415},
        {std::nullopt, 415},
        {"application/x-www-form-urlencoded", 415},
        {"application/jsonx", 415},
        {"application/json", 201},
        {"application/json; charset=utf-8", 201},
        {"Application/JSON", 201},
        {"application/merge-patch+json", 201},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.content_type.value_or("(none)"));
        std::vector<HeaderField> headers;
        if (c.content_type) headers.emplace_back("content-type", *c.content_type);
        Request req = MakeRequest(Method::kPost, "/api/v1/items", R"({"a":1})", headers);
        Response res = d.Handle(req);
        EXPECT_EQ(res.status, c.status);
        if (c.status == 415) {
            EXPECT_EQ(Body(res).at("type").as_string(), "/problems/unsupported_media_type");
        }
    }
}

TEST_F(DispatcherTest, JsonRouteWithoutBodyReachesTheHandler) {
    Dispatcher d = MakeDispatcher();
    Request req = MakeRequest(Method::kPost, "/api/v1/items");
    EXPECT_EQ(d.Handle(req).status, 201);
}

TEST_F(DispatcherTest, BodyOnANoBodyRouteIs400) {
    Dispatcher d = MakeDispatcher();
    Request req = MakeRequest(Method::kDelete, "/api/v1/items/3", "{}", {{"content-type", "application/json"}});
    Response res = d.Handle(req);
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(Body(res).at("type").as_string(), "/problems/unexpected_body");
}

TEST_F(DispatcherTest, ThrowingHandlerIs500WithoutDetail) {
    Dispatcher d = MakeDispatcher();
    Request req = MakeRequest(Method::kGet, "/api/v1/boom", "", {{"x-request-id", "trace-me"}});
    Response res = d.Handle(req);
    EXPECT_EQ(res.status, 500);
    EXPECT_EQ(res.content_type, "application/problem+json");
    EXPECT_EQ(res.body.find("secret"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find("exploded"), std::string::npos) << res.body;
    auto body = Body(res);
    EXPECT_EQ(body.at("request_id").as_string(), "trace-me");
    EXPECT_EQ(body.at("type").as_string(), "/problems/internal");
    EXPECT_EQ(res.Header("X-Request-Id"), "trace-me");
    EXPECT_EQ(metrics_->requests_in_flight.load(), 0);
}

TEST_F(DispatcherTest, HandlerErrorsMapToStatuses) {
    Dispatcher d = MakeDispatcher();
    const int expected[] = {400, 422, 404, 409, 409, 409, 401, 403, 429, 503, 500};
    ASSERT_EQ(std::size(expected), errors_.size());
    for (std::size_t i = 0; i < errors_.size(); ++i) {
        SCOPED_TRACE(errors_[i].reason);
        Request req = MakeRequest(Method::kGet, "/api/v1/fail/" + std::to_string(i));
        Response res = d.Handle(req);
        EXPECT_EQ(res.status, expected[i]);
        EXPECT_EQ(res.content_type, "application/problem+json");
        auto body = Body(res);
        EXPECT_EQ(body.at("status").as_int64(), expected[i]);
        EXPECT_EQ(body.at("request_id").as_string(), req.request_id);
    }
    // The internal one hides its message.
    Request req = MakeRequest(Method::kGet, "/api/v1/fail/10");
    EXPECT_EQ(d.Handle(req).body.find("secrets"), std::string::npos);
}

TEST_F(DispatcherTest, FallbackOnlyForGetAndHeadOutsideTheApi) {
    Dispatcher d = MakeDispatcher(true);
    struct Case {
        Method method;
        const char* target;
        int status;
        bool fallback;
    };
    const Case cases[] = {
        {Method::kGet, "/shop/products/5", 200, true},
        {Method::kHead, "/", 200, true},
        {Method::kGet, "/apiary", 200, true},
        {Method::kPost, "/shop/products/5", 404, false},
        {Method::kDelete, "/", 404, false},
        {Method::kGet, "/api", 404, false},
        {Method::kGet, "/api/v1/unknown", 404, false},
        {Method::kHead, "/api/v2", 404, false},
        {Method::kGet, "/healthz", 404, false},
        {Method::kGet, "/readyz", 404, false},
        {Method::kGet, "/metrics", 404, false},
        {Method::kGet, "/api/v1/items/9", 200, false},  // a route: never the fallback
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.target);
        int before = fallback_calls_;
        Request req = MakeRequest(c.method, c.target);
        Response res = d.Handle(req);
        EXPECT_EQ(res.status, c.status);
        EXPECT_EQ(fallback_calls_ - before, c.fallback ? 1 : 0);
    }
}

TEST_F(DispatcherTest, WithoutFallbackWebPathsAre404) {
    Dispatcher d = MakeDispatcher(false);
    Request req = MakeRequest(Method::kGet, "/shop");
    EXPECT_EQ(d.Handle(req).status, 404);
}

TEST_F(DispatcherTest, RejectAnswersAProblemAndCountsIt) {
    Dispatcher d = MakeDispatcher();
    Request req = MakeRequest(Method::kPost, "/api/v1/items", "", {{"x-request-id", "big-1"}});
    Response res = d.Reject(req, 413, "body_too_large", "the body is larger than 1024 bytes");
    EXPECT_EQ(res.status, 413);
    EXPECT_EQ(Body(res).at("type").as_string(), "/problems/body_too_large");
    EXPECT_EQ(res.Header("X-Request-Id"), "big-1");
    std::string text;
    metrics_->Render(text);
    EXPECT_NE(text.find(R"(http_requests_total{method="",route="unmatched",status="413"} 1)"), std::string::npos)
        << text;
}

TEST_F(DispatcherTest, CountsRequestsByRoute) {
    Dispatcher d = MakeDispatcher();
    for (int i = 0; i < 3; ++i) {
        Request req = MakeRequest(Method::kGet, "/api/v1/items/" + std::to_string(i));
        (void)d.Handle(req);
    }
    Request missing = MakeRequest(Method::kGet, "/api/x");
    (void)d.Handle(missing);
    std::string text;
    metrics_->Render(text);
    EXPECT_NE(text.find(R"(http_requests_total{method="GET",route="/api/v1/items/{id:int}",status="200"} 3)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(http_requests_total{method="",route="unmatched",status="404"} 1)"), std::string::npos);
}

TEST(DispatcherStaticTest, IsApiPath) {
    EXPECT_TRUE(Dispatcher::IsApiPath("/api"));
    EXPECT_TRUE(Dispatcher::IsApiPath("/api/v1/x"));
    EXPECT_TRUE(Dispatcher::IsApiPath("/healthz"));
    EXPECT_FALSE(Dispatcher::IsApiPath("/apis"));
    EXPECT_FALSE(Dispatcher::IsApiPath("/"));
    EXPECT_FALSE(Dispatcher::IsApiPath("/healthz/x"));
}

}  // namespace
}  // namespace jangteo::http

namespace jangteo::http {
namespace {

TEST(DispatcherMayBlockTest, KeepsTheRouteItFindsAndHonoursTheRouteFlag) {
    Router router;
    int calls = 0;
    router.Add({.method = Method::kGet,
                .pattern = "/api/v1/things/{id:int}",
                .handler = [&](Request& req) -> core::Result<Response> {
                    ++calls;
                    return Response::Json(200, core::json::object{{"id", req.Param("id")}});
                },
                .access = kPublicAccess});
    router.Add({.method = Method::kGet,
                .pattern = "/ping",
                .handler = [](Request&) -> core::Result<Response> { return Response::Empty(204); },
                .access = kPublicAccess,
                .may_block = false});
    Metrics metrics(router);
    Dispatcher dispatcher(router, metrics, {});

    Request blocking;
    blocking.target = "/api/v1/things/42";
    EXPECT_TRUE(dispatcher.MayBlock(blocking));
    ASSERT_NE(blocking.route, nullptr);
    EXPECT_EQ(blocking.Param("id"), "42");
    Response r = dispatcher.Handle(blocking);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"({"id":"42"})");
    EXPECT_EQ(calls, 1);

    Request quick;
    quick.target = "/ping";
    EXPECT_FALSE(dispatcher.MayBlock(quick));

    Request unknown;
    unknown.target = "/api/v1/nothing";
    EXPECT_TRUE(dispatcher.MayBlock(unknown)) << "unknown routes are answered by Handle, wherever it runs";
    EXPECT_EQ(unknown.route, nullptr);
    EXPECT_EQ(dispatcher.Handle(unknown).status, 404);
}

TEST(DispatcherAuthorizerTest, GuardsEveryRouteButPublicOnes) {
    Router router;
    int calls = 0;
    router.Add({.method = Method::kGet,
                .pattern = "/api/v1/private",
                .handler = [&](Request& req) -> core::Result<Response> {
                    ++calls;
                    const auto* who = std::any_cast<std::string>(&req.auth);
                    return Response::Json(200, core::json::object{{"who", who ? *who : "nobody"}});
                },
                .access = kUserAccess});
    router.Add({.method = Method::kGet,
                .pattern = "/api/v1/open",
                .handler = [](Request&) -> core::Result<Response> { return Response::Empty(204); },
                .access = kPublicAccess});
    Metrics metrics(router);
    Dispatcher dispatcher(router, metrics, {});

    Request unguarded;
    unguarded.target = "/api/v1/private";
    EXPECT_EQ(dispatcher.Handle(unguarded).status, 500) << "no authorizer: a guarded route stays shut";
    EXPECT_EQ(calls, 0);
    Request open;
    open.target = "/api/v1/open";
    EXPECT_EQ(dispatcher.Handle(open).status, 204);

    dispatcher.SetAuthorizer([](Request& req) -> core::Status {
        if (req.route->access.audience == Audience::kPublic) return {};
        auto who = req.Header("x-who");
        if (!who) return core::Error::Unauthenticated("session_invalid", "sign in");
        if (*who == "slow") {
            core::Error e = core::Error::ResourceExhausted("rate_limited", "wait");
            e.retry_after_seconds = 42;
            return e;
        }
        req.auth = std::string(*who);
        return {};
    });
    Request anonymous;
    anonymous.target = "/api/v1/private";
    EXPECT_EQ(dispatcher.Handle(anonymous).status, 401);
    Request limited;
    limited.target = "/api/v1/private";
    limited.headers = {{"x-who", "slow"}};
    Response r = dispatcher.Handle(limited);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.Header("Retry-After").value_or(""), "42");
    EXPECT_EQ(calls, 0) << "a refused request never reaches its handler";
    Request known;
    known.target = "/api/v1/private";
    known.headers = {{"x-who", "minsu"}};
    r = dispatcher.Handle(known);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"({"who":"minsu"})");
    EXPECT_EQ(calls, 1);
}

TEST(DispatcherProxyTest, BelievesForwardedForOnlyFromTrustedProxies) {
    Router router;
    Metrics metrics(router);
    Dispatcher dispatcher(router, metrics, {});
    Request r;
    r.remote_address = "127.0.0.1";
    r.headers = {{"x-forwarded-for", "198.51.100.7, 203.0.113.9"}};
    EXPECT_EQ(dispatcher.ClientAddress(r), "127.0.0.1") << "no trusted proxies: the peer is the client";

    dispatcher.SetTrustedProxies({"127.0.0.1", "10.0.0.2"});
    EXPECT_EQ(dispatcher.ClientAddress(r), "203.0.113.9") << "the right-most address the proxy saw";
    r.headers = {{"x-forwarded-for", "198.51.100.7, 203.0.113.9, 10.0.0.2"}};
    EXPECT_EQ(dispatcher.ClientAddress(r), "203.0.113.9") << "trusted hops are skipped";
    r.headers = {};
    EXPECT_EQ(dispatcher.ClientAddress(r), "127.0.0.1");
    r.remote_address = "192.0.2.50";
    r.headers = {{"x-forwarded-for", "198.51.100.7"}};
    EXPECT_EQ(dispatcher.ClientAddress(r), "192.0.2.50") << "a stranger cannot claim another address";
}

}  // namespace
}  // namespace jangteo::http
