#include "core/log.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "core/json.hpp"

namespace jangteo::core::log {
namespace {

constexpr std::string_view kTime = "2026-11-22T03:04:05Z";

TEST(LogTest, RendersTextLine) {
    std::string line = Render(Format::kText, Level::kInfo, kTime, "request",
                              {{"id", "abc-1"}, {"status", 200}, {"us", std::int64_t{153}}, {"ok", true}});
    EXPECT_EQ(line, "2026-11-22T03:04:05Z info request id=abc-1 status=200 us=153 ok=true");
}

TEST(LogTest, TextQuotesValuesThatWouldBreakTheLine) {
    struct Case {
        const char* value;
        const char* rendered;
    };
    const Case cases[] = {
        {"two words", R"("two words")"},       {"a=b", R"("a=b")"},
        {"say \"hi\"", R"("say \"hi\"")"},     {"", R"("")"},
        {"line1\nline2", R"("line1\nline2")"}, {"tab\there", R"("tab\there")"},
        {"plain/path", "plain/path"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.value);
        std::string line = Render(Format::kText, Level::kWarn, kTime, "e", {{"v", c.value}});
        EXPECT_EQ(line, std::string(kTime) + " warn e v=" + c.rendered);
        EXPECT_EQ(line.find('\n'), std::string::npos);
    }
}

TEST(LogTest, RendersLevelNames) {
    EXPECT_NE(Render(Format::kText, Level::kDebug, kTime, "e", {}).find(" debug "), std::string::npos);
    EXPECT_NE(Render(Format::kText, Level::kError, kTime, "e", {}).find(" error "), std::string::npos);
    EXPECT_NE(Render(Format::kJson, Level::kWarn, kTime, "e", {}).find(R"("level":"warn")"), std::string::npos);
}

TEST(LogTest, RendersJsonLine) {
    std::string line = Render(Format::kJson, Level::kInfo, kTime, "request",
                              {{"id", "abc-1"}, {"status", 200}, {"ratio", 0.5}, {"ok", false}});
    EXPECT_EQ(line, R"({"time":"2026-11-22T03:04:05Z","level":"info","event":"request","id":"abc-1","status":200,)"
                    R"("ratio":0.5,"ok":false})");
}

TEST(LogTest, JsonLineParsesAndEscapes) {
    std::string cause = "bad \"quote\"\nsecond line\t\\ \x01 한글";
    std::string line = Render(Format::kJson, Level::kError, kTime, "handler \"failed\"",
                              {{"cause", cause}, {"count", std::uint64_t{42}}, {"neg", -7}});
    EXPECT_EQ(line.find('\n'), std::string::npos);
    auto parsed = ParseJsonObject(line);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message << "\n" << line;
    EXPECT_EQ(parsed->at("time").as_string(), kTime);
    EXPECT_EQ(parsed->at("level").as_string(), "error");
    EXPECT_EQ(parsed->at("event").as_string(), "handler \"failed\"");
    EXPECT_EQ(parsed->at("cause").as_string(), cause);
    EXPECT_EQ(parsed->at("count").as_int64(), 42);
    EXPECT_EQ(parsed->at("neg").as_int64(), -7);
}

TEST(LogTest, JsonLineStaysJsonForNonFiniteNumbers) {
    std::string line = Render(Format::kJson, Level::kInfo, kTime, "e",
                              {{"nan", std::numeric_limits<double>::quiet_NaN()},
                               {"inf", std::numeric_limits<double>::infinity()},
                               {"big", 1e300}});
    auto parsed = ParseJsonObject(line);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message << "\n" << line;
    EXPECT_TRUE(parsed->at("nan").is_null());
    EXPECT_TRUE(parsed->at("inf").is_null());
    EXPECT_DOUBLE_EQ(parsed->at("big").to_number<double>(), 1e300);
}

TEST(LogTest, EnabledFollowsTheConfiguredLevelOrder) {
    // Before Configure the level is info.
    EXPECT_FALSE(Enabled(Level::kDebug));
    EXPECT_TRUE(Enabled(Level::kInfo));
    EXPECT_TRUE(Enabled(Level::kError));
}

}  // namespace
}  // namespace jangteo::core::log
