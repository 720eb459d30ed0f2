// Identity resolution (docs/identity.md): whether two person records — a web sign-up, a mobile
// number typed at a counter, a membership card, a line of an old ledger — are one person. Records are
// normalised (normalize.hpp), compared field by field into levels (exact, romanised, one jamo apart,
// …), and scored by Fellegi–Sunter weights whose m and u probabilities EM estimates from the data,
// with u adjusted by how common a name is. Deterministic rules link what is safe (one e-mail, one card
// at one shop, one mobile number with one name); guards refuse what must never be joined (birth
// dates that disagree, a reused number, two people of one household); a record without a name joins
// the one named holder of its number, and no one when two people hold it.
//
// Real time: the server keeps a Model (saved as JSON), fetches the candidates of a new record by its
// BlockingKeys from the store, and calls Model::Score on each. Batch: Resolve() over all records.
//
//   customers::Resolution r = customers::Resolve(records, {});
//   std::string json = r.model.ToJson();
//   JANGTEO_TRY(auto model, customers::Model::FromJson(json));
//   customers::MatchScore s = model.Score(Normalize(a, today), Normalize(b, today));
//   if (s.outcome == customers::Outcome::kSame) ...
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/string_hash.hpp"
#include "customers/normalize.hpp"

namespace jangteo::customers {

// One record as it arrives (the columns of records.csv); every field but the id and the source may
// be empty. `source` is "web", "pos:<merchant>" or "import:<name>".
struct PersonRecord {
    std::string record_id;
    std::string source;
    std::string name;
    std::string phone;
    std::string email;
    std::string birth_date;
    std::string postal_code;
    std::string address;
    std::string card_no;
};

// A record in the form that is compared. Empty strings and zeros are missing values.
struct NormalizedRecord {
    std::string family;        // NormalizedName::family
    std::string given;         // NormalizedName::given
    std::string family_class;  // NormalizedName::family_class
    std::string given_key;     // NormalizedName::given_key
    bool hangul_name = false;
    std::uint64_t phone = 0;  // the digits of the mobile number after its leading 0 (1012345678)
    std::string email;
    std::uint32_t birth = 0;  // YYYYMMDD
    PostalCode postal;        // digits 0: none
    std::string district;
    std::string address_key;  // NormalizedAddress::key
    std::string card;         // "<source>\x1f<card_no>", only for pos:<merchant> sources
    // Whether the number may stand for its holder (the sole-holder rule): given in person at a shop, or
    // verified. A number typed into a web form by whoever signs up is not (the store says which);
    // records read from a CSV file are all taken as given.
    bool phone_trusted = true;
};
// `today` (YYYYMMDD) bounds birth dates. Unreadable fields become missing ones.
NormalizedRecord Normalize(const PersonRecord& record, std::uint32_t today);

enum class Field : std::uint8_t { kFamily, kGiven, kBirth, kPhone, kEmail, kPostal, kAddress, kCard };
inline constexpr int kFieldCount = 8;
inline constexpr int kMaxLevels = 5;
std::string_view FieldName(Field field);

// Levels of each field. 0 is always "missing" (one side has no value: weight 0) and the last level
// of a field is always "disagree"; the levels between are partial agreements, strongest first.
//   family, given: missing, exact, roman (the romanised keys agree), close (one jamo apart), disagree
//   birth:         missing, exact, transposed (day and month swapped), year_month, disagree
//   address:       missing, exact, street (same street, other number), disagree
//   phone, email, postal, card: missing, exact, disagree
int LevelCount(Field field);
std::string_view LevelName(Field field, int level);

using Levels = std::array<std::uint8_t, kFieldCount>;
// The comparison vector of a pair.
Levels Compare(const NormalizedRecord& a, const NormalizedRecord& b);

enum class Outcome : std::uint8_t { kDifferent, kPossible, kSame };
std::string_view OutcomeName(Outcome outcome);

struct FieldEvidence {
    std::uint8_t level = 0;
    double weight = 0;  // log2(m/u) of this level (frequency-adjusted for names); 0 when missing
};

struct MatchScore {
    double weight = 0;  // the sum of the fields' weights
    Outcome outcome = Outcome::kDifferent;
    // Why: "weight", or a deterministic rule ("same_email", "same_card", "phone_and_name"), or a
    // guard ("birth_dates_differ", "reused_number", "household"), or "contact_only" (a weight high
    // enough, but neither the name nor the birth date agrees: possible at most).
    std::string_view rule;
    std::array<FieldEvidence, kFieldCount> fields{};
};

// The weights of a resolution: m and u per field and level, the prior share of matches among
// candidate pairs, the thresholds, and the shares of family and given names for the frequency
// adjustment. Saved and loaded as JSON, so that the server scores with the weights the batch found.
class Model {
public:
    // Weights that are reasonable before any data was seen (used until a batch estimates its own).
    static Model Default();
    static core::Result<Model> FromJson(std::string_view json);
    std::string ToJson() const;

