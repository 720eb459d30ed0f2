// records.csv, clusters.csv and truth.csv: the header, broken quoting and overlong fields are refused
// with the line; pairwise precision, recall and F1 are counted right.
#include "customers/identity_csv.hpp"

#include <gtest/gtest.h>

namespace jangteo::customers {
namespace {

const std::string kHeader = std::string(kRecordsHeader) + "\n";

TEST(ReadPersonRecords, ReadsEveryField) {
    auto got = ReadPersonRecords(
        kHeader + "r1,web,김민준,010-1234-5678,a@b.kr,1985-03-07,48303,\"부산 수영구 광안해변로 219, 101동\",\n" +
        "r2,pos:mrc_1,,,,,,,C-7\n");
    ASSERT_TRUE(got.ok()) << got.error().message;
    ASSERT_EQ(got->size(), 2u);
    EXPECT_EQ((*got)[0].address, "부산 수영구 광안해변로 219, 101동");
    EXPECT_EQ((*got)[1].card_no, "C-7");
    // The round trip through the writer.
    auto again = ReadPersonRecords(WritePersonRecords(*got));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ((*again)[0].name, "김민준");
}

TEST(ReadPersonRecords, RefusesBadFilesNamingTheLine) {
    struct Case {
        std::string text;
        std::string says;
    };
    const Case cases[] = {
        {"record_id,source,name\nr1,web,x\n", "line 1"},
        {"", "empty"},
        {kHeader + "r1,web,\"unclosed,,,,,,,\n", "line 2"},
        {kHeader + "r1,web,x,,,,,,\nr2,web,x,,,\n", "line 3"},
        {kHeader + ",web,x,,,,,,\n", "record_id"},
        {kHeader + "r1,,x,,,,,,\n", "source"},
        {kHeader + "r1,web,x,,,,,,\nr1,web,y,,,,,,\n", "twice"},
        {kHeader + "r1,web," + std::string(10 << 20, 'x') + ",,,,,,\n", "line 2"},
    };
    for (const auto& c : cases) {
        auto got = ReadPersonRecords(c.text);
        ASSERT_FALSE(got.ok()) << c.says;
        EXPECT_NE(got.error().message.find(c.says), std::string::npos) << got.error().message;
    }
}

TEST(EvaluatePairs, CountsPairs) {
    std::vector<Assignment> truth = {{"a", "1"}, {"b", "1"}, {"c", "1"}, {"d", "2"}, {"e", "2"}};
    // {a,b} right, {c,d} wrong, e alone: predicted pairs 2, correct 1; true pairs 3 + 1 = 4.
    std::vector<Assignment> clusters = {{"a", "x"}, {"b", "x"}, {"c", "y"}, {"d", "y"}, {"e", "z"}};
    auto q = EvaluatePairs(truth, clusters);
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->true_pairs, 4u);
    EXPECT_EQ(q->predicted_pairs, 2u);
    EXPECT_EQ(q->correct_pairs, 1u);
    EXPECT_DOUBLE_EQ(q->precision, 0.5);
    EXPECT_DOUBLE_EQ(q->recall, 0.25);
    EXPECT_NEAR(q->f1, 1.0 / 3, 1e-12);
    clusters.pop_back();
    EXPECT_FALSE(EvaluatePairs(truth, clusters).ok()) << "a record missing";
    auto read = ReadAssignments("record_id,person_id\r\na,1\r\n", "the truth file");
    ASSERT_TRUE(read.ok());
    EXPECT_EQ((*read)[0].person_id, "1");
    EXPECT_FALSE(ReadAssignments("id,person\na,1\n", "the truth file").ok());
}

}  // namespace
}  // namespace jangteo::customers
