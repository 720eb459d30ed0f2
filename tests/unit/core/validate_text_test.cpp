// NormalizeText: what people type into a name, address or reason field comes out trimmed, or is
// refused with one field error that says why.
#include <gtest/gtest.h>

#include <string>

#include "core/validate.hpp"

namespace jangteo::core {
namespace {

std::string FieldCode(const Result<std::string>& r) {
    if (r.ok() || r.error().fields.size() != 1) return "?";
    return r.error().fields.front().code;
}

TEST(NormalizeTextTest, TrimsBlanksIncludingTheIdeographicSpace) {
    EXPECT_EQ(*NormalizeText("  광안리 횟집\t", "name_ko", {}), "광안리 횟집");
    EXPECT_EQ(*NormalizeText("\u3000해운대\u3000 ", "name_ko", {}), "해운대");
    EXPECT_EQ(*NormalizeText("a\u3000b", "name_ko", {}), "a\u3000b");  // inside, it stays
}

TEST(NormalizeTextTest, RequiredAndOptional) {
    auto r = NormalizeText(" \u3000 ", "name_ko", {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().reason, "invalid_text");
    EXPECT_EQ(r.error().fields.front().field, "name_ko");
    EXPECT_EQ(FieldCode(r), "required");
    auto optional = NormalizeText("  ", "name_en", {.required = false});
    ASSERT_TRUE(optional.ok());
    EXPECT_EQ(*optional, "");
}

TEST(NormalizeTextTest, CountsCodePointsNotBytes) {
    std::string hundred;
    for (int i = 0; i < 100; ++i) hundred += "가";
    EXPECT_EQ(*NormalizeText(hundred, "f", {.max_code_points = 100}), hundred);
    EXPECT_EQ(FieldCode(NormalizeText(hundred + "가", "f", {.max_code_points = 100})), "too_long");
    // Blanks at the ends do not count.
    EXPECT_TRUE(NormalizeText("  " + hundred + "  ", "f", {.max_code_points = 100}).ok());
}

TEST(NormalizeTextTest, RefusesControlsAndBadUtf8) {
    EXPECT_EQ(FieldCode(NormalizeText("a\x01"
                                      "b",
                                      "f", {})),
              "invalid_text");
    EXPECT_EQ(FieldCode(NormalizeText("a\x7F", "f", {})), "invalid_text");
    EXPECT_EQ(FieldCode(NormalizeText("a\xC2\x85", "f", {})), "invalid_text");  // NEL, a C1 control
    EXPECT_EQ(FieldCode(NormalizeText("a\xFF", "f", {})), "invalid_text");
    EXPECT_EQ(FieldCode(NormalizeText("one\ntwo", "f", {})), "invalid_text");
}

TEST(NormalizeTextTest, MultiLineKeepsLineBreaksInside) {
    auto r = NormalizeText("\n서류 미비:\n\t사업자등록증 사본 없음\n", "reason",
                           {.max_code_points = 500, .multi_line = true});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, "서류 미비:\n\t사업자등록증 사본 없음");
    EXPECT_EQ(FieldCode(NormalizeText("a\x01", "reason", {.multi_line = true})), "invalid_text");
}

}  // namespace
}  // namespace jangteo::core
