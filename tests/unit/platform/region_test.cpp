// Regions: Busan's sixteen districts under their administrative codes, the district a postal code
// names by its first three digits, and region files read from TOML with a clear answer for every kind
// of bad file.
#include "platform/region.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "support/test_env.hpp"

namespace jangteo::platform {
namespace {

TEST(RegionTest, BusanHasItsSixteenDistricts) {
    const Region& busan = BusanRegion();
    EXPECT_EQ(busan.code, "26");
    EXPECT_EQ(busan.name_ko, "부산광역시");
    EXPECT_EQ(busan.name_en, "Busan");
    ASSERT_EQ(busan.districts.size(), 16u);
    const std::pair<const char*, const char*> expected[] = {
        {"26110", "중구"},     {"26140", "서구"},   {"26170", "동구"},   {"26200", "영도구"},
        {"26230", "부산진구"}, {"26260", "동래구"}, {"26290", "남구"},   {"26320", "북구"},
        {"26350", "해운대구"}, {"26380", "사하구"}, {"26410", "금정구"}, {"26440", "강서구"},
        {"26470", "연제구"},   {"26500", "수영구"}, {"26530", "사상구"}, {"26710", "기장군"},
    };
    std::set<std::string> names_en;
    for (std::size_t i = 0; i < 16; ++i) {
        EXPECT_EQ(busan.districts[i].code, expected[i].first);
        EXPECT_EQ(busan.districts[i].name_ko, expected[i].second);
        const std::string& en = busan.districts[i].name_en;
        EXPECT_TRUE(en.ends_with("-gu") || en.ends_with("-gun")) << en;
        names_en.insert(en);
    }
    EXPECT_EQ(names_en.size(), 16u);
    EXPECT_EQ(busan.Find("26350")->name_en, "Haeundae-gu");
    EXPECT_EQ(busan.Find("26710")->name_en, "Gijang-gun");
    EXPECT_EQ(busan.Find("26230")->name_en, "Busanjin-gu");
    EXPECT_EQ(busan.Find("11110"), nullptr);
    EXPECT_EQ(busan.Find(""), nullptr);
    EXPECT_EQ(&BusanRegion(), &busan);  // made once
}

TEST(RegionTest, APostalCodeGivesItsDistrict) {
    const Region& busan = BusanRegion();
    const std::pair<const char*, const char*> cases[] = {
        {"48058", "26350"},  // 해운대 (센텀)
        {"48303", "26500"},  // 수영구 광안리
        {"46241", "26410"},  // 금정구 장전동
        {"47545", "26470"},  // 연제구 (시청)
        {"48729", "26170"},  // 동구 (부산역)
        {"49400", "26380"},  // 사하구
        {"46077", "26710"},  // 기장군
        {"48999", "26110"},  // 중구, the last code of its prefix
        {"46700", "26440"},  // 강서구, the first
    };
    for (const auto& [postal, district] : cases) {
        const District* d = busan.DistrictOfPostal(postal);
        ASSERT_NE(d, nullptr) << postal;
        EXPECT_EQ(d->code, district) << postal;
    }
    for (const char* outside : {"06236", "63000", "45999", "4805", "480588", "4805a", "", "-4805"}) {
        EXPECT_EQ(busan.DistrictOfPostal(outside), nullptr) << outside;
    }
    // Every prefix of Busan's range 460..495 belongs to exactly one district, and every district has one.
    std::map<std::string, std::string> owner;
    for (const District& d : busan.districts) {
        EXPECT_FALSE(d.postal_prefixes.empty()) << d.code;
        for (const auto& p : d.postal_prefixes) EXPECT_TRUE(owner.emplace(p, d.code).second) << p << " twice";
    }
    for (int p = 460; p <= 495; ++p) EXPECT_TRUE(owner.contains(std::to_string(p))) << p;
}

class RegionFileTest : public ::testing::Test {
protected:
    std::string Write(const std::string& content) {
        std::string path = (dir_.path() / "region.toml").string();
        std::ofstream(path) << content;
        return path;
    }
    jangteo::testing::TempDir dir_;
};

TEST_F(RegionFileTest, ReadsARegion) {
    auto region = LoadRegion(Write(R"(# 경상남도 일부
code = "48"
name_ko = "경상남도"
name_en = " Gyeongsangnam-do "

[[districts]]
code = "48120"
name_ko = "창원시"
name_en = "Changwon-si"

[[districts]]
code = "48170"
name_ko = "진주시"
name_en = "Jinju-si"
postal_prefixes = ["526", "527"]
)"));
    ASSERT_TRUE(region.ok()) << region.error().message;
    EXPECT_TRUE(region->districts[0].postal_prefixes.empty());
    EXPECT_EQ(region->districts[1].postal_prefixes, (std::vector<std::string>{"526", "527"}));
    EXPECT_EQ(region->DistrictOfPostal("52700")->code, "48170");
    EXPECT_EQ(region->DistrictOfPostal("51100"), nullptr) << "Changwon gave no prefixes";
    EXPECT_EQ(region->code, "48");
    EXPECT_EQ(region->name_ko, "경상남도");
    EXPECT_EQ(region->name_en, "Gyeongsangnam-do");
    ASSERT_EQ(region->districts.size(), 2u);
    EXPECT_EQ(region->districts[1].code, "48170");
    EXPECT_EQ(region->districts[1].name_ko, "진주시");
    EXPECT_EQ(region->Find("48120")->name_en, "Changwon-si");
}

TEST_F(RegionFileTest, BadFilesSayWhatIsWrong) {
    const std::string head = "code = \"48\"\nname_ko = \"경상남도\"\nname_en = \"Gyeongsangnam-do\"\n";
    const std::string district = "[[districts]]\ncode = \"48120\"\nname_ko = \"창원시\"\nname_en = \"Changwon-si\"\n";
    struct Case {
        std::string content;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"code = \"48\n", "1:"},  // a TOML syntax error names its line
        {head, "at least one [[districts]]"},
        {head + "districts = []\n", "at least one [[districts]]"},
        {head + "districts = [1]\n", "district 1 must be a table"},
        {head + "colour = \"blue\"\n" + district, "unknown key 'colour'"},
        {std::string("code = \"48\"\nname_ko = \"경상남도\"\n").append(district), "'name_en' is required"},
        {std::string("code = 48\nname_ko = \"경상남도\"\nname_en = \"G\"\n").append(district),
         "'code' must be a string"},
        {std::string("code = \"4 8\"\nname_ko = \"경상남도\"\nname_en = \"G\"\n").append(district),
         "'code' must be 1 to 16"},
        {head + district + district, "district 2: the code 48120 appears twice"},
        {head + "[[districts]]\ncode = \"48170\"\nnmae_ko = \"진주시\"\nname_en = \"Jinju-si\"\n",
         "district 1: unknown key 'nmae_ko'"},
        {head + "[[districts]]\ncode = \"48170\"\nname_ko = \" \"\nname_en = \"Jinju-si\"\n",
         "district 1: 'name_ko' is required"},
        {head + district + "postal_prefixes = \"511\"\n", "'postal_prefixes' must be an array"},
        {head + district + "postal_prefixes = [\"5111\"]\n", "must be three digits"},
        {head + district + "postal_prefixes = [511]\n", "must be three digits"},
        {head + district + "postal_prefixes = [\"511\"]\n" +
             "[[districts]]\ncode = \"48170\"\nname_ko = \"진주시\"\nname_en = \"Jinju-si\"\npostal_prefixes = "
             "[\"511\"]\n",
         "district 2: the postal prefix 511 is already 48120's"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.content);
        std::string path = Write(c.content);
        auto region = LoadRegion(path);
        ASSERT_FALSE(region.ok());
        EXPECT_EQ(region.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(region.error().reason, "bad_region_file");
        EXPECT_TRUE(region.error().message.starts_with(std::string("region file ").append(path).append(": ")))
            << region.error().message;
        EXPECT_NE(region.error().message.find(c.says), std::string::npos) << region.error().message;
    }
    auto missing = LoadRegion((dir_.path() / "none.toml").string());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().reason, "bad_region_file");
}

}  // namespace
}  // namespace jangteo::platform
