// CSV as RFC 4180 writes it and as Excel (Korean or not) saves it: fields separated by commas,
// records ended by CRLF (LF and a lone CR are taken too), fields in double quotes where they hold a
// comma, a quote (doubled inside) or a line break. A UTF-8 byte order mark before the first field is
// dropped, blank lines are skipped, and every record knows the physical line it starts on (records
// with line breaks inside quotes span several), so that problems can be reported by line.
//
//   core::CsvReader reader(text);                 // UTF-8 text (core::DecodeKoreanText first)
//   while (auto record = reader.Next()) {
//       if (record->problem) { report(record->line, *record->problem); continue; }
//       std::string_view sku = (*record)[3];
//   }
//
//   std::string out;
//   core::CsvWriter w(out);
//   w.Text("=HYPERLINK(\"x\")");   // written as "'=HYPERLINK(""x"")": no formula reaches a spreadsheet
//   w.Value("12900");
//   w.EndRecord();
//
// Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
// return) as a formula. CsvWriter::Text puts an apostrophe before such text, which spreadsheets show
// as text; UnprotectCsvText takes exactly that apostrophe off again when the file comes back, so that
// an export imports unchanged. Values that are numbers, codes or times go through Value, unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jangteo::core {

// What is wrong with one record; the reader goes on with the next.
struct CsvProblem {
    std::string code;     // unclosed_quote, text_after_quote, too_many_fields, field_too_long, wrong_column_count
    std::string message;  // English, for a person
};

// One record: its fields and the line (1-based) it starts on. The fields live in one buffer, so that
// a file of many short fields does not cost a string each.
class CsvRecord {
public:
    std::int64_t line = 0;
    std::optional<CsvProblem> problem;  // set when the record is malformed: its fields are not to be trusted

    std::size_t size() const { return ends_.size(); }
    std::string_view operator[](std::size_t i) const;
    // Every field empty (or blank): Excel writes such rows for cells that were only formatted.
    bool Blank() const;

private:
    friend class CsvReader;
    std::string data_;
    std::vector<std::uint32_t> ends_;  // end offset of each field in data_
};

struct CsvLimits {
    std::size_t max_fields = 256;           // per record
    std::size_t max_field_bytes = 1 << 20;  // per field
};

// Reads records from UTF-8 text (or any ASCII-compatible text) that it does not own.
// Lenient where Excel and people are: a quote inside an unquoted field is an ordinary character.
// Strict where data would be lost: a quoted field that is never closed swallows the rest of the
// file, and is reported (unclosed_quote, at the line where it opened); text between a closing quote
// and the next comma is reported too (text_after_quote).
class CsvReader {
public:
    explicit CsvReader(std::string_view text, CsvLimits limits = {});

    // The next record, or nullopt at the end. Blank lines are skipped.
    std::optional<CsvRecord> Next();

private:
    std::string_view text_;
    CsvLimits limits_;
    std::size_t pos_ = 0;
    std::int64_t line_ = 1;
};

// The header and the data records of a whole file, with the records that are malformed or whose
// field count differs from the header's (wrong_column_count) set apart with their lines.
struct CsvTable {
    std::vector<std::string> header;  // empty when the file has no record at all
    std::int64_t header_line = 0;
    std::vector<CsvRecord> rows;  // well-formed data records, in file order
    std::vector<CsvRecord> bad;   // records with a problem, in file order
};
CsvTable ReadCsvTable(std::string_view text, CsvLimits limits = {});

// Data records of a file (the header and blank lines not counted), stopping once past `stop_after`.
std::size_t CountCsvRecords(std::string_view text, std::size_t stop_after);

// Writes records to a string: fields separated by commas, quoted when they hold a comma, a quote,
// CR or LF, records ended by CRLF.
class CsvWriter {
public:
    explicit CsvWriter(std::string& out) : out_(out) {}

    // Text a person typed: protected against formula injection (see above), then quoted as needed.
    void Text(std::string_view text);
    // A number, code, id or time: as it is, quoted as needed.
    void Value(std::string_view text);
    void EndRecord();

private:
    void Separate();
    std::string& out_;
    bool first_ = true;
};

// Whether spreadsheets would take text starting like this as a formula.
bool LooksLikeFormula(std::string_view text);
// The text of a cell that CsvWriter::Text wrote: the protecting apostrophe is taken off.
std::string_view UnprotectCsvText(std::string_view cell);

}  // namespace jangteo::core
