#include "core/csv.hpp"

#include <limits>

namespace jangteo::core {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsBlank(std::string_view s) {
    for (char c : s) {
        if (c != ' ' && c != '\t') return false;
    }
    return true;
}

bool NeedsQuotes(std::string_view text) {
    return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

std::string_view CsvRecord::operator[](std::size_t i) const {
    std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(data_).substr(begin, ends_[i] - begin);
}

bool CsvRecord::Blank() const {
    for (std::size_t i = 0; i < size(); ++i) {
        if (!IsBlank((*this)[i])) return false;
    }
    return true;
}

CsvReader::CsvReader(std::string_view text, CsvLimits limits) : text_(text), limits_(limits) {
    if (text_.starts_with(kByteOrderMark)) pos_ = kByteOrderMark.size();
    // Field offsets are 32-bit: a longer field is cut (and reported) long before they could overflow.
    if (limits_.max_field_bytes > std::numeric_limits<std::uint32_t>::max() / 2) {
        limits_.max_field_bytes = std::numeric_limits<std::uint32_t>::max() / 2;
    }
}

std::optional<CsvRecord> CsvReader::Next() {
    const std::size_t n = text_.size();
    // Blank lines are no records.
    while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
    }
    if (pos_ >= n) return std::nullopt;

    CsvRecord r;
    r.line = line_;
    auto report = [&r](std::string code, std::string message) {
        if (!r.problem) r.problem = CsvProblem{std::move(code), std::move(message)};
    };
    while (true) {
        const std::size_t field_start = r.data_.size();
        if (pos_ < n && text_[pos_] == '"') {
            const std::int64_t opened = line_;
            ++pos_;
            bool closed = false;
            while (pos_ < n) {
                std::size_t stop = text_.find_first_of("\"\r\n", pos_);
                if (stop == std::string_view::npos) stop = n;
                r.data_.append(text_.substr(pos_, stop - pos_));
                pos_ = stop;
                if (pos_ >= n) break;
                char c = text_[pos_];
                if (c == '"') {
                    if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
                        r.data_.push_back('"');
                        pos_ += 2;
                        continue;
                    }
                    ++pos_;
                    closed = true;
                    break;
                }
                // A line break inside quotes belongs to the field.
                r.data_.push_back(c);
                ++pos_;
                if (c == '\r' && pos_ < n && text_[pos_] == '\n') {
                    r.data_.push_back('\n');
                    ++pos_;
                }
                ++line_;
            }
            if (!closed) {
                report("unclosed_quote", "the quote opened on line " + std::to_string(opened) + " is never closed");
            } else if (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
                report("text_after_quote",
                       "text follows the closing quote of a field; a quote inside a quoted field "
                       "is written twice (\"\")");
                std::size_t stop = text_.find_first_of(",\r\n", pos_);
                if (stop == std::string_view::npos) stop = n;
                r.data_.append(text_.substr(pos_, stop - pos_));
                pos_ = stop;
            }
        } else {
            std::size_t stop = text_.find_first_of(",\r\n", pos_);
            if (stop == std::string_view::npos) stop = n;
            r.data_.append(text_.substr(pos_, stop - pos_));
            pos_ = stop;
        }
        if (r.data_.size() - field_start > limits_.max_field_bytes) {
            report("field_too_long", "field " + std::to_string(r.ends_.size() + 1) + " is longer than " +
                                         std::to_string(limits_.max_field_bytes) + " bytes");
            r.data_.resize(field_start);
        }
        if (r.ends_.size() >= limits_.max_fields) {
            report("too_many_fields", "the record has more than " + std::to_string(limits_.max_fields) + " fields");
            r.data_.resize(field_start);  // the fields past the limit are read and dropped
        } else {
            r.ends_.push_back(static_cast<std::uint32_t>(r.data_.size()));
        }
        if (pos_ >= n) break;
        if (text_[pos_] == ',') {
            ++pos_;
            continue;
        }
        // The end of the record: CRLF, LF or a lone CR.
        if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
        break;
    }
    return r;
}

CsvTable ReadCsvTable(std::string_view text, CsvLimits limits) {
    CsvTable table;
    CsvReader reader(text, limits);
    bool have_header = false;
    while (auto record = reader.Next()) {
        if (!have_header) {
            have_header = true;
            table.header_line = record->line;
            for (std::size_t i = 0; i < record->size(); ++i) table.header.emplace_back((*record)[i]);
            if (record->problem) table.bad.push_back(std::move(*record));
            continue;
        }
        if (!record->problem && record->Blank()) continue;
        if (!record->problem && record->size() != table.header.size()) {
            record->problem = CsvProblem{"wrong_column_count", "the record has " + std::to_string(record->size()) +
                                                                   " fields where the header has " +
                                                                   std::to_string(table.header.size())};
        }
        if (record->problem) {
            table.bad.push_back(std::move(*record));
        } else {
            table.rows.push_back(std::move(*record));
        }
    }
    return table;
}

std::size_t CountCsvRecords(std::string_view text, std::size_t stop_after) {
    CsvReader reader(text);
    std::size_t count = 0;
    bool header = true;
    while (auto record = reader.Next()) {
        if (header) {
            header = false;
            continue;
        }
        if (!record->problem && record->Blank()) continue;
        if (++count > stop_after) break;
    }
    return count;
}

bool LooksLikeFormula(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r': return true;
        default: return false;
    }
}

namespace {
// Apostrophes already in front of a formula character get one more, so that taking one off gives
// back exactly what was written ("'=x" → "''=x" → "'=x").
bool NeedsProtection(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == '\'') ++i;
    return LooksLikeFormula(text.substr(i));
}
}  // namespace

std::string_view UnprotectCsvText(std::string_view cell) {
    if (cell.size() >= 2 && cell.front() == '\'' && NeedsProtection(cell.substr(1))) cell.remove_prefix(1);
    return cell;
}

void CsvWriter::Separate() {
    if (!first_) out_.push_back(',');
    first_ = false;
}

void CsvWriter::Value(std::string_view text) {
    Separate();
    if (!NeedsQuotes(text)) {
        out_.append(text);
        return;
    }
    out_.push_back('"');
    for (char c : text) {
        if (c == '"') out_.push_back('"');
        out_.push_back(c);
    }
    out_.push_back('"');
}

void CsvWriter::Text(std::string_view text) {
    if (!NeedsProtection(text)) return Value(text);
    std::string guarded = "'";
    guarded.append(text);
    Value(guarded);
}

void CsvWriter::EndRecord() {
    out_.append("\r\n");
    first_ = true;
}

}  // namespace jangteo::core
