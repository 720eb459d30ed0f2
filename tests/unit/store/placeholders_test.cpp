#include <gtest/gtest.h>

#include <string>

#include "store/db.hpp"

namespace jangteo::store {
namespace {

struct Case {
    const char* name;
    const char* sql;
    const char* expected;
};

class ToSqlitePlaceholdersTest : public testing::TestWithParam<Case> {};

TEST_P(ToSqlitePlaceholdersTest, Rewrites) {
    EXPECT_EQ(ToSqlitePlaceholders(GetParam().sql), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ToSqlitePlaceholdersTest,
    testing::Values(Case{"Empty", "", ""}, Case{"NoPlaceholders", "SELECT 1", "SELECT 1"},
                    Case{"One", "SELECT * FROM t WHERE id = $1", "SELECT * FROM t WHERE id = ?1"},
                    Case{"Several", "INSERT INTO t (a, b) VALUES ($1, $2)", "INSERT INTO t (a, b) VALUES (?1, ?2)"},
                    Case{"TwoDigits", "VALUES ($9, $10, $11)", "VALUES (?9, ?10, ?11)"},
                    Case{"Repeated", "a = $1 OR b = $1", "a = ?1 OR b = ?1"}, Case{"AtEnd", "LIMIT $3", "LIMIT ?3"},
                    Case{"NoSpace", "a=$1", "a=?1"}, Case{"DollarZeroStays", "a = $0", "a = $0"},
                    Case{"LoneDollar", "a = $", "a = $"}, Case{"DollarWord", "a = $x", "a = $x"},
                    Case{"InSingleQuotes", "SELECT '$1', $1", "SELECT '$1', ?1"},
                    Case{"InDoubleQuotes", R"(SELECT "$1" FROM t WHERE x = $2)", R"(SELECT "$1" FROM t WHERE x = ?2)"},
                    Case{"DoubledSingleQuote", "SELECT 'it''s $1', $2", "SELECT 'it''s $1', ?2"},
                    Case{"DoubledDoubleQuote", R"(SELECT "a""$1" , $1)", R"(SELECT "a""$1" , ?1)"},
                    Case{"EmptyLiteral", "SELECT '', $1", "SELECT '', ?1"},
                    Case{"OtherQuoteInside", R"(SELECT 'say "$1"', $1)", R"(SELECT 'say "$1"', ?1)"},
                    Case{"UnterminatedLiteral", "SELECT '$1", "SELECT '$1"},
                    Case{"LineComment", "SELECT $1 -- uses $2\nFROM t WHERE x = $3",
                         "SELECT ?1 -- uses $2\nFROM t WHERE x = ?3"},
                    Case{"LineCommentAtEnd", "SELECT $1 -- $2", "SELECT ?1 -- $2"},
                    Case{"BlockComment", "SELECT /* $1 'x */ $2", "SELECT /* $1 'x */ ?2"},
                    Case{"MultiLineBlockComment", "/* a\n$1\n*/ $1", "/* a\n$1\n*/ ?1"},
                    Case{"UnterminatedBlockComment", "SELECT $1 /* $2", "SELECT ?1 /* $2"},
                    Case{"MinusAndSlashAlone", "SELECT $1 - $2 / $3", "SELECT ?1 - ?2 / ?3"},
                    Case{"QuoteInComment", "-- it's $1\nSELECT $2", "-- it's $1\nSELECT ?2"},
                    Case{"Utf8", "SELECT '한글 $1', $1", "SELECT '한글 $1', ?1"}),
    [](const testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace jangteo::store
