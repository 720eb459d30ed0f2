#include "http/message.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace jangteo::http {
namespace {

struct DecodeCase {
    const char* text;
    bool plus_is_space;
    std::optional<std::string> expected;
};

class PercentDecodeTest : public testing::TestWithParam<DecodeCase> {};

TEST_P(PercentDecodeTest, Decodes) {
    EXPECT_EQ(PercentDecode(GetParam().text, GetParam().plus_is_space), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PercentDecodeTest,
    testing::Values(DecodeCase{"", false, ""}, DecodeCase{"plain", false, "plain"}, DecodeCase{"a%20b", false, "a b"},
                    DecodeCase{"%41%62", false, "Ab"}, DecodeCase{"%e2%82%ac", false, "€"},
                    DecodeCase{"%E2%82%AC", false, "€"}, DecodeCase{"a+b", false, "a+b"},
                    DecodeCase{"a+b", true, "a b"}, DecodeCase{"%2B", true, "+"}, DecodeCase{"100%25", false, "100%"},
                    DecodeCase{"%2e%2e", false, ".."}, DecodeCase{"%", false, std::nullopt},
                    DecodeCase{"%4", false, std::nullopt}, DecodeCase{"a%", false, std::nullopt},
                    DecodeCase{"%zz", false, std::nullopt}, DecodeCase{"%g0", false, std::nullopt},
                    DecodeCase{"%0g", false, std::nullopt}, DecodeCase{"%%41", false, std::nullopt},
                    DecodeCase{"%00", false, std::nullopt}, DecodeCase{"a%00b", true, std::nullopt}));

TEST(RequestTest, PathAndQuery) {
    Request r;
    r.target = "/a/b?x=1&y=2";
    EXPECT_EQ(r.path(), "/a/b");
    EXPECT_EQ(r.raw_query(), "x=1&y=2");
    r.target = "/a/b";
    EXPECT_EQ(r.path(), "/a/b");
    EXPECT_EQ(r.raw_query(), "");
    r.target = "/a?";
    EXPECT_EQ(r.path(), "/a");
    EXPECT_EQ(r.raw_query(), "");
}

TEST(RequestTest, QueryDecodesAndTakesTheFirstOfRepeatedKeys) {
    Request r;
    r.target = "/search?q=kimchi+jjigae&tag=a&tag=b&empty=&flag&sp%20ace=1&pct=100%25&bad=%zz&k%3Dx=v";
    struct Case {
        const char* name;
        std::optional<std::string> value;
    };
    const Case cases[] = {
        {"q", "kimchi jjigae"},    {"tag", "a"},        {"empty", ""},         {"flag", ""},
        {"sp ace", "1"},           {"pct", "100%"},     {"bad", std::nullopt}, {"k=x", "v"},
        {"missing", std::nullopt}, {"Q", std::nullopt},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(r.Query(c.name), c.value);
    }
}

TEST(RequestTest, QueryWithoutQueryString) {
    Request r;
    r.target = "/x";
    EXPECT_EQ(r.Query("x"), std::nullopt);
}

TEST(RequestTest, HeaderAndParam) {
    Request r;
    r.headers = {{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("x-a"), "1");
    EXPECT_EQ(r.Header("missing"), std::nullopt);
    r.params = {{"id", "7"}, {"slug", "x"}};
    EXPECT_EQ(r.Param("slug"), "x");
    EXPECT_EQ(r.Param("nope"), "");
}

TEST(ResponseTest, SetHeaderReplacesCaseInsensitively) {
    Response r;
    r.SetHeader("Cache-Control", "no-cache");
    r.SetHeader("X-Other", "1");
    r.SetHeader("cache-control", "max-age=60");
    ASSERT_EQ(r.headers.size(), 2U);
    EXPECT_EQ(r.Header("CACHE-CONTROL"), "max-age=60");
    EXPECT_EQ(r.Header("x-other"), "1");
    EXPECT_EQ(r.Header("X-Othe"), std::nullopt);
    EXPECT_EQ(r.Header("X-Other-2"), std::nullopt);
}

TEST(ResponseTest, Factories) {
    Response j = Response::Json(201, core::json::object{{"a", 1}});
    EXPECT_EQ(j.status, 201);
    EXPECT_EQ(j.content_type, "application/json");
    EXPECT_EQ(j.body, R"({"a":1})");
    Response t = Response::Text(200, "hi");
    EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
    Response e = Response::Empty(204);
    EXPECT_EQ(e.status, 204);
    EXPECT_TRUE(e.content_type.empty());
    EXPECT_TRUE(e.body.empty());
}

TEST(MethodTest, NamesRoundTrip) {
    for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch, Method::kDelete,
                     Method::kOptions}) {
        EXPECT_EQ(ParseMethod(MethodName(m)), m);
    }
    EXPECT_EQ(ParseMethod("get"), Method::kOther);
    EXPECT_EQ(ParseMethod("OTHER"), Method::kOther);
    EXPECT_EQ(ParseMethod("TRACE"), Method::kOther);
}

}  // namespace
}  // namespace jangteo::http
