// The delivery address: every bad field reported at once under the caller's prefix, and the stored
// form (trimmed text, the phone written with hyphens).
#include "orders/address.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace jangteo::orders {
namespace {

std::vector<std::pair<std::string, std::string>> Fields(const core::Error& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : e.fields) out.emplace_back(f.field, f.code);
    return out;
}

DeliveryAddress Good() {
    return {.recipient = " 김민수 ",
            .phone = "01012345678",
            .postal_code = "48058",
            .road_address = "부산광역시 해운대구 해운대해변로 264",
            .detail = "101동 1001호",
            .note = "부재 시 경비실에 맡겨 주세요"};
}

TEST(AddressTest, NormalisesAGoodAddress) {
    auto a = NormalizeAddress(Good(), "address");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->recipient, "김민수");
    EXPECT_EQ(a->phone, "010-1234-5678");
    EXPECT_EQ(a->postal_code, "48058");
    EXPECT_EQ(a->detail, "101동 1001호");
}

TEST(AddressTest, ReportsEveryFieldUnderThePrefix) {
    DeliveryAddress bad{.recipient = "",
                        .phone = "12345",
                        .postal_code = "4805",
                        .road_address = std::string(201, 'a'),
                        .detail = std::string(101, 'b'),
                        .note = std::string(201, 'c')};
    auto a = NormalizeAddress(bad, "orders[0].address");
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(a.error().reason, "invalid_address");
    std::vector<std::pair<std::string, std::string>> want = {{"orders[0].address.recipient", "required"},
                                                             {"orders[0].address.phone", "invalid_phone"},
                                                             {"orders[0].address.postal_code", "invalid_postal_code"},
                                                             {"orders[0].address.road_address", "too_long"},
                                                             {"orders[0].address.detail", "too_long"},
                                                             {"orders[0].address.note", "too_long"}};
    EXPECT_EQ(Fields(a.error()), want);
}

TEST(AddressTest, PostalCodeIsExactlyFiveAsciiDigits) {
    for (std::string code : {"4805", "480580", "48O58", "４８０５８", "48-058", ""}) {
        DeliveryAddress a = Good();
        a.postal_code = code;
        auto r = NormalizeAddress(a);
        ASSERT_FALSE(r.ok()) << code;
        ASSERT_EQ(r.error().fields.size(), 1u) << code;
        EXPECT_EQ(r.error().fields[0].field, "postal_code");
        EXPECT_EQ(r.error().fields[0].code, "invalid_postal_code");
    }
    DeliveryAddress a = Good();
    a.postal_code = " 63000 ";
    EXPECT_EQ(NormalizeAddress(a)->postal_code, "63000");
}

TEST(AddressTest, DetailAndNoteAreOptional) {
    DeliveryAddress a = Good();
    a.detail = "";
    a.note = "  ";
    auto r = NormalizeAddress(a);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->note, "");
}

}  // namespace
}  // namespace jangteo::orders
