// The generator of person records with known truth: the same seed makes the same records, every
// record carries a phone, an e-mail or a card, and the detailed truth (person, name form, household,
// reused number) agrees with the records.
#include "customers/record_gen.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace jangteo::customers {
namespace {

TEST(GenerateRecords, TheSameSeedMakesTheSameRecords) {
    auto a = GenerateRecords({.count = 2000, .seed = 4});
    auto b = GenerateRecords({.count = 2000, .seed = 4});
    ASSERT_EQ(a.records.size(), 2000u);
    for (std::size_t i = 0; i < a.records.size(); ++i) {
        EXPECT_EQ(a.records[i].name, b.records[i].name);
        EXPECT_EQ(a.records[i].phone, b.records[i].phone);
        EXPECT_EQ(a.person_of[i], b.person_of[i]);
    }
}

TEST(GenerateRecords, EveryRecordCarriesAContactAndItsTruth) {
    auto g = GenerateRecords({.count = 5000, .seed = 9});
    ASSERT_EQ(g.person.size(), g.records.size());
    ASSERT_EQ(g.name_form.size(), g.records.size());
    for (std::size_t i = 0; i < g.records.size(); ++i) {
        const auto& r = g.records[i];
        EXPECT_FALSE(r.phone.empty() && r.email.empty() && r.card_no.empty()) << r.record_id;
        ASSERT_LT(g.person[i], g.people.size());
        EXPECT_EQ(g.person_of[i], "P" + std::to_string(g.person[i] + 1));
        EXPECT_EQ(r.name.empty(), g.name_form[i] == NameForm::kMissing) << r.record_id;
    }
    std::size_t households = 0, reused = 0;
    for (std::size_t p = 0; p < g.people.size(); ++p) {
        const auto& person = g.people[p];
        EXPECT_LT(person.household_of, static_cast<std::int64_t>(p));
        EXPECT_LT(person.number_of, static_cast<std::int64_t>(p));
        households += person.household_of >= 0;
        reused += person.reused_number;
        if (person.reused_number) {
            EXPECT_GE(person.number_of, 0);
        }
    }
    EXPECT_GT(households, 0u);
    EXPECT_GT(reused, 0u);
}

// The default mix (docs/identity.md): a web account and a membership row always carry a name; only a
// counter sale or a ledger line may come without one, and a counter sale always carries the number.
// Noise stays: romanised names, typos, households, reused numbers.
TEST(GenerateRecords, TheDefaultMixKeepsWhatEachSourceKeeps) {
    auto g = GenerateRecords({.count = 20000, .seed = 2});
    std::map<std::string, int> nameless, records;
    for (const auto& r : g.records) {
        std::string kind = r.source.starts_with("pos:")      ? (r.card_no.empty() ? "counter" : "member")
                           : r.source.starts_with("import:") ? "ledger"
                                                             : r.source;
        ++records[kind];
        nameless[kind] += r.name.empty();
        if (kind == "counter") {
            EXPECT_FALSE(r.phone.empty()) << r.record_id;
        }
    }
    EXPECT_EQ(nameless["web"], 0);
    EXPECT_EQ(nameless["member"], 0);
    EXPECT_GT(nameless["counter"], records["counter"] / 50);
    EXPECT_LT(nameless["counter"], records["counter"] / 5);
    EXPECT_GT(nameless["ledger"], 0);
    std::map<NameForm, int> forms;
    for (NameForm f : g.name_form) ++forms[f];
    EXPECT_GT(forms[NameForm::kRomanised], 500);
    EXPECT_GT(forms[NameForm::kTypo], 300);
}

TEST(GenerateRecords, NoTwoPeopleShareAnEmailAddress) {
    auto g = GenerateRecords({.count = 50000, .seed = 3});
    std::map<std::string, std::uint32_t> owner;
    for (std::size_t i = 0; i < g.records.size(); ++i) {
        std::string email = g.records[i].email;
        if (email.empty()) continue;
        // As the normaliser reads it: trimmed, lower-case.
        while (!email.empty() && email.front() == ' ') email.erase(email.begin());
        while (!email.empty() && email.back() == ' ') email.pop_back();
        for (char& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto [it, inserted] = owner.emplace(email, g.person[i]);
        EXPECT_EQ(it->second, g.person[i]) << email;
    }
}

}  // namespace
}  // namespace jangteo::customers
