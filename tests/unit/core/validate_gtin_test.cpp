#include <gtest/gtest.h>

#include "core/validate.hpp"

namespace jangteo::core {
namespace {

TEST(GtinTest, AcceptsValidCodesOfEveryLength) {
    // EAN-13 (a Korean 880 code and a well-known book ISBN-13), UPC-A, EAN-8 and GTIN-14.
    for (const char* code : {"8801234567893", "9780306406157", "036000291452", "96385074", "10012345678902"}) {
        auto r = NormalizeGtin(code);
        ASSERT_TRUE(r.ok()) << code << ": " << r.error().message;
        EXPECT_EQ(*r, code);
    }
    auto spaced = NormalizeGtin("880 1234 56789-3");
    ASSERT_TRUE(spaced.ok());
    EXPECT_EQ(*spaced, "8801234567893");
}

TEST(GtinTest, RefusesWrongCheckDigitsAndLengths) {
    auto wrong = NormalizeGtin("8801234567890", "variants[0].barcode");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(wrong.error().reason, "invalid_barcode");
    EXPECT_EQ(wrong.error().fields.at(0).field, "variants[0].barcode");
    EXPECT_EQ(wrong.error().fields.at(0).code, "gtin_check_digit");
    for (const char* bad :
         {"", "123", "880123456789", "88012345678931", "880123456789a", "8801234567893x", "12345678901234567"}) {
        auto r = NormalizeGtin(bad);
        ASSERT_FALSE(r.ok()) << bad;
    }
    EXPECT_EQ(NormalizeGtin("880123456789").error().fields.at(0).code, "gtin_check_digit") << "12 digits: a UPC-A";
    EXPECT_EQ(NormalizeGtin("12345").error().fields.at(0).code, "gtin_length");
}

TEST(GtinTest, EveryCheckDigitButOneIsRefused) {
    std::string code = "880123456789";
    int accepted = 0;
    for (char d = '0'; d <= '9'; ++d) accepted += GtinCheckDigitOk(code + d) ? 1 : 0;
    EXPECT_EQ(accepted, 1);
    EXPECT_TRUE(GtinCheckDigitOk("8801234567893"));
}

}  // namespace
}  // namespace jangteo::core