    MatchScore Score(const NormalizedRecord& a, const NormalizedRecord& b) const;
    // The same for a comparison already made (the batch compares every pair once).
    MatchScore ScoreLevels(const NormalizedRecord& a, const NormalizedRecord& b, const Levels& levels) const;

    // The weight of one field's level; for the exact level of names, adjusted by the value's share.
    double Weight(Field field, int level, std::string_view value = {}) const;

    double prior = 0.01;                                               // share of matches among candidate pairs
    std::array<std::array<double, kMaxLevels>, kFieldCount> m{}, u{};  // per level; [0] unused
    double link_weight = 0;    // total weight from which a pair is the same person
    double review_weight = 0;  // from which it is a possible one, for review
    // Shares of name values (family_class, given_key) among the records (only values seen more than
    // once are kept; others count as `unseen_share`), and the chance that two random records share one.
    std::unordered_map<std::string, double, core::StringHash, std::equal_to<>> family_share, given_share;
    double family_random_agreement = 0.05, given_random_agreement = 0.002, unseen_share = 1e-6;
};

// How a record is looked for: a few keys (strings, so that the store can index them) such that a
// record and its duplicates very likely share one. Calls f(std::string_view) for each; the view is
// valid during the call only.
template <typename F>
void ForEachBlockingKey(const NormalizedRecord& r, F&& f);
std::vector<std::string> BlockingKeys(const NormalizedRecord& record);

struct ResolveOptions {
    double link_probability = 0.99;   // posterior probability of a match from which a pair is linked
    double review_probability = 0.5;  // from which it goes to review
    std::size_t max_block = 64;       // blocks of more records are skipped (a very common name and year)
    int em_iterations = 60;
    unsigned threads = 2;
    std::size_t u_samples = 2'000'000;  // random pairs that estimate u
    std::uint64_t seed = 1;             // of the random pairs
    bool estimate = true;               // estimate a model by EM; false: use `model`
    bool profile_pass = true;           // match the clusters again as profiles of all their records
    bool sole_holder = true;            // a nameless record joins the one named holder of its number
    const Model* model = nullptr;
};

struct ReviewPair {
    std::uint32_t a = 0, b = 0;  // record numbers
    MatchScore score;
};

struct ResolveStats {
    std::size_t records = 0;
    std::size_t blocks = 0;
    std::size_t skipped_blocks = 0;
    std::size_t candidate_pairs = 0;
    std::size_t linked_pairs = 0;
    std::size_t refused_joins = 0;      // links that would have joined clusters with conflicting birth dates
    std::size_t profile_joins = 0;      // clusters joined by the second pass over profiles
    std::size_t sole_holder_joins = 0;  // nameless clusters joined to the one named holder of their number
    std::size_t clusters = 0;
};

struct Resolution {
    Model model;
    std::vector<std::uint32_t> cluster;  // per record: its person, numbered 0… in order of first record
    std::vector<ReviewPair> review;      // possible matches, strongest first
    ResolveStats stats;
};

// Blocks, compares, estimates the model (EM), scores and clusters all records.
Resolution Resolve(std::span<const NormalizedRecord> records, const ResolveOptions& options);

// u from random pairs of `records`, m by EM over the comparison vectors of candidate pairs (with
// their counts), and the name shares of `records`; thresholds from the options' probabilities.
Model EstimateModel(std::span<const NormalizedRecord> records,
                    const std::unordered_map<std::uint32_t, std::uint64_t>& pattern_counts,
                    const ResolveOptions& options);
std::uint32_t PackLevels(const Levels& levels);
Levels UnpackLevels(std::uint32_t packed);

// Records in memory, found by their blocking keys: the batch's structure, and a stand-in for the
// store's index in the real-time benchmark.
class Index {
public:
    explicit Index(const Model& model, std::size_t max_block = 64) : model_(model), max_block_(max_block) {}

