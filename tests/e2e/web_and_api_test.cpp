// The web app's files as a browser gets them, and the API description as a client reads it.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace jangteo::testing {
namespace {

namespace fs = std::filesystem;

class WebRootTest : public ::testing::Test {
protected:
    void SetUp() override {
        fs::create_directories(web_.path() / "assets");
        std::ofstream(web_.path() / "index.html") << "<!doctype html><title>장터</title><div id=root></div>";
        std::ofstream(web_.path() / "assets" / "index-3f9a1c2b.js") << "console.log('hi')";
        std::ofstream(web_.path() / "favicon.svg") << "<svg xmlns='http://www.w3.org/2000/svg'/>";
        std::ofstream(web_.path() / ".env") << "SECRET=1";
        std::ofstream(dir_.path() / "outside.txt") << "not for the web";
        server_ = ServerProcess::Start({.web_root = web_.path().string()});
    }
    TempDir dir_;
    TempDir web_;
    std::unique_ptr<ServerProcess> server_;
};

TEST_F(WebRootTest, ServesFilesWithTypesAndValidators) {
    HttpResponse index = Fetch(server_->port(), "GET", "/");
    EXPECT_EQ(index.status, 200);
    EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(index.Header("cache-control"), "no-cache");
    ASSERT_TRUE(index.Header("etag").has_value());
    ASSERT_TRUE(index.Header("last-modified").has_value());
    EXPECT_NE(index.body.find("장터"), std::string::npos);

    HttpResponse again = Fetch(server_->port(), "GET", "/", "", {{"If-None-Match", *index.Header("etag")}});
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.body, "");
    HttpResponse since =
        Fetch(server_->port(), "GET", "/index.html", "", {{"If-Modified-Since", *index.Header("last-modified")}});
    EXPECT_EQ(since.status, 304);

    HttpResponse js = Fetch(server_->port(), "GET", "/assets/index-3f9a1c2b.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.Header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(js.body, "console.log('hi')");

    EXPECT_EQ(Fetch(server_->port(), "GET", "/favicon.svg").Header("content-type"), "image/svg+xml");
    HttpResponse head = Fetch(server_->port(), "HEAD", "/assets/index-3f9a1c2b.js");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("content-length"), "17");
}

TEST_F(WebRootTest, ClientRoutesGetTheIndexAndMissingFilesA404) {
    HttpResponse route = Fetch(server_->port(), "GET", "/merchants/mrc_0000000000001/products?page=2");
    EXPECT_EQ(route.status, 200);
    EXPECT_EQ(route.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(route.body.find("id=root"), std::string::npos);

    EXPECT_EQ(Fetch(server_->port(), "GET", "/assets/missing-12345678.js").status, 404);
    EXPECT_EQ(Fetch(server_->port(), "GET", "/api/v1/unknown").Header("content-type"), "application/problem+json");
    EXPECT_EQ(Fetch(server_->port(), "POST", "/some/page").status, 404) << "only GET and HEAD reach the files";
}

TEST_F(WebRootTest, NothingOutsideTheRootNorHiddenIsReachable) {
    for (const char* path : {"/../outside.txt", "/%2e%2e/outside.txt", "/assets/%2e%2e/%2e%2e/outside.txt", "/.env",
                             "/assets/..%2f..%2foutside.txt", "/%00", ".env", "../outside.txt", "%2e%2e/outside.txt",
                             "http://x/.env", "http://x/../outside.txt", "//.env"}) {
        HttpResponse r = Fetch(server_->port(), "GET", path);
        EXPECT_EQ(r.body.find("not for the web"), std::string::npos) << path;
        EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << path;
    }
}

// Every operation the description lists is served (no route_not_found, no 405), and every
// response it answers with is documented.
TEST(OpenApiTest, DescribesEveryRouteTheServerServes) {
    auto server = ServerProcess::Start({});
    HttpResponse r = Fetch(server->port(), "GET", "/api/openapi.json");
    ASSERT_EQ(r.status, 200);
    auto doc = r.Json().as_object();
    EXPECT_EQ(doc.at("openapi"), "3.1.0");
    const auto& paths = doc.at("paths").as_object();
    // The built-in endpoints and this routes, at the least.
    for (const char* p : {"/healthz", "/readyz", "/metrics", "/api/openapi.json", "/api/v1/operator",
                          "/api/v1/validations/business-number"}) {
        EXPECT_TRUE(paths.contains(p)) << p;
    }
    std::set<std::string> operation_ids;
    int operations = 0;
    for (const auto& [path, item] : paths) {
        for (const auto& [method, op_value] : item.as_object()) {
            ++operations;
            const auto& op = op_value.as_object();
            std::string name = std::string(method) + " " + std::string(path);
            EXPECT_TRUE(operation_ids.insert(std::string(op.at("operationId").as_string())).second) << name;
            EXPECT_FALSE(op.at("summary").as_string().empty()) << name;
            EXPECT_TRUE(op.at("responses").as_object().contains("500")) << name;
            // Fill path parameters with well-formed values; the request must reach a handler.
            // An id parameter's schema names its prefix (pattern ^mrc_…); other parameters get a word.
            std::string target(path);
            if (auto* params = op.if_contains("parameters")) {
                for (const auto& p : params->as_array()) {
                    if (p.at("in").as_string() != "path") continue;
                    std::string value = "seafood";
                    if (auto* pattern = p.at("schema").as_object().if_contains("pattern")) {
                        std::string text(pattern->as_string());
                        auto underscore = text.find('_');
                        if (text.starts_with('^') && underscore != std::string::npos) {
                            value = text.substr(1, underscore) + "0000000000001";
                        }
                    }
                    std::string name = "{" + std::string(p.at("name").as_string()) + "}";
                    target.replace(target.find(name), name.size(), value);
                }
            }
            std::string upper(method);
            for (char& c : upper) c = static_cast<char>(std::toupper(c));
            HttpResponse answer =
                Fetch(server->port(), upper, target, op.contains("requestBody") ? "{}" : "",
                      op.contains("requestBody")
                          ? std::vector<std::pair<std::string, std::string>>{{"Content-Type", "application/json"}}
                          : std::vector<std::pair<std::string, std::string>>{});
            EXPECT_NE(answer.status, 405) << name;
            EXPECT_EQ(answer.body.find("/problems/route_not_found"), std::string::npos) << name;
            EXPECT_TRUE(op.at("responses").as_object().contains(std::to_string(answer.status)))
                << name << " answered " << answer.status << ", which the description does not list";
        }
    }
    EXPECT_GE(operations, 6);
}

}  // namespace
}  // namespace jangteo::testing
