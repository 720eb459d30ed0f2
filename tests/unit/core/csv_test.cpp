// The CSV reader and writer: RFC 4180 records as Excel writes them, the line each record starts on,
// the records it refuses, and the writer's quoting and formula protection, read back unchanged.
#include "core/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jangteo::core {
namespace {

struct Read {
    std::int64_t line;
    std::vector<std::string> fields;
    std::string problem;  // "" when none
};

std::vector<Read> ReadAll(std::string_view text, CsvLimits limits = {}) {
    std::vector<Read> out;
    CsvReader reader(text, limits);
    while (auto r = reader.Next()) {
        Read read{r->line, {}, r->problem ? r->problem->code : ""};
        for (std::size_t i = 0; i < r->size(); ++i) read.fields.emplace_back((*r)[i]);
        out.push_back(std::move(read));
    }
    return out;
}

TEST(CsvReaderTest, ReadsPlainRecordsWithEveryLineEnding) {
    for (std::string_view text : {"a,b,c\r\n1,2,3\r\n", "a,b,c\n1,2,3\n", "a,b,c\r1,2,3\r", "a,b,c\n1,2,3"}) {
        auto records = ReadAll(text);
        ASSERT_EQ(records.size(), 2u) << text;
        EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b", "c"}));
        EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "2", "3"}));
        EXPECT_EQ(records[1].line, 2);
        EXPECT_EQ(records[1].problem, "");
    }
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
    auto records =
        ReadAll("name,note\r\n\"고등어, 순살\",\"그는 \"\"맛있다\"\"고 했다\"\r\n\"두 줄\r\n설명\",x\r\nlast,y\r\n");
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[1].fields, (std::vector<std::string>{"고등어, 순살", "그는 \"맛있다\"고 했다"}));
    EXPECT_EQ(records[2].fields, (std::vector<std::string>{"두 줄\r\n설명", "x"}));
    EXPECT_EQ(records[2].line, 3);
    EXPECT_EQ(records[3].line, 5) << "the record after a field of two lines starts on the physical line after both";
}

TEST(CsvReaderTest, EmptyFieldsAndTrailingCommasCount) {
    auto records = ReadAll("a,,c,\r\n,,,\r\n\"\",x,\"\",\r\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "", "c", ""}));
    EXPECT_EQ(records[1].fields.size(), 4u);
    EXPECT_EQ(records[2].fields, (std::vector<std::string>{"", "x", "", ""}));
}

TEST(CsvReaderTest, DropsTheByteOrderMarkAndSkipsBlankLines) {
    auto records = ReadAll("\xEF\xBB\xBFsku,price\r\n\r\nA-1,100\r\n\r\n\r\nA-2,200\r\n\r\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].fields[0], "sku") << "no BOM in the first header";
    EXPECT_EQ(records[1].line, 3);
    EXPECT_EQ(records[2].line, 6);
}

TEST(CsvReaderTest, ALoneQuoteInsideAnUnquotedFieldIsText) {
    auto records = ReadAll("a,5\" screen,b\r\n");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "5\" screen", "b"}));
    EXPECT_EQ(records[0].problem, "");
}

