// The normalisers of Korean personal data that identity resolution compares: names (NFC, spaces,
// family names of two syllables, romanised keys), e-mail, birth dates in their written forms,
// road-name addresses and postal codes. Table-driven.
#include "customers/normalize.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jangteo::customers {
namespace {

constexpr std::uint32_t kToday = 20261123;

struct NameCase {
    const char* input;
    const char* family;  // nullptr: refused
    const char* given;
    const char* family_class;
    const char* given_key;
};

TEST(NormalizeName, Table) {
    const NameCase cases[] = {
        {"김민준", "김", "민준", "gim", "minjun"},
        {"김 민준", "김", "민준", "gim", "minjun"},
        {"  김  민준 ", "김", "민준", "gim", "minjun"},
        // Conjoining jamo, as decomposed (NFD) text writes them, compose into the same syllables.
        {"\u1100\u1175\u11B7\u1106\u1175\u11AB\u110C\u116E\u11AB", "김", "민준", "gim", "minjun"},
        {"남궁민수", "남궁", "민수", "namgung", "minsu"},
        {"제갈 공명", "제갈", "공명", "jegal", "gongmyung"},
        {"황보현", "황보", "현", "hwangbo", "hyun"},
        {"선우정아", "선우", "정아", "seonu", "junga"},
        {"Kim Minjun", "kim", "minjun", "gim", "minjun"},
        {"MINJUN KIM", "kim", "minjun", "gim", "minjun"},
        {"Kim Min-jun", "kim", "minjun", "gim", "minjun"},
        {"Gim Min Jun", "gim", "minjun", "gim", "minjun"},
        {"Lee Seoyeon", "lee", "seoyeon", "i", "suyun"},
        {"Rhee Seo-yun", "rhee", "seoyun", "i", "suyun"},
        {"Park Jihoon", "park", "jihoon", "bak", "jihun"},
        {"Hong Min Seo", "hong", "minseo", "hong", "minsu"},
        {"", nullptr, nullptr, nullptr, nullptr},
        {"   ", nullptr, nullptr, nullptr, nullptr},
        {"\xff\xfe", nullptr, nullptr, nullptr, nullptr},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.input);
        auto got = NormalizeName(c.input);
        if (!c.family) {
            EXPECT_FALSE(got.has_value());
            continue;
        }
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(got->family, c.family);
        EXPECT_EQ(got->given, c.given);
        EXPECT_EQ(got->family_class, c.family_class);
        EXPECT_EQ(got->given_key, c.given_key);
    }
}

TEST(NormalizeName, RomanisedFormsShareTheKeysOfTheHangulName) {
    auto hangul = NormalizeName("박지훈");
    ASSERT_TRUE(hangul);
    for (const char* latin : {"Park Jihoon", "Pak Ji-hun", "JIHUN PARK", "Bak Ji Hun", "Jihoon Park"}) {
        SCOPED_TRACE(latin);
        auto got = NormalizeName(latin);
        ASSERT_TRUE(got);
        EXPECT_EQ(got->family_class, hangul->family_class);
        EXPECT_EQ(got->given_key, hangul->given_key);
    }
    EXPECT_NE(NormalizeName("Park Jiwoo")->given_key, hangul->given_key);
}

TEST(NormalizeName, TooLongIsRefused) {
    std::string name(100, 'a');
    EXPECT_FALSE(NormalizeName(name).has_value());
    std::string huge(10 << 20, 'x');
    EXPECT_FALSE(NormalizeName(huge).has_value());
}

TEST(JamoDistance, CountsJamo) {
    EXPECT_EQ(JamoDistance("민준", "민준"), 0);
    EXPECT_EQ(JamoDistance("민준", "민쥰"), 1);  // a vowel
    EXPECT_EQ(JamoDistance("민준", "민순"), 1);  // an initial
    EXPECT_EQ(JamoDistance("민준", "민주"), 1);  // a final consonant
    EXPECT_EQ(JamoDistance("민준", "서연"), 5);
    EXPECT_EQ(JamoDistance("민준", "민"), -1);
}

TEST(RomanizeHangul, RevisedRomanization) {
    EXPECT_EQ(RomanizeHangul("민준"), "minjun");
    EXPECT_EQ(RomanizeHangul("서연"), "seoyeon");
    EXPECT_EQ(RomanizeHangul("박"), "bak");
    EXPECT_EQ(RomanizeHangul("최"), "choe");
    EXPECT_EQ(RomanKey("Min-Joon"), RomanKey("minjun"));
    EXPECT_EQ(RomanKey("Sung"), RomanKey("seong"));
    EXPECT_EQ(FamilyClassOfSpelling("rhie"), "i");
    EXPECT_EQ(FamilyClassOfSpelling("choi"), "choe");
    EXPECT_EQ(FamilyClassOfSpelling("chung"), "jeong");
    EXPECT_EQ(FamilyClassOfSpelling("zzz"), "");
}

