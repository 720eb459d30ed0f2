// DecodeUtf8: code points of valid UTF-8, and refusal of every malformed form.
#include <gtest/gtest.h>

#include "core/validate.hpp"

namespace jangteo::core {
namespace {

TEST(DecodeUtf8Test, CountsCodePoints) {
    EXPECT_EQ(DecodeUtf8("")->size(), 0u);
    EXPECT_EQ(DecodeUtf8("abc")->size(), 3u);
    EXPECT_EQ(*DecodeUtf8("부산"), U"부산");
    EXPECT_EQ(*DecodeUtf8("é€😀"), U"é€😀");
}

TEST(DecodeUtf8Test, RefusesMalformedInput) {
    for (std::string bad : {"\x80", "\xC3", "\xE2\x82", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                            "\xF8\x88\x80\x80\x80", "a\xFF"}) {
        EXPECT_FALSE(DecodeUtf8(bad).has_value()) << testing::PrintToString(bad);
    }
}

}  // namespace
}  // namespace jangteo::core
