// The files of `jangteo customers resolve | generate | evaluate` (docs/identity.md): records.csv
// (record_id,source,name,phone,email,birth_date,postal_code,address,card_no), clusters.csv and the
// generator's truth.csv (record_id,person_id), and the pairwise precision, recall and F1 of clusters
// against a truth. UTF-8, read with core::CsvReader; the first problem stops the reading and names
// its line.
//
//   JANGTEO_TRY(auto records, customers::ReadPersonRecords(text));
//   std::string csv = customers::WriteAssignments(ids, persons);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "customers/resolve.hpp"

namespace jangteo::customers {

inline constexpr std::string_view kRecordsHeader =
    "record_id,source,name,phone,email,birth_date,postal_code,address,card_no";
inline constexpr std::string_view kAssignmentsHeader = "record_id,person_id";
// Longer fields are refused: no name, address or number is anywhere near this long.
inline constexpr std::size_t kMaxRecordFieldBytes = 4096;

// Every record of records.csv. Refused (kInvalidArgument, the message naming the line): another
// header, broken quoting, a field longer than kMaxRecordFieldBytes, a missing record_id or source, a
// record_id given twice.
core::Result<std::vector<PersonRecord>> ReadPersonRecords(std::string_view text);
std::string WritePersonRecords(std::span<const PersonRecord> records);

// record_id → person_id, in file order.
struct Assignment {
    std::string record_id;
    std::string person_id;
};
core::Result<std::vector<Assignment>> ReadAssignments(std::string_view text, std::string_view what);
std::string WriteAssignments(std::span<const Assignment> assignments);

// Pairs of records in one cluster, counted against the truth.
struct PairwiseQuality {
    std::uint64_t true_pairs = 0;       // pairs of records of one person
    std::uint64_t predicted_pairs = 0;  // pairs of records in one cluster
    std::uint64_t correct_pairs = 0;    // both
    double precision = 1, recall = 1, f1 = 1;
};
// Every record of `clusters` must be in `truth` and the other way round (kInvalidArgument otherwise).
core::Result<PairwiseQuality> EvaluatePairs(std::span<const Assignment> truth, std::span<const Assignment> clusters);

}  // namespace jangteo::customers