TEST(CsvReaderTest, RefusesAnUnclosedQuoteAtTheLineItOpened) {
    auto records = ReadAll("a,b\r\n1,2\r\n3,\"never closed\r\n4,5\r\n6,7\r\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[2].line, 3);
    EXPECT_EQ(records[2].problem, "unclosed_quote");
}

TEST(CsvReaderTest, RefusesTextAfterAClosingQuoteAndGoesOn) {
    auto records = ReadAll("a,b\r\n\"x\"y,2\r\n3,4\r\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].problem, "text_after_quote");
    EXPECT_EQ(records[2].problem, "");
    EXPECT_EQ(records[2].fields, (std::vector<std::string>{"3", "4"}));
}

TEST(CsvReaderTest, BoundsFieldsPerRecordAndBytesPerField) {
    auto many = ReadAll("a,b,c,d,e\r\nok\r\n", {.max_fields = 3});
    ASSERT_EQ(many.size(), 2u);
    EXPECT_EQ(many[0].problem, "too_many_fields");
    EXPECT_EQ(many[0].fields.size(), 3u);
    EXPECT_EQ(many[1].problem, "");
    auto long_field = ReadAll("abcdefgh,x\r\n", {.max_field_bytes = 4});
    EXPECT_EQ(long_field[0].problem, "field_too_long");
}

TEST(CsvTableTest, SetsApartRecordsWithTheWrongColumnCount) {
    CsvTable t = ReadCsvTable("sku,price,name\r\nA,1,가\r\nB,2\r\n,,\r\nC,3,다,extra\r\nD,4,라\r\n\"E,5,마\r\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"sku", "price", "name"}));
    EXPECT_EQ(t.header_line, 1);
    ASSERT_EQ(t.rows.size(), 2u) << "the blank row ,, is skipped";
    EXPECT_EQ(t.rows[0].line, 2);
    EXPECT_EQ(t.rows[1].line, 6);
    ASSERT_EQ(t.bad.size(), 3u);
    EXPECT_EQ(t.bad[0].line, 3);
    EXPECT_EQ(t.bad[0].problem->code, "wrong_column_count");
    EXPECT_EQ(t.bad[1].line, 5);
    EXPECT_EQ(t.bad[2].line, 7);
    EXPECT_EQ(t.bad[2].problem->code, "unclosed_quote");
}

TEST(CsvTableTest, CountsDataRecords) {
    EXPECT_EQ(CountCsvRecords("h\r\n", 10), 0u);
    EXPECT_EQ(CountCsvRecords("", 10), 0u);
    EXPECT_EQ(CountCsvRecords("h,i\r\n1,2\r\n\r\n,\r\n\"3\n\",4\r\n", 10), 2u);
    EXPECT_EQ(CountCsvRecords("h\n1\n2\n3\n4\n5\n", 2), 3u) << "stops once past the bound";
}

TEST(CsvWriterTest, QuotesOnlyWhatNeedsQuotes) {
    std::string out;
    CsvWriter w(out);
    w.Value("plain");
    w.Value("a,b");
    w.Value("say \"hi\"");
    w.Value("two\nlines");
    w.Value("");
    w.EndRecord();
    w.Value("next");
    w.EndRecord();
    EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\nnext\r\n");
}

TEST(CsvWriterTest, ProtectsTextThatASpreadsheetWouldRun) {
    std::string out;
    CsvWriter w(out);
    for (std::string_view text :
         {"=1+1", "+82 10", "-20% 할인", "@SUM(A1)", "\tx", "'=already", "''=twice", "plain", "'quoted", "a=b"}) {
        w.Text(text);
    }
    w.EndRecord();
    EXPECT_EQ(out, "'=1+1,'+82 10,'-20% 할인,'@SUM(A1),'\tx,''=already,'''=twice,plain,'quoted,a=b\r\n");
    // Values are written as they are.
    std::string values;
    CsvWriter v(values);
    v.Value("-1");
    EXPECT_EQ(values, "-1");
}

TEST(CsvWriterTest, WhatTheWriterWritesReadsBackTheSame) {
    const std::vector<std::string> texts = {
        "=HYPERLINK(\"http://x\")", "- 국내산\n- 냉동", "'=x", "''", "'", "", "a,\"b\"", "고등어 \"특\"", "+", "@"};
    std::string out;
    CsvWriter w(out);
    for (const auto& t : texts) w.Text(t);
    w.EndRecord();
    auto records = ReadAll(out);
    ASSERT_EQ(records.size(), 1u);
    ASSERT_EQ(records[0].fields.size(), texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(UnprotectCsvText(records[0].fields[i]), texts[i]) << i;
    }
    EXPECT_EQ(UnprotectCsvText("'plain"), "'plain") << "an apostrophe before ordinary text stays";
}

}  // namespace
}  // namespace jangteo::core