TEST(NormalizeEmail, TrimsAndLowers) {
    EXPECT_EQ(NormalizeEmail("  MinJun@Example.KR "), "minjun@example.kr");
    EXPECT_FALSE(NormalizeEmail("no-at-sign"));
    EXPECT_FALSE(NormalizeEmail("a@b@c"));
    EXPECT_FALSE(NormalizeEmail("a b@c.kr"));
    EXPECT_FALSE(NormalizeEmail(""));
}

struct BirthCase {
    const char* input;
    std::uint32_t expected;  // 0: refused
};

TEST(NormalizeBirthDate, Table) {
    const BirthCase cases[] = {
        {"1985-03-07", 19850307},
        {"1985.3.7", 19850307},
        {"1985/03/07", 19850307},
        {"19850307", 19850307},
        {"850307", 19850307},
        {"85.3.7", 19850307},
        {"1985년 3월 7일", 19850307},
        {"85년3월7일", 19850307},
        {"1985. 03. 07.", 19850307},
        {"150307", 20150307},  // two digits: the latest year not after today
        {"261231", 19261231},  // 2026-12-31 is after today
        {"2000-02-29", 20000229},
        {"1900-02-29", 0},  // not a leap year
        {"1985-02-30", 0},
        {"1985-13-01", 0},
        {"1985-00-10", 0},
        {"2030-01-01", 0},  // in the future
        {"1899-12-31", 0},
        {"85-3", 0},
        {"1985-03-07x", 0},
        {"", 0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.input);
        auto got = NormalizeBirthDate(c.input, kToday);
        if (c.expected == 0) {
            EXPECT_FALSE(got.has_value()) << *got;
        } else {
            ASSERT_TRUE(got.has_value());
            EXPECT_EQ(*got, c.expected);
        }
    }
    EXPECT_EQ(FormatBirthDate(19850307), "1985-03-07");
}

struct AddressCase {
    const char* input;
    const char* province;
    const char* district;
    const char* key;
};

TEST(NormalizeAddress, Table) {
    const AddressCase cases[] = {
        {"부산광역시 수영구 광안해변로 219", "부산", "수영구", "광안해변로 219"},
        {"부산시 수영구 광안해변로 219, 101동 1203호", "부산", "수영구", "광안해변로 219"},
        {"부산 수영구 광안해변로219 (광안동, 광안비치아파트)", "부산", "수영구", "광안해변로 219"},
        {"수영구  광안해변로 219 3층", "", "수영구", "광안해변로 219"},
        {"부산광역시수영구광안해변로 219", "부산", "수영구", "광안해변로 219"},
        {"부산광역시 부산진구 중앙대로123번길 45", "부산", "부산진구", "중앙대로123번길 45"},
        {"부산 부산진구 중앙대로 123번길 45, 2층", "부산", "부산진구", "중앙대로123번길 45"},
        {"부산 기장군 기장읍 기장대로 560", "부산", "기장군", "기장대로 560"},
        {"경상남도 김해시 김해대로 2401", "경남", "", "김해대로 2401"},
        {"서울특별시 중구 세종대로 110", "서울", "중구", "세종대로 110"},
        {"부산 해운대구 해운대해변로 030", "부산", "해운대구", "해운대해변로 30"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.input);
        auto got = NormalizeAddress(c.input);
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(got->province, c.province);
        EXPECT_EQ(got->district, c.district);
        EXPECT_EQ(got->key, c.key);
    }
    EXPECT_EQ(NormalizeAddress("경상남도 김해시 김해대로 2401")->city, "김해시");
    EXPECT_FALSE(NormalizeAddress("   ").has_value());
}

TEST(NormalizePostalCode, OldAndNewStayApart) {
    EXPECT_EQ(NormalizePostalCode("48303"), (PostalCode{48303, false}));
    EXPECT_EQ(NormalizePostalCode("612-020"), (PostalCode{612020, true}));
    EXPECT_EQ(NormalizePostalCode("612020"), (PostalCode{612020, true}));
    EXPECT_FALSE(NormalizePostalCode("6120-20"));
    EXPECT_FALSE(NormalizePostalCode("4830"));
    EXPECT_FALSE(NormalizePostalCode("48a03"));
    EXPECT_EQ(FormatPostalCode({612020, true}), "612-020");
    EXPECT_EQ(FormatPostalCode({4830, false}), "04830");
}

}  // namespace
}  // namespace jangteo::customers
