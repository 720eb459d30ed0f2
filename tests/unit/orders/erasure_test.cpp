// What an erased buyer's order keeps of the delivery address: the province or city and the 시·군·구,
// nothing of the street, the building or the unit.
#include "orders/erasure.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jangteo::orders {
namespace {

TEST(DistrictOfTest, KeepsTheProvinceAndTheDistrictOnly) {
    struct Case {
        std::string address, district;
    };
    const Case cases[] = {
        {"부산광역시 해운대구 해운대해변로 264", "부산광역시 해운대구"},
        {"부산 수영구 광안해변로 219", "부산 수영구"},
        {"  부산광역시   기장군 기장읍 기장해안로 147 ", "부산광역시 기장군"},
        {"경기도 수원시 영통구 광교로 147", "경기도 수원시 영통구"},
        {"제주특별자치도 제주시 첨단로 242", "제주특별자치도 제주시"},
        {"세종특별자치시 한누리대로 2130", "세종특별자치시"},
        {"서울특별시 중구 세종대로 110", "서울특별시 중구"},
        {"해운대구 해운대해변로 264", "해운대구"},
        {"해운대해변로 264", ""},
        {"", ""},
    };
    for (const Case& c : cases) EXPECT_EQ(DistrictOf(c.address), c.district) << c.address;
}

TEST(DistrictOfTest, NeverKeepsTheStreetNumberOrUnit) {
    for (const char* address :
         {"부산광역시 해운대구 해운대해변로 264 101동 1001호", "부산 중구 자갈치해안로 52, 2층"}) {
        std::string kept = DistrictOf(address);
        EXPECT_EQ(kept.find("로"), std::string::npos) << kept;
        EXPECT_EQ(kept.find_first_of("0123456789"), std::string::npos) << kept;
    }
}

}  // namespace
}  // namespace jangteo::orders
