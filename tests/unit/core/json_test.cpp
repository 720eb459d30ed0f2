#include "core/json.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace jangteo::core {
namespace {

std::string Nested(int depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

TEST(JsonTest, ParsesDocuments) {
    auto value = ParseJson(R"( {"a": [1, 2.5, "x", true, null], "b": {"c": "한글"}} )");
    ASSERT_TRUE(value.ok()) << value.error().message;
    ASSERT_TRUE(value->is_object());
    EXPECT_EQ(value->at("a").as_array().size(), 5U);
    EXPECT_EQ(value->at("b").at("c").as_string(), "한글");
}

struct MalformedCase {
    const char* name;
    std::string text;
    const char* where;  // "line L, column C" expected in the message
};

class JsonMalformedTest : public testing::TestWithParam<MalformedCase> {};

TEST_P(JsonMalformedTest, IsMalformedWithPosition) {
    auto value = ParseJson(GetParam().text);
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(value.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(value.error().reason, "malformed_json");
    EXPECT_NE(value.error().message.find(GetParam().where), std::string::npos) << value.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonMalformedTest,
    testing::Values(MalformedCase{"Empty", "", "line 1, column 1"}, MalformedCase{"Blank", "  \n ", "line 2"},
                    MalformedCase{"BareWord", "hello", "line 1, column 1"},
                    MalformedCase{"Unterminated", "{\"a\": 1", "line 1"},
                    MalformedCase{"BadValueOnThirdLine", "{\n  \"a\": 1,\n  \"b\": x\n}", "line 3, column 8"},
                    MalformedCase{"TrailingComma", "[1, 2,]", "line 1, column 7"},
                    MalformedCase{"TrailingGarbage", "{} x", "line 1, column 4"},
                    MalformedCase{"SecondDocument", "{}\n{}", "line 2, column 1"},
                    MalformedCase{"SingleQuotes", "{'a': 1}", "line 1, column 2"},
                    MalformedCase{"InvalidUtf8", "\"\xff\"", "line 1"}, MalformedCase{"TooDeep", Nested(65), "line 1"}),
    [](const testing::TestParamInfo<MalformedCase>& info) { return std::string(info.param.name); });

TEST(JsonTest, DepthLimitIs64) {
    EXPECT_TRUE(ParseJson(Nested(64)).ok());
    EXPECT_FALSE(ParseJson(Nested(65)).ok());
    EXPECT_FALSE(ParseJson(Nested(10000)).ok());
    std::string objects;
    for (int i = 0; i < 65; ++i) objects += "{\"a\":";
    objects += "1";
    objects += std::string(65, '}');
    EXPECT_FALSE(ParseJson(objects).ok());
}

TEST(JsonTest, TrailingWhiteSpaceIsAllowed) {
    auto value = ParseJson("[1]\n\t  \r\n");
    ASSERT_TRUE(value.ok()) << value.error().message;
    EXPECT_EQ(value->as_array().size(), 1U);
}

TEST(JsonTest, ParseJsonObjectTakesAnObject) {
    auto object = ParseJsonObject(R"({"name": "x"})");
    ASSERT_TRUE(object.ok());
    EXPECT_EQ(object->at("name").as_string(), "x");
}

class JsonObjectRejectsTest : public testing::TestWithParam<const char*> {};

TEST_P(JsonObjectRejectsTest, RejectsNonObjects) {
    auto object = ParseJsonObject(GetParam());
    ASSERT_FALSE(object.ok());
    EXPECT_EQ(object.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(object.error().reason, "json_object_expected");
}

INSTANTIATE_TEST_SUITE_P(Cases, JsonObjectRejectsTest, testing::Values("[]", "1", "\"s\"", "null", "true"));

TEST(JsonTest, ParseJsonObjectPassesOnSyntaxErrors) {
    auto object = ParseJsonObject("{");
    ASSERT_FALSE(object.ok());
    EXPECT_EQ(object.error().reason, "malformed_json");
}

struct EscapeCase {
    std::string text;
    const char* expected;
};

class AppendJsonStringTest : public testing::TestWithParam<EscapeCase> {};

TEST_P(AppendJsonStringTest, Escapes) {
    std::string out = "prefix:";
    AppendJsonString(out, GetParam().text);
    EXPECT_EQ(out, std::string("prefix:") + GetParam().expected);
    // What it writes reads back as the same string.
    auto value = ParseJson(out.substr(7));
    ASSERT_TRUE(value.ok()) << out;
    EXPECT_EQ(value->as_string(), GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(Cases, AppendJsonStringTest,
                         testing::Values(EscapeCase{"", R"("")"}, EscapeCase{"plain", R"("plain")"},
                                         EscapeCase{"a\"b", R"("a\"b")"}, EscapeCase{"a\\b", R"("a\\b")"},
                                         EscapeCase{"l1\nl2\r\t", R"("l1\nl2\r\t")"},
                                         EscapeCase{std::string("nul\0x", 5), R"("nul\u0000x")"},
                                         EscapeCase{"\x01\x1f", R"("\u0001\u001f")"},
                                         EscapeCase{"\b\f", R"("\u0008\u000c")"}, EscapeCase{"del\x7f", "\"del\x7f\""},
                                         EscapeCase{"한글 /", "\"한글 /\""}));

// Found by fuzz_json (corpus: double_long_integer_roundtrip). Boost.JSON 1.81 converts decimal
// texts to double only approximately, so the text ToJson wrote parsed back one unit in the last
// place away.
TEST(JsonTest, DoublesRoundTripThroughToJson) {
    for (const char* text : {"4444444444444444444444444444444444444444444444444444444444412", "4.4444444444444446E60",
                             "0.1", "2.5e-320", "-1.7976931348623157e308", "1e-400"}) {
        auto value = ParseJson(text);
        ASSERT_TRUE(value.ok()) << text;
        ASSERT_TRUE(value->is_double()) << text;
        double expected = std::strtod(text, nullptr);
        EXPECT_EQ(value->as_double(), expected) << text;
        auto again = ParseJson(ToJson(*value));
        ASSERT_TRUE(again.ok()) << ToJson(*value);
        EXPECT_EQ(*again, *value) << text << " -> " << ToJson(*value);
    }
    // Inside a document the parser hands each number over whole; as a whole body, in two parts.
    auto doc = ParseJson(R"({"a": [4.4444444444444446E60, 1.5], "b": 4.4444444444444446E60})");
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc->at("a").at(0).as_double(), 4.4444444444444446E60);
    EXPECT_EQ(doc->at("b").as_double(), 4.4444444444444446E60);
    EXPECT_EQ(doc->at("a").at(1).as_double(), 1.5);
}

// Found by fuzz_json (corpus: double_exponent_overflow). A number beyond a double became infinity,
// which ToJson wrote as "Infinity", not JSON.
TEST(JsonTest, NumbersBeyondADoubleAreMalformed) {
    for (const char* text : {"1e400", "-1e400", "111111101E11111111", "[1.7976931348623159e308]"}) {
        auto value = ParseJson(text);
        ASSERT_FALSE(value.ok()) << text << " -> " << ToJson(*value);
        EXPECT_EQ(value.error().code, ErrorCode::kMalformed);
        EXPECT_EQ(value.error().reason, "malformed_json");
    }
    auto largest = ParseJson("1.7976931348623157e308");
    ASSERT_TRUE(largest.ok());
    EXPECT_EQ(ToJson(*largest), "1.7976931348623157E308");
}

TEST(JsonTest, ToJsonSerializes) {
    json::object o{{"a", 1}, {"b", "x\"y"}};
    EXPECT_EQ(ToJson(o), R"({"a":1,"b":"x\"y"})");
}

}  // namespace
}  // namespace jangteo::core
