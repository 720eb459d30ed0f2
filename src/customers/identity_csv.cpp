#include "customers/identity_csv.hpp"

#include <unordered_map>
#include <unordered_set>

#include "core/csv.hpp"
#include "core/string_hash.hpp"

namespace jangteo::customers {

namespace {

core::Error LineError(std::int64_t line, const std::string& what) {
    return core::Error::Invalid("bad_csv", "line " + std::to_string(line) + ": " + what);
}

// The header must be exactly `expected` (a byte order mark is dropped by the reader; blanks around
// names are forgiven).
core::Status CheckHeader(const core::CsvRecord& header, std::string_view expected, std::string_view what) {
    std::vector<std::string_view> want;
    for (std::size_t b = 0; b <= expected.size();) {
        std::size_t e = expected.find(',', b);
        if (e == std::string_view::npos) e = expected.size();
        want.push_back(expected.substr(b, e - b));
        b = e + 1;
    }
    bool ok = header.size() == want.size();
    for (std::size_t i = 0; ok && i < want.size(); ++i) {
        std::string_view got = header[i];
        while (!got.empty() && got.front() == ' ') got.remove_prefix(1);
        while (!got.empty() && got.back() == ' ') got.remove_suffix(1);
        ok = got == want[i];
    }
    if (!ok) {
        return LineError(header.line, std::string(what) + " must have the header " + std::string(expected));
    }
    return {};
}

}  // namespace

core::Result<std::vector<PersonRecord>> ReadPersonRecords(std::string_view text) {
    core::CsvReader reader(text, {.max_fields = 16, .max_field_bytes = kMaxRecordFieldBytes});
    auto header = reader.Next();
    if (!header) return core::Error::Invalid("bad_csv", "the records file is empty: it needs the header line");
    if (header->problem) return LineError(header->line, header->problem->message);
    JANGTEO_TRY_STATUS(CheckHeader(*header, kRecordsHeader, "the records file"));
    std::vector<PersonRecord> records;
    records.reserve(core::CountCsvRecords(text, 50'000'000));
    std::unordered_set<std::string_view> ids;
    ids.reserve(records.capacity());
    while (auto rec = reader.Next()) {
        if (rec->problem) return LineError(rec->line, rec->problem->message);
        if (rec->Blank()) continue;
        if (rec->size() != 9) {
            return LineError(rec->line, "the record has " + std::to_string(rec->size()) + " fields, not 9");
        }
        if ((*rec)[0].empty()) return LineError(rec->line, "record_id is empty");
        if ((*rec)[1].empty()) return LineError(rec->line, "source is empty");
        PersonRecord r{std::string((*rec)[0]), std::string((*rec)[1]), std::string((*rec)[2]),
                       std::string((*rec)[3]), std::string((*rec)[4]), std::string((*rec)[5]),
                       std::string((*rec)[6]), std::string((*rec)[7]), std::string((*rec)[8])};
        records.push_back(std::move(r));
    }
    // Views into the records' ids: the vector no longer grows.
    for (const auto& r : records) {
        if (!ids.insert(r.record_id).second) {
            return core::Error::Invalid("bad_csv", "record_id " + r.record_id + " is given twice");
        }
    }
    return records;
}

std::string WritePersonRecords(std::span<const PersonRecord> records) {
    std::string out;
    out.reserve(records.size() * 128 + 100);
    out.append(kRecordsHeader).append("\r\n");
    core::CsvWriter w(out);
    for (const auto& r : records) {
        w.Value(r.record_id);
        w.Value(r.source);
        w.Text(r.name);
        w.Value(r.phone);
        w.Text(r.email);
        w.Value(r.birth_date);
        w.Value(r.postal_code);
        w.Text(r.address);
        w.Value(r.card_no);
        w.EndRecord();
    }
    return out;
}

core::Result<std::vector<Assignment>> ReadAssignments(std::string_view text, std::string_view what) {
    core::CsvReader reader(text, {.max_fields = 4, .max_field_bytes = kMaxRecordFieldBytes});
    auto header = reader.Next();
    if (!header) return core::Error::Invalid("bad_csv", std::string(what) + " is empty: it needs the header line");
    if (header->problem) return LineError(header->line, header->problem->message);
    JANGTEO_TRY_STATUS(CheckHeader(*header, kAssignmentsHeader, what));
    std::vector<Assignment> out;
    while (auto rec = reader.Next()) {
        if (rec->problem) return LineError(rec->line, rec->problem->message);
        if (rec->Blank()) continue;
        if (rec->size() != 2 || (*rec)[0].empty() || (*rec)[1].empty()) {
            return LineError(rec->line, "a record_id and a person_id are needed");
        }
        out.push_back({std::string((*rec)[0]), std::string((*rec)[1])});
    }
    return out;
}

std::string WriteAssignments(std::span<const Assignment> assignments) {
    std::string out;
    out.reserve(assignments.size() * 24 + 32);
    out.append(kAssignmentsHeader).append("\r\n");
    core::CsvWriter w(out);
    for (const auto& a : assignments) {
        w.Value(a.record_id);
        w.Value(a.person_id);
        w.EndRecord();
    }
    return out;
}

core::Result<PairwiseQuality> EvaluatePairs(std::span<const Assignment> truth, std::span<const Assignment> clusters) {
    // Number the people of each side, then count records per (truth person, cluster) cell: the pairs
    // of a group of k records are k(k-1)/2.
    std::unordered_map<std::string_view, std::uint32_t> truth_person, cluster_person;
    std::unordered_map<std::string_view, std::uint32_t> record_truth;
    record_truth.reserve(truth.size());
    auto number = [](auto& map, std::string_view key) {
        return map.emplace(key, static_cast<std::uint32_t>(map.size())).first->second;
    };
    for (const auto& a : truth) {
        if (!record_truth.emplace(a.record_id, number(truth_person, a.person_id)).second) {
            return core::Error::Invalid("bad_truth", "record " + a.record_id + " is in the truth twice");
        }
    }
    std::vector<std::uint64_t> truth_size(truth_person.size()), cluster_size;
    std::unordered_map<std::uint64_t, std::uint64_t> cell;
    std::unordered_set<std::string_view> seen;
    for (const auto& a : clusters) {
        auto it = record_truth.find(a.record_id);
        if (it == record_truth.end()) {
            return core::Error::Invalid("bad_clusters", "record " + a.record_id + " is not in the truth");
        }
        if (!seen.insert(a.record_id).second) {
            return core::Error::Invalid("bad_clusters", "record " + a.record_id + " is in the clusters twice");
        }
        std::uint32_t c = number(cluster_person, a.person_id);
        if (c >= cluster_size.size()) cluster_size.resize(c + 1);
        ++cluster_size[c];
        ++truth_size[it->second];
        ++cell[(static_cast<std::uint64_t>(it->second) << 32) | c];
    }
    if (seen.size() != record_truth.size()) {
        return core::Error::Invalid("bad_clusters", std::to_string(record_truth.size() - seen.size()) +
                                                        " records of the truth are not in the clusters");
    }
    auto pairs = [](std::uint64_t k) { return k * (k - (k > 0)) / 2; };
    PairwiseQuality q;
    for (auto k : truth_size) q.true_pairs += pairs(k);
    for (auto k : cluster_size) q.predicted_pairs += pairs(k);
    for (const auto& [key, k] : cell) q.correct_pairs += pairs(k);
    q.precision = q.predicted_pairs ? static_cast<double>(q.correct_pairs) / static_cast<double>(q.predicted_pairs) : 1;
    q.recall = q.true_pairs ? static_cast<double>(q.correct_pairs) / static_cast<double>(q.true_pairs) : 1;
    q.f1 = q.precision + q.recall > 0 ? 2 * q.precision * q.recall / (q.precision + q.recall) : 0;
    return q;
}

}  // namespace jangteo::customers
