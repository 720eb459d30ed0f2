// Person records with known truth, for measuring identity resolution (docs/identity.md): Korean
// people with family names by their real frequencies and given names from common syllables, each
// seen 1–5 times across the web, shop counters (pos:<merchant>, with membership cards) and legacy
// imports, with the noise real records have: a jamo typo, romanised names, numbers and birth dates in
// every written form, decomposed jamo, missing fields, address spellings. Households share an address
// and a family name (sometimes a phone); some numbers pass to a new subscriber. The same options and
// seed always make the same records.
//
//   auto generated = customers::GenerateRecords({.count = 10'000, .seed = 7});
//   // generated.records[i] belongs to person generated.person_of[i]
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "customers/resolve.hpp"

namespace jangteo::customers {

struct GenerateOptions {
    std::size_t count = 1000;            // records
    std::uint64_t seed = 1;              // the same seed makes the same records
    std::uint32_t today = 20261123;      // birth dates are before it (YYYYMMDD)
    int merchants = 300;                 // pos:<merchant> sources
    double household_share = 0.15;       // people who join an earlier person's household
    double household_phone_share = 0.3;  // of those, who use the household's number
    double reused_number_share = 0.02;   // people whose number belonged to an earlier person
    double romanised_share = 0.06;       // records with a romanised name
    double typo_share = 0.04;            // records with a name one jamo off
    double transposed_share = 0.01;      // birth dates with day and month swapped
    double counter_name_share = 0.85;    // counter sales away from the person's own shop that give a name
};

// What the generator did to a record's name: the causes an analysis of missed pairs names.
enum class NameForm : std::uint8_t { kMissing, kPlain, kSpaced, kDecomposed, kRomanised, kTypo };
std::string_view NameFormName(NameForm form);

// How a person came by a home or a number that another person has too.
struct GeneratedPerson {
    std::int64_t household_of = -1;  // the earlier person (index) whose home this one shares
    std::int64_t number_of = -1;     // the earlier person (index) whose mobile number this one has
    bool reused_number = false;      // number_of gave the number up (not a household's shared phone)
};

struct GeneratedRecords {
    std::vector<PersonRecord> records;
    std::vector<std::string> person_of;  // the true person of each record
    // The truth in more detail, for analyses (bench/identity): per record its person's index into
    // `people` and the form of its name.
    std::vector<std::uint32_t> person;
    std::vector<NameForm> name_form;
    std::vector<GeneratedPerson> people;
};

GeneratedRecords GenerateRecords(const GenerateOptions& options);

}  // namespace jangteo::customers
