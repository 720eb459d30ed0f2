#include "core/encoding.hpp"

#include <gtest/gtest.h>

namespace jangteo::core {
namespace {

// "상품명,가격\n고등어,8900\n" as Korean Excel saves it (CP949 / EUC-KR bytes).
const std::string kCp949Csv = "\xBB\xF3\xC7\xB0\xB8\xED,\xB0\xA1\xB0\xDD\n\xB0\xED\xB5\xEE\xBE\xEE,8900\n";
const std::string kUtf8Csv = "상품명,가격\n고등어,8900\n";

TEST(EncodingTest, Utf8StaysAndItsByteOrderMarkGoes) {
    auto plain = DecodeKoreanText(kUtf8Csv);
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->utf8, kUtf8Csv);
    EXPECT_EQ(plain->encoding, TextEncoding::kUtf8);
    auto bom = DecodeKoreanText("\xEF\xBB\xBF" + kUtf8Csv);
    ASSERT_TRUE(bom.ok());
    EXPECT_EQ(bom->utf8, kUtf8Csv);
}

TEST(EncodingTest, Cp949FromExcelBecomesUtf8) {
    auto decoded = DecodeKoreanText(kCp949Csv);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->utf8, kUtf8Csv);
    EXPECT_EQ(decoded->encoding, TextEncoding::kCp949);
    EXPECT_EQ(TextEncodingName(decoded->encoding), "cp949");
    // CP949's extension beyond EUC-KR: 똠 (0x8C 0x63) is only in CP949.
    auto extended = DecodeKoreanText("\x8C\x63");
    ASSERT_TRUE(extended.ok());
    EXPECT_EQ(extended->utf8, "똠");
}

TEST(EncodingTest, RoundTripsThroughCp949) {
    auto encoded = EncodeCp949(kUtf8Csv);
    ASSERT_TRUE(encoded.ok());
    EXPECT_EQ(*encoded, kCp949Csv);
    auto refused = EncodeCp949("첫 줄\n고등어 🐟\n");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, "unencodable_text");
    EXPECT_NE(refused.error().message.find("line 2"), std::string::npos) << refused.error().message;
}

TEST(EncodingTest, NeitherEncodingNamesTheLine) {
    auto bad = DecodeKoreanText("a,b\nc,d\n\xFF\xFF,x\n");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bad.error().reason, "undecodable_text");
    EXPECT_NE(bad.error().message.find("line 3"), std::string::npos) << bad.error().message;
    auto cut = DecodeKoreanText("\xB0");  // half a CP949 character at the end
    EXPECT_FALSE(cut.ok());
    auto nul = DecodeKoreanText(std::string("a\nb\0c", 5));
    ASSERT_FALSE(nul.ok());
    EXPECT_NE(nul.error().message.find("line 2"), std::string::npos);
}

TEST(EncodingTest, DecodesAsTheCallerSays) {
    auto utf8 = DecodeKoreanText("\xEF\xBB\xBF" + kUtf8Csv, TextEncoding::kUtf8);
    ASSERT_TRUE(utf8.ok());
    EXPECT_EQ(utf8->utf8, kUtf8Csv);
    auto cp949 = DecodeKoreanText(kCp949Csv, TextEncoding::kCp949);
    ASSERT_TRUE(cp949.ok());
    EXPECT_EQ(cp949->utf8, kUtf8Csv);
    EXPECT_EQ(cp949->encoding, TextEncoding::kCp949);
    // CP949 bytes said to be UTF-8: refused, naming the line, not guessed.
    auto not_utf8 = DecodeKoreanText(kCp949Csv, TextEncoding::kUtf8);
    ASSERT_FALSE(not_utf8.ok());
    EXPECT_EQ(not_utf8.error().reason, "undecodable_text");
    EXPECT_NE(not_utf8.error().message.find("line 1"), std::string::npos) << not_utf8.error().message;
    auto later = DecodeKoreanText("sku\nA-1\n\xB0\xED\n", TextEncoding::kUtf8);
    ASSERT_FALSE(later.ok());
    EXPECT_NE(later.error().message.find("line 3"), std::string::npos) << later.error().message;
    // A byte order mark says UTF-8, whatever the caller chose.
    EXPECT_FALSE(DecodeKoreanText("\xEF\xBB\xBF" + kUtf8Csv, TextEncoding::kCp949).ok());
    EXPECT_FALSE(DecodeKoreanText(std::string("a\0", 2), TextEncoding::kCp949).ok());
}

}  // namespace
}  // namespace jangteo::core
