#include "search/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jangteo::search::text {
namespace {

std::vector<std::string> Pieces(std::string_view s) {
    std::vector<std::string> out;
    ForEachPiece(s, [&](Piece p) {
        out.push_back((p.kind == PieceKind::kHangul ? "H:" : "W:") + std::string(s.substr(p.begin, p.end - p.begin)));
    });
    return out;
}

TEST(SearchText, CutsHangulRunsAndAsciiWords) {
    EXPECT_EQ(Pieces("국내산 순살고등어구이 500g"),
              (std::vector<std::string>{"H:국내산", "H:순살고등어구이", "W:500g"}));
    EXPECT_EQ(Pieces("Organic Jeju-tangerine, 3kg!"),
              (std::vector<std::string>{"W:Organic", "W:Jeju", "W:tangerine", "W:3kg"}));
    EXPECT_EQ(Pieces("고등어500g"), (std::vector<std::string>{"H:고등어", "W:500g"}));
    // Jamo, Han characters, accents and broken UTF-8 separate pieces.
    EXPECT_EQ(Pieces("ㄱ가 漢字 café \xEA\xB0"), (std::vector<std::string>{"H:가", "W:caf"}));
    EXPECT_TRUE(Pieces("").empty());
}

TEST(SearchText, ReadsSyllables) {
    std::string s = "가힣a";
    EXPECT_EQ(SyllableAt(s, 0), 0);
    EXPECT_EQ(SyllableAt(s, 3), 11171);
    EXPECT_EQ(SyllableAt(s, 6), -1);
    EXPECT_EQ(SyllableAt(s, 1), -1);
    EXPECT_EQ(SyllableAt("ㄱ", 0), -1);  // a compatibility jamo, not a syllable
}

TEST(SearchText, LowersAsciiOnly) {
    EXPECT_EQ(LowerAscii("MacKerel 고등어 É"), "mackerel 고등어 É");
}

struct EditCase {
    const char* a;
    const char* b;
    bool within;
};

class SearchEditTest : public testing::TestWithParam<EditCase> {};

TEST_P(SearchEditTest, CountsOneEdit) {
    EXPECT_EQ(WithinOneEdit(GetParam().a, GetParam().b), GetParam().within);
    EXPECT_EQ(WithinOneEdit(GetParam().b, GetParam().a), GetParam().within);
}

INSTANTIATE_TEST_SUITE_P(Cases, SearchEditTest,
                         testing::Values(EditCase{"mackerel", "mackerel", true}, EditCase{"mackrel", "mackerel", true},
                                         EditCase{"mackerell", "mackerel", true},
                                         EditCase{"mackeral", "mackerel", true}, EditCase{"amckerel", "mackerel", true},
                                         EditCase{"mackerle", "mackerel", true}, EditCase{"mackrl", "mackerel", false},
                                         EditCase{"mcakerle", "mackerel", false}, EditCase{"", "a", true},
                                         EditCase{"", "ab", false}, EditCase{"abc", "xyz", false}));

}  // namespace
}  // namespace jangteo::search::text