    void Reserve(std::size_t records);
    // Adds a record; answers its number. Records added after Build() are found too.
    std::uint32_t Add(NormalizedRecord record);
    // Sorts the keys of the records added so far.
    void Build();

    struct Found {
        std::uint32_t record = 0;
        MatchScore score;
    };
    // The records that share a key with `record` and are not different people, best first.
    std::vector<Found> Match(const NormalizedRecord& record) const;

    const NormalizedRecord& record(std::uint32_t n) const { return records_[n]; }
    std::size_t size() const { return records_.size(); }

private:
    const Model& model_;
    std::size_t max_block_;
    std::vector<NormalizedRecord> records_;
    std::vector<std::uint64_t> key_hashes_;  // sorted, parallel to key_records_
    std::vector<std::uint32_t> key_records_;
    std::size_t sorted_ = 0;  // key entries in the sorted part; the rest is in added order
};

std::uint64_t HashKey(std::string_view key);

// ---- implementation of the template above ----
namespace detail {
void AppendNumber(std::string& out, std::uint64_t n);
}

template <typename F>
void ForEachBlockingKey(const NormalizedRecord& r, F&& f) {
    thread_local std::string key;
    auto start = [&](char tag) {
        key.clear();
        key.push_back(tag);
        key.push_back(':');
    };
    if (r.phone) {
        start('p');
        detail::AppendNumber(key, r.phone);
        f(std::string_view(key));
    }
    if (!r.email.empty()) {
        start('e');
        key += r.email;
        f(std::string_view(key));
    }
    if (!r.card.empty()) {
        start('c');
        key += r.card;
        f(std::string_view(key));
    }
    bool name = !r.family_class.empty() && !r.given_key.empty();
    if (name) {
        start('n');
        key += r.family_class;
        key.push_back('|');
        key += r.given_key;
        f(std::string_view(key));
    }
    if (r.birth) {
        if (name) {
            start('y');
            key += r.family_class;
            key.push_back('|');
            key += r.given_key;
            key.push_back('|');
            detail::AppendNumber(key, r.birth / 10000);
            f(std::string_view(key));
        }
        if (!r.family_class.empty()) {
            start('f');
            key += r.family_class;
            key.push_back('|');
            detail::AppendNumber(key, r.birth);
            f(std::string_view(key));
        }
        if (!r.given_key.empty()) {
            start('g');
            key += r.given_key;
            key.push_back('|');
            detail::AppendNumber(key, r.birth);
            f(std::string_view(key));
        }
    }
    if (!r.given_key.empty() && r.postal.digits) {
        start('z');
        detail::AppendNumber(key, r.postal.digits);
        key.push_back(r.postal.old ? 'o' : '|');
        key += r.given_key;
        f(std::string_view(key));
    }
    if (!r.given_key.empty() && !r.address_key.empty()) {
        start('a');
        key += r.address_key;
        key.push_back('|');
        key += r.given_key;
        f(std::string_view(key));
    }
}

}  // namespace jangteo::customers
