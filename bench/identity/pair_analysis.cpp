// pair_analysis: where identity resolution errs on generated records, and how far it could get.
// Generates records with known truth (customers/record_gen.hpp), resolves them as `jangteo customers
// resolve` does, and classifies every true pair the clusters miss and every false pair they make:
// by what the two records share (e-mail, card, phone, name, birth date, address) and by the
// generator's cause (a typo, a romanised or missing name, a household, a reused number). It also
// prints the ceiling: the recall of an oracle that links every true pair sharing an identifying field
// (phone, e-mail, card at one shop, name with birth date), transitively within the person, and the
// same without a number alone. The figures guide the resolver and the generator's mix
// (docs/identity.md); nothing here is timed.
//
// usage: identity_pair_analysis [--records 100000] [--seed 1] [--link-probability 0.99] [--examples 0]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>
#include <unordered_set>
#include <vector>

#include "customers/record_gen.hpp"
#include "customers/resolve.hpp"

namespace {

using namespace jangteo;
using customers::Field;

int L(const customers::Levels& l, Field f) {
    return l[static_cast<int>(f)];
}

// What two records share, as a label: the agreeing identifying fields in a fixed order.
struct Shared {
    bool email = false, card = false, phone = false, name = false, name_exact = false, birth = false, address = false,
         name_differs = false;
    std::string Label() const {
        std::string s;
        auto add = [&s](bool on, const char* what) {
            if (!on) return;
            if (!s.empty()) s += '+';
            s += what;
        };
        add(email, "email");
        add(card, "card");
        add(phone, "phone");
        add(name, name_exact ? "name" : "name~");
        add(birth, "birth");
        add(address, "address");
        if (s.empty()) s = "nothing";
        if (name_differs) s += " (names differ)";
        return s;
    }
    // Linkable by the brief's ceiling: one identifying field in common.
    bool Identifying() const { return email || card || phone || (name && birth); }
    // The same without a bare number: a phone counts only with a name that agrees.
    bool IdentifyingSafely() const { return email || card || (phone && name) || (name && birth); }
};

Shared SharedOf(const customers::NormalizedRecord& a, const customers::NormalizedRecord& b) {
    customers::Levels l = customers::Compare(a, b);
    Shared s;
    s.email = L(l, Field::kEmail) == 1;
    s.card = L(l, Field::kCard) == 1;
    s.phone = L(l, Field::kPhone) == 1;
    int family = L(l, Field::kFamily), given = L(l, Field::kGiven);
    s.name = family >= 1 && family <= 3 && given >= 1 && given <= 3;
    s.name_exact = s.name && family <= 2 && given <= 2;
    s.name_differs = family == 4 || given == 4;
    s.birth = L(l, Field::kBirth) == 1 || L(l, Field::kBirth) == 2;
    s.address = L(l, Field::kAddress) == 1;
    return s;
}

struct UnionFind {
    std::vector<std::uint32_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    std::uint32_t Find(std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void Join(std::uint32_t a, std::uint32_t b) {
        a = Find(a), b = Find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

void PrintTable(const char* title, const std::map<std::string, std::uint64_t>& counts, std::uint64_t total,
                std::size_t rows = 40) {
    std::vector<std::pair<std::uint64_t, std::string>> sorted;
    for (const auto& [k, v] : counts) sorted.emplace_back(v, k);
    std::sort(sorted.rbegin(), sorted.rend());
    std::printf("\n%s (%llu pairs)\n", title, static_cast<unsigned long long>(total));
    for (std::size_t i = 0; i < sorted.size() && i < rows; ++i) {
        std::printf("  %8llu  %5.1f %%  %s\n", static_cast<unsigned long long>(sorted[i].first),
                    total ? 100.0 * static_cast<double>(sorted[i].first) / static_cast<double>(total) : 0.0,
                    sorted[i].second.c_str());
    }
}

// A record's kind for the tables: its source and the identifying fields it lacks.
std::string KindOf(const customers::PersonRecord& r, const customers::NormalizedRecord& n) {
    std::string kind = r.source.starts_with("pos:")      ? (n.card.empty() ? "counter" : "member")
                       : r.source.starts_with("import:") ? "ledger"
                                                         : r.source;
    if (n.given.empty()) kind += " (no name)";
    if (!n.phone) kind += " (no phone)";
    return kind;
}

std::string Show(const customers::PersonRecord& r) {
    return r.source + " | " + r.name + " | " + r.phone + " | " + r.email + " | " + r.birth_date + " | " + r.address +
           " | " + r.card_no;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t count = 100'000, examples = 0;
    std::uint64_t seed = 1;
    double link_probability = 0.99;
    bool sole_holder = true;
    customers::GenerateOptions mix;
    CLI::App app{"classifies the pairs identity resolution misses and the ones it joins wrongly"};
    app.add_option("--records", count, "generated records")->capture_default_str();
    app.add_option("--seed", seed, "generator seed")->capture_default_str();
    app.add_option("--link-probability", link_probability, "as for customers resolve")->capture_default_str();
    app.add_option("--examples", examples, "missed and false pairs to print of each kind")->capture_default_str();
    app.add_flag("!--no-sole-holder", sole_holder, "as for customers resolve");
    // The generator's mix, for the sensitivity of the figures to it (docs/identity.md).
    app.add_option("--counter-name-share", mix.counter_name_share, "counter sales elsewhere that give a name")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--household-phone-share", mix.household_phone_share, "household members who give its number")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--reused-number-share", mix.reused_number_share, "people with an earlier person's number")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    constexpr std::uint32_t kToday = 20261123;
    mix.count = count;
    mix.seed = seed;
    mix.today = kToday;
    auto generated = customers::GenerateRecords(mix);
    const std::size_t n = generated.records.size();
    std::vector<customers::NormalizedRecord> records;
    records.reserve(n);
    for (const auto& r : generated.records) records.push_back(customers::Normalize(r, kToday));
    customers::ResolveOptions options;
    options.link_probability = link_probability;
    options.sole_holder = sole_holder;
    customers::Resolution resolution = customers::Resolve(records, options);

    // Households as their first person; a person's number's first owner.
    const auto& people = generated.people;
    auto household = [&](std::uint32_t p) {
        std::int64_t x = p;
        while (people[static_cast<std::size_t>(x)].household_of >= 0)
            x = people[static_cast<std::size_t>(x)].household_of;
        return x;
    };
    auto number_root = [&](std::uint32_t p) {
        std::int64_t x = p;
        while (people[static_cast<std::size_t>(x)].number_of >= 0) x = people[static_cast<std::size_t>(x)].number_of;
        return x;
    };

    std::vector<std::vector<std::uint32_t>> of_person(people.size());
    for (std::size_t i = 0; i < n; ++i) of_person[generated.person[i]].push_back(static_cast<std::uint32_t>(i));

    std::unordered_set<std::uint64_t> in_review;
    for (const auto& p : resolution.review) {
        in_review.insert((static_cast<std::uint64_t>(std::min(p.a, p.b)) << 32) | std::max(p.a, p.b));
    }

    // True pairs: found or missed; the ceilings.
    std::uint64_t true_pairs = 0, found = 0, ceiling = 0, ceiling_safe = 0, direct = 0, direct_safe = 0;
    std::map<std::string, std::uint64_t> missed_shared, missed_cause, missed_linkable, missed_kinds, kinds;
    for (std::size_t i = 0; i < n; ++i) ++kinds[KindOf(generated.records[i], records[i])];
    std::map<std::string, std::uint64_t> shown;
    UnionFind any(n), safe(n);
    for (std::size_t p = 0; p < people.size(); ++p) {
        const auto& rs = of_person[p];
        for (std::size_t x = 0; x < rs.size(); ++x) {
            for (std::size_t y = x + 1; y < rs.size(); ++y) {
                Shared s = SharedOf(records[rs[x]], records[rs[y]]);
                if (s.Identifying()) any.Join(rs[x], rs[y]), ++direct;
                if (s.IdentifyingSafely()) safe.Join(rs[x], rs[y]), ++direct_safe;
            }
        }
    }
    for (std::size_t p = 0; p < people.size(); ++p) {
        const auto& rs = of_person[p];
        const auto& person = people[p];
        for (std::size_t x = 0; x < rs.size(); ++x) {
            for (std::size_t y = x + 1; y < rs.size(); ++y) {
                std::uint32_t a = rs[x], b = rs[y];
                ++true_pairs;
                ceiling += any.Find(a) == any.Find(b);
                ceiling_safe += safe.Find(a) == safe.Find(b);
                if (resolution.cluster[a] == resolution.cluster[b]) {
                    ++found;
                    continue;
                }
                Shared s = SharedOf(records[a], records[b]);
                std::string label = s.Label();
                if (generated.records[a].source == generated.records[b].source &&
                    generated.records[a].source.starts_with("pos:")) {
                    label += ", one shop";
                }
                ++missed_shared[label];
                std::string ka = KindOf(generated.records[a], records[a]),
                            kb = KindOf(generated.records[b], records[b]);
                ++missed_kinds[std::min(ka, kb) + " / " + std::max(ka, kb)];
                // The generator's cause, most specific first.
                auto fa = generated.name_form[a], fb = generated.name_form[b];
                using customers::NameForm;
                std::string cause;
                if (fa == NameForm::kMissing || fb == NameForm::kMissing) {
                    cause = "a name missing";
                } else if (fa == NameForm::kTypo || fb == NameForm::kTypo) {
                    cause = "a typo in the name";
                } else if (fa == NameForm::kRomanised || fb == NameForm::kRomanised) {
                    cause = "a romanised name";
                } else {
                    cause = "names alike";
                }
                if (person.number_of >= 0) cause += person.reused_number ? ", reused number" : ", household phone";
                if (person.household_of >= 0) cause += ", in a household";
                if (!records[a].birth || !records[b].birth) cause += ", a birth date missing";
                ++missed_cause[cause];
                std::string reach = safe.Find(a) == safe.Find(b) ? "safely linkable (transitively)"
                                    : any.Find(a) == any.Find(b) ? "linkable only through a bare number"
                                                                 : "nothing identifying in common";
                std::uint64_t key = (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
                ++missed_linkable[reach + (in_review.count(key) ? ", pair in review" : "")];
                if (examples && shown[label + reach]++ < examples) {
                    std::printf("missed [%s; %s]\n  %s\n  %s\n", label.c_str(), reach.c_str(),
                                Show(generated.records[a]).c_str(), Show(generated.records[b]).c_str());
                }
            }
        }
    }

    // False pairs: two people in one cluster.
    std::vector<std::vector<std::uint32_t>> of_cluster(resolution.stats.clusters);
    for (std::size_t i = 0; i < n; ++i) of_cluster[resolution.cluster[i]].push_back(static_cast<std::uint32_t>(i));
    std::uint64_t predicted = 0, wrong = 0;
    std::map<std::string, std::uint64_t> false_shared, false_cause;
    for (const auto& rs : of_cluster) {
        for (std::size_t x = 0; x < rs.size(); ++x) {
            for (std::size_t y = x + 1; y < rs.size(); ++y) {
                ++predicted;
                std::uint32_t a = rs[x], b = rs[y], pa = generated.person[a], pb = generated.person[b];
                if (pa == pb) continue;
                ++wrong;
                Shared s = SharedOf(records[a], records[b]);
                std::string label = s.Label();
                ++false_shared[label];
                std::string cause = household(pa) == household(pb)       ? "one household"
                                    : number_root(pa) == number_root(pb) ? "a reused number"
                                                                         : "strangers";
                ++false_cause[cause];
                if (examples && shown["false " + label]++ < examples) {
                    std::printf("false [%s, %s]\n  %s\n  %s\n", label.c_str(), cause.c_str(),
                                Show(generated.records[a]).c_str(), Show(generated.records[b]).c_str());
                }
            }
        }
    }

    double precision = predicted ? static_cast<double>(predicted - wrong) / static_cast<double>(predicted) : 1;
    double recall = true_pairs ? static_cast<double>(found) / static_cast<double>(true_pairs) : 1;
    std::printf("\n%zu records of %zu people, seed %llu, link probability %.3f, sole holder %s\n", n, people.size(),
                static_cast<unsigned long long>(seed), link_probability, sole_holder ? "on" : "off");
    std::printf("mix: counter sales elsewhere with a name %.2f, household phone %.2f, reused number %.3f\n",
                mix.counter_name_share, mix.household_phone_share, mix.reused_number_share);
    std::printf("precision %.4f  recall %.4f  f1 %.4f  (true pairs %llu, predicted %llu, wrong %llu)\n", precision,
                recall, 2 * precision * recall / (precision + recall), static_cast<unsigned long long>(true_pairs),
                static_cast<unsigned long long>(predicted), static_cast<unsigned long long>(wrong));
    auto share = [&](std::uint64_t k) {
        return static_cast<double>(k) / static_cast<double>(std::max<std::uint64_t>(1, true_pairs));
    };
    std::printf(
        "ceiling: recall %.4f if every pair sharing phone, e-mail, card or name+birth were linked "
        "(transitively; %.4f directly)\n",
        share(ceiling), share(direct));
    std::printf("         recall %.4f without a bare number (phone only with the name agreeing; %.4f directly)\n",
                share(ceiling_safe), share(direct_safe));
    PrintTable("missed true pairs, by what the two records share", missed_shared, true_pairs - found);
    PrintTable("records, by kind", kinds, n);
    PrintTable("missed true pairs, by the kinds of the two records", missed_kinds, true_pairs - found, 25);
    PrintTable("missed true pairs, by the generator's cause", missed_cause, true_pairs - found);
    PrintTable("missed true pairs, by what could link them", missed_linkable, true_pairs - found);
    PrintTable("false pairs, by what the two records share", false_shared, wrong);
    PrintTable("false pairs, by the generator's cause", false_cause, wrong);
    return 0;
}
