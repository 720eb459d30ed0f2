#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace jangteo::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "jangteo-static-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        root_ = dir_ / "root";
        Write(root_ / "index.html", "<html>index</html>");
        Write(root_ / "app.js", "console.log(1)");
        Write(root_ / "style.css", "body{}");
        Write(root_ / "logo.svg", "<svg/>");
        Write(root_ / "manifest.webmanifest", "{}");
        Write(root_ / "assets" / "index-3f9a1c2b.js", "hashed()");
        Write(root_ / "assets" / "font.woff2", "woff");
        Write(root_ / "한글 이름.txt", "korean");
        Write(root_ / ".env", "SECRET=1");
        Write(root_ / ".git" / "config", "[core]");
        Write(dir_ / "secret.txt", "outside the root");
    }
    void TearDown() override {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

    static void Write(const fs::path& path, const std::string& content) {
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << content;
    }

    core::Result<Response> Get(std::string target, std::vector<HeaderField> headers = {}) const {
        Request r;
        r.target = std::move(target);
        r.headers = std::move(headers);
        return StaticFiles(root_).Serve(r);
    }

    fs::path dir_;
    fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirContentType) {
    struct Case {
        const char* target;
        const char* content_type;
        const char* body;
    };
    const Case cases[] = {
        {"/app.js", "text/javascript; charset=utf-8", "console.log(1)"},
        {"/style.css", "text/css; charset=utf-8", "body{}"},
        {"/logo.svg", "image/svg+xml", "<svg/>"},
        {"/manifest.webmanifest", "application/manifest+json", "{}"},
        {"/assets/font.woff2", "font/woff2", "woff"},
        {"/index.html", "text/html; charset=utf-8", "<html>index</html>"},
        {"/%ED%95%9C%EA%B8%80%20%EC%9D%B4%EB%A6%84.txt", "text/plain; charset=utf-8", "korean"},
        {"/app.js?v=3", "text/javascript; charset=utf-8", "console.log(1)"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.target);
        auto r = Get(c.target);
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->content_type, c.content_type);
        EXPECT_EQ(r->body, c.body);
        EXPECT_EQ(r->Header("X-Content-Type-Options"), "nosniff");
    }
}

TEST_F(StaticFilesTest, SendsValidators) {
    auto r = Get("/app.js");
    ASSERT_TRUE(r.ok());
    auto etag = r->Header("ETag");
    ASSERT_TRUE(etag.has_value());
    EXPECT_GE(etag->size(), 5U);
    EXPECT_EQ(etag->front(), '"');
    EXPECT_EQ(etag->back(), '"');
    auto last_modified = r->Header("Last-Modified");
    ASSERT_TRUE(last_modified.has_value());
    EXPECT_TRUE(last_modified->ends_with(" GMT")) << *last_modified;
    EXPECT_EQ(r->Header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, MatchingConditionalRequestIs304) {
    auto first = Get("/app.js");
    ASSERT_TRUE(first.ok());
    std::string etag(*first->Header("ETag"));
    std::string last_modified(*first->Header("Last-Modified"));

    struct Case {
        std::vector<HeaderField> headers;
        int status;
    };
    const Case cases[] = {
        {{{"if-none-match", etag}}, 304},
        {{{"if-none-match", "W/" + etag}}, 304},
        {{{"if-none-match", "\"other\", " + etag}}, 304},
        {{{"if-none-match", "*"}}, 304},
        {{{"if-none-match", "\"other\""}}, 200},
        {{{"if-modified-since", last_modified}}, 304},
        {{{"if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT"}}, 200},
        // If-None-Match wins over If-Modified-Since.
        {{{"if-none-match", "\"other\""}, {"if-modified-since", last_modified}}, 200},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.headers.front().second);
        auto r = Get("/app.js", c.headers);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r->status, c.status);
        if (c.status == 304) {
            EXPECT_TRUE(r->body.empty());
            EXPECT_EQ(r->Header("ETag"), etag);
        } else {
            EXPECT_EQ(r->body, "console.log(1)");
        }
    }
}

TEST_F(StaticFilesTest, HashedNamesAreCachedForAYear) {
    auto r = Get("/assets/index-3f9a1c2b.js");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->Header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(r->body, "hashed()");
}

TEST_F(StaticFilesTest, OtherPathsGetTheIndexPage) {
    for (const char* target : {"/", "/some/route", "/shop/products/prd_0000000000001", "/assets", "//etc/passwd"}) {
        SCOPED_TRACE(target);
        auto r = Get(target);
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->body, "<html>index</html>");
        EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
        EXPECT_EQ(r->Header("Cache-Control"), "no-cache");
    }
}

TEST_F(StaticFilesTest, RefusesMissingAssetsAndEscapes) {
    for (const char* target :
         {"/missing.js", "/assets/missing-3f9a1c2b.css", "/../secret.txt", "/assets/../../secret.txt",
          "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
          "/assets/%2e%2e/%2e%2e/secret.txt", "/..", "/.env", "/%2eenv", "/.git/config", "/assets/.hidden",
          "/..\\secret.txt", "/%5c..%5csecret.txt", "/app.js%00.html", "/bad%zz.js"}) {
        SCOPED_TRACE(target);
        auto r = Get(target);
        ASSERT_FALSE(r.ok()) << r->body;
        EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
    }
}

TEST_F(StaticFilesTest, WithoutIndexTheWebAppIsMissing) {
    fs::remove(root_ / "index.html");
    auto r = Get("/some/route");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "web_app_missing");
}

TEST(StaticFilesNameTest, IsHashedName) {
    struct Case {
        const char* name;
        bool hashed;
    };
    const Case cases[] = {
        {"index-3f9a1c2b.js", true},   {"vendor.a1b2c3d4e5.css", true},
        {"chunk-ABCDEF12.js", true},   {"app.js", false},
        {"index-3f9a1c2.js", false},   {"index-abcdefgh.js", false},
        {"my-component.js", false},    {"noext-3f9a1c2b", false},
        {"index-3f9a1c2b!.js", false}, {"index_3f9a1c2b.js", false},
    };
    for (const Case& c : cases) EXPECT_EQ(StaticFiles::IsHashedName(c.name), c.hashed) << c.name;
}

TEST(StaticFilesNameTest, ContentTypeFor) {
    EXPECT_EQ(StaticFiles::ContentTypeFor(".mjs"), "text/javascript; charset=utf-8");
    EXPECT_EQ(StaticFiles::ContentTypeFor(".map"), "application/json");
    EXPECT_EQ(StaticFiles::ContentTypeFor(".wasm"), "application/wasm");
    EXPECT_EQ(StaticFiles::ContentTypeFor(".png"), "image/png");
    EXPECT_EQ(StaticFiles::ContentTypeFor(".exe"), "application/octet-stream");
    EXPECT_EQ(StaticFiles::ContentTypeFor(""), "application/octet-stream");
}

TEST(StaticFilesNameTest, HttpDate) {
    EXPECT_EQ(HttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(HttpDate(1'795'316'645), "Sun, 22 Nov 2026 03:04:05 GMT");
}

}  // namespace
}  // namespace jangteo::http
