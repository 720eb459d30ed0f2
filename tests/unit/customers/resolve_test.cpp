// The resolver: comparison levels, the guards (a reused number, a household, birth dates that
// disagree), the deterministic links, EM on a small generated set, the model's JSON, and the Index.
#include "customers/resolve.hpp"

#include <gtest/gtest.h>

#include <set>

#include "customers/record_gen.hpp"

namespace jangteo::customers {
namespace {

constexpr std::uint32_t kToday = 20261123;

NormalizedRecord N(PersonRecord r) {
    if (r.record_id.empty()) r.record_id = "r";
    if (r.source.empty()) r.source = "web";
    return Normalize(r, kToday);
}

int Level(const Levels& l, Field f) {
    return l[static_cast<int>(f)];
}

// A model estimated on generated data: the weights a real batch would use.
const Model& Estimated() {
    static const Model model = [] {
        auto generated = GenerateRecords({.count = 20000, .seed = 11});
        std::vector<NormalizedRecord> records;
        for (const auto& r : generated.records) records.push_back(Normalize(r, kToday));
        return Resolve(records, {}).model;
    }();
    return model;
}

TEST(Compare, Levels) {
    auto a = N({.name = "김민준", .phone = "010-1234-5678", .birth_date = "1985-03-07"});
    EXPECT_EQ(Level(Compare(a, N({.name = "김 민준"})), Field::kGiven), 1);
    EXPECT_EQ(Level(Compare(a, N({.name = "Kim Min-jun"})), Field::kGiven), 2);
    EXPECT_EQ(Level(Compare(a, N({.name = "Kim Min-jun"})), Field::kFamily), 2);
    EXPECT_EQ(Level(Compare(a, N({.name = "김민쥰"})), Field::kGiven), 3);
    EXPECT_EQ(Level(Compare(a, N({.name = "김서연"})), Field::kGiven), 4);
    EXPECT_EQ(Level(Compare(a, N({.name = "감민준"})), Field::kFamily), 3);
    EXPECT_EQ(Level(Compare(a, N({.phone = "+82 10 1234 5678"})), Field::kPhone), 1);
    EXPECT_EQ(Level(Compare(a, N({.phone = "010-1234-5679"})), Field::kPhone), 2);
    EXPECT_EQ(Level(Compare(a, N({})), Field::kPhone), 0);
    EXPECT_EQ(Level(Compare(a, N({.birth_date = "85년3월7일"})), Field::kBirth), 1);
    EXPECT_EQ(Level(Compare(a, N({.birth_date = "1985-07-03"})), Field::kBirth), 2);
    EXPECT_EQ(Level(Compare(a, N({.birth_date = "1985-03-09"})), Field::kBirth), 3);
    EXPECT_EQ(Level(Compare(a, N({.birth_date = "1986-03-07"})), Field::kBirth), 4);
    auto home = N({.postal_code = "48303", .address = "부산 수영구 광안해변로 219"});
    EXPECT_EQ(Level(Compare(home, N({.address = "부산광역시 수영구 광안해변로219, 101동"})), Field::kAddress), 1);
    EXPECT_EQ(Level(Compare(home, N({.address = "부산광역시 수영구 광안해변로 221"})), Field::kAddress), 2);
    EXPECT_EQ(Level(Compare(home, N({.address = "부산광역시 남구 광안해변로 219"})), Field::kAddress), 3);
    EXPECT_EQ(Level(Compare(home, N({.postal_code = "612-020"})), Field::kPostal), 0) << "old and new codes";
    // A card means something only within one shop.
    auto card = N({.source = "pos:mrc_1", .card_no = "77"});
    EXPECT_EQ(Level(Compare(card, N({.source = "pos:mrc_1", .card_no = "77"})), Field::kCard), 1);
    EXPECT_EQ(Level(Compare(card, N({.source = "pos:mrc_1", .card_no = "78"})), Field::kCard), 2);
    EXPECT_EQ(Level(Compare(card, N({.source = "pos:mrc_2", .card_no = "77"})), Field::kCard), 0);
    EXPECT_EQ(Level(Compare(card, N({.source = "import:x", .card_no = "77"})), Field::kCard), 0);
    for (int f = 0; f < kFieldCount; ++f) EXPECT_EQ(UnpackLevels(PackLevels(Compare(a, card)))[f], Compare(a, card)[f]);
}

TEST(Score, JamoTypoAndRomanisedNameWithTheSameNumberAreOnePerson) {
    const Model& m = Estimated();
    auto a = N({.name = "김민준", .phone = "010-2345-6789"});
    auto typo = m.Score(a, N({.name = "김민쥰", .phone = "01023456789"}));
    EXPECT_EQ(typo.outcome, Outcome::kSame) << typo.rule;
    auto roman = m.Score(a, N({.name = "MINJUN KIM", .phone = "+82 10 2345 6789"}));
    EXPECT_EQ(roman.outcome, Outcome::kSame) << roman.rule;
    EXPECT_EQ(roman.rule, "phone_and_name");
    // A typo in the family name, with the given name agreeing, is a typo too.
    auto family_typo = m.Score(a, N({.name = "긷민준", .phone = "010 2345 6789"}));
    EXPECT_EQ(family_typo.outcome, Outcome::kSame) << family_typo.rule;
    EXPECT_EQ(family_typo.rule, "phone_and_name");
    // But not a typo on both sides of the name: that may be another person of the household.
    EXPECT_NE(m.Score(a, N({.name = "긷민쥰", .phone = "010 2345 6789"})).rule, "phone_and_name");
}

TEST(Score, AReusedNumberIsNotJoined) {
    const Model& m = Estimated();
    auto before = N({.name = "박서연", .phone = "010-3456-7890", .birth_date = "1970-01-02"});
    auto after = N({.name = "이도윤", .phone = "010-3456-7890", .birth_date = "1999-05-06"});
    auto s = m.Score(before, after);
    EXPECT_EQ(s.outcome, Outcome::kDifferent);
    EXPECT_EQ(s.rule, "birth_dates_differ");
    // Without birth dates, the other name is enough to refuse.
    s = m.Score(N({.name = "박서연", .phone = "010-3456-7890"}), N({.name = "이도윤", .phone = "010-3456-7890"}));
    EXPECT_EQ(s.outcome, Outcome::kDifferent);
    EXPECT_EQ(s.rule, "reused_number");
    // A number alone says nothing about who.
    s = m.Score(N({.phone = "010-3456-7890", .postal_code = "48303"}),
                N({.name = "이도윤", .phone = "010-3456-7890", .postal_code = "48303"}));
    EXPECT_NE(s.outcome, Outcome::kSame);
}

TEST(Score, TwoPeopleOfOneHouseholdAreNotJoined) {
    const Model& m = Estimated();
    auto mother = N({.name = "김영희",
                     .phone = "010-1111-2222",
                     .postal_code = "48303",
                     .address = "부산 수영구 광안해변로 219, 101동 1203호"});
    auto son = N({.name = "김지훈",
                  .phone = "010-1111-2222",
                  .postal_code = "48303",
                  .address = "부산광역시 수영구 광안해변로219"});
    auto s = m.Score(mother, son);
    EXPECT_EQ(s.outcome, Outcome::kDifferent);
    // A typo in one member's family name does not make the two one person either.
    auto son_typo = N({.name = "긷지훈", .phone = "010-1111-2222"});
    EXPECT_EQ(m.Score(mother, son_typo).outcome, Outcome::kDifferent);
    // Twins: one birth date, one address, other given names.
    auto twin_a = N({.name = "박하늘", .birth_date = "2001-04-05", .address = "부산 남구 용호로 10"});
    auto twin_b = N({.name = "박하람", .birth_date = "2001-04-05", .address = "부산 남구 용호로 10"});
    EXPECT_EQ(m.Score(twin_a, twin_b).outcome, Outcome::kDifferent);
}

TEST(Score, DeterministicLinksAndEvidence) {
    const Model& m = Estimated();
    auto s =
        m.Score(N({.name = "Kim Minjun", .email = "MJ@example.kr"}), N({.name = "김민준", .email = "mj@example.kr "}));
    EXPECT_EQ(s.outcome, Outcome::kSame);
    EXPECT_EQ(s.rule, "same_email");
    EXPECT_GT(s.fields[static_cast<int>(Field::kEmail)].weight, 0);
    EXPECT_EQ(s.fields[static_cast<int>(Field::kPhone)].level, 0);
    EXPECT_EQ(s.fields[static_cast<int>(Field::kPhone)].weight, 0);
    s = m.Score(N({.source = "pos:mrc_3", .name = "최지우", .card_no = "C-9"}),
                N({.source = "pos:mrc_3", .name = "최지우", .card_no = "C-9"}));
    EXPECT_EQ(s.rule, "same_card");
    // But never across birth dates that disagree.
    s = m.Score(N({.email = "a@b.kr", .birth_date = "1980-01-01"}), N({.email = "a@b.kr", .birth_date = "1990-01-01"}));
    EXPECT_EQ(s.outcome, Outcome::kDifferent);
}

TEST(Score, ACommonNameCountsForLessThanARareOne) {
    const Model& m = Estimated();
    double common = m.Weight(Field::kFamily, 1, "gim");
    double rare = m.Weight(Field::kFamily, 1, "namgung");
    EXPECT_GT(rare, common + 3);
    EXPECT_GT(common, 0);
}

TEST(EstimateModel, EmFindsStrongAgreementWeights) {
    const Model& m = Estimated();
    for (Field f : {Field::kPhone, Field::kEmail, Field::kBirth}) {
        SCOPED_TRACE(FieldName(f));
        EXPECT_GT(m.Weight(f, 1), 8);                  // agreement is strong evidence
        EXPECT_LT(m.Weight(f, LevelCount(f) - 1), 0);  // disagreement evidence against
    }
    EXPECT_GT(m.link_weight, m.review_weight);
    EXPECT_GT(m.prior, 0);
    EXPECT_LT(m.prior, 0.01);
}

TEST(Model, JsonRoundTrip) {
    const Model& m = Estimated();
    auto back = Model::FromJson(m.ToJson());
    ASSERT_TRUE(back.ok()) << back.error().message;
    auto a = N({.name = "남궁민수", .phone = "010-9999-0000", .birth_date = "1977-07-07"});
    auto b = N({.name = "Namgung Minsu", .birth_date = "770707"});
    EXPECT_DOUBLE_EQ(back->Score(a, b).weight, m.Score(a, b).weight);
    EXPECT_EQ(back->Score(a, b).outcome, m.Score(a, b).outcome);
    EXPECT_FALSE(Model::FromJson("{}").ok());
    EXPECT_FALSE(Model::FromJson("not json").ok());
}

TEST(BlockingKeys, DuplicatesShareAKey) {
    auto keys = [](const NormalizedRecord& r) {
        auto v = BlockingKeys(r);
        return std::set<std::string>(v.begin(), v.end());
    };
    auto a = keys(N({.name = "김민준", .birth_date = "1985-03-07"}));
    auto b = keys(N({.name = "김민쥰", .birth_date = "850307"}));  // a typo in the given name
    auto c = keys(N({.name = "Kim Minjun", .birth_date = "1985.3.7"}));
    auto shared = [](const auto& x, const auto& y) {
        for (const auto& k : x) {
            if (y.count(k)) return true;
        }
        return false;
    };
    EXPECT_TRUE(shared(a, b));
    EXPECT_TRUE(shared(a, c));
    EXPECT_TRUE(BlockingKeys(N({})).empty());
}

TEST(Resolve, GeneratedRecordsClusterWell) {
    auto generated = GenerateRecords({.count = 5000, .seed = 5});
    std::vector<NormalizedRecord> records;
    for (const auto& r : generated.records) records.push_back(Normalize(r, kToday));
    Resolution r = Resolve(records, {});
    ASSERT_EQ(r.cluster.size(), records.size());
    std::uint64_t predicted = 0, correct = 0;
    std::map<std::uint32_t, std::vector<std::size_t>> clusters;
    for (std::size_t i = 0; i < records.size(); ++i) clusters[r.cluster[i]].push_back(i);
    for (const auto& [id, members] : clusters) {
        for (std::size_t x = 0; x < members.size(); ++x) {
            for (std::size_t y = x + 1; y < members.size(); ++y) {
                ++predicted;
                correct += generated.person_of[members[x]] == generated.person_of[members[y]];
            }
        }
    }
    ASSERT_GT(predicted, 0u);
    EXPECT_GT(static_cast<double>(correct) / static_cast<double>(predicted), 0.99);
    // The same records resolve the same way again.
    EXPECT_EQ(Resolve(records, {}).cluster, r.cluster);
}

TEST(Resolve, NoChainOfLinksJoinsTwoBirthDates) {
    // A–B by number and name, B–C by e-mail; A and C have other birth dates: one join is refused.
    std::vector<NormalizedRecord> records = {
        N({.name = "김하늘", .phone = "010-5555-6666", .birth_date = "1980-01-01"}),
        N({.name = "김하늘", .phone = "010-5555-6666", .email = "sky@example.kr"}),
        N({.name = "김하늘", .email = "sky@example.kr", .birth_date = "1990-02-02"}),
    };
    Model model = Model::Default();
    Resolution r = Resolve(records, {.estimate = false, .model = &model});
    EXPECT_NE(r.cluster[0], r.cluster[2]);
    EXPECT_TRUE(r.cluster[1] == r.cluster[0] || r.cluster[1] == r.cluster[2]);
    EXPECT_EQ(r.stats.refused_joins, 1u);
}

TEST(Resolve, ANamelessNumberJoinsItsOneNamedHolderOnly) {
    std::vector<NormalizedRecord> records = {
        N({.name = "김민준", .phone = "010-2222-3333"}),   // 0: the number's one named holder
        N({.source = "pos:7", .phone = "01022223333"}),    // 1: the number alone: joins 0
        N({.name = "박서연", .phone = "010-4444-5555"}),   // 2: a number two people give
        N({.name = "최지호", .phone = "010-4444-5555"}),   // 3
        N({.source = "pos:7", .phone = "010 4444 5555"}),  // 4: nobody's
        N({.name = "이하늘", .phone = "010-6666-7777", .birth_date = "1985-03-07"}),   // 5
        N({.source = "pos:7", .phone = "010-6666-7777", .birth_date = "1999-01-02"}),  // 6: another birth date
    };
    Model model = Model::Default();
    Resolution r = Resolve(records, {.estimate = false, .model = &model});
    EXPECT_EQ(r.cluster[1], r.cluster[0]);
    EXPECT_NE(r.cluster[2], r.cluster[3]);
    EXPECT_NE(r.cluster[4], r.cluster[2]);
    EXPECT_NE(r.cluster[4], r.cluster[3]);
    EXPECT_NE(r.cluster[6], r.cluster[5]);
    EXPECT_EQ(r.stats.sole_holder_joins, 1u);
    // A number typed into a web form (not given at a shop, not verified) stands for no one.
    records[0].phone_trusted = false;
    Resolution claimed = Resolve(records, {.estimate = false, .model = &model});
    EXPECT_NE(claimed.cluster[1], claimed.cluster[0]);
    EXPECT_EQ(claimed.stats.sole_holder_joins, 0u);
    records[0].phone_trusted = true;
    // Without the rule the number alone joins nobody.
    Resolution off = Resolve(records, {.estimate = false, .sole_holder = false, .model = &model});
    EXPECT_NE(off.cluster[1], off.cluster[0]);
    EXPECT_EQ(off.stats.sole_holder_joins, 0u);
}

TEST(Index, FindsTheDuplicatesOfANewRecord) {
    const Model& m = Estimated();
    Index index(m);
    index.Add(N({.name = "김민준", .phone = "010-2222-3333", .birth_date = "1985-03-07"}));
    index.Add(N({.name = "이서연", .phone = "010-4444-5555"}));
    index.Build();
    index.Add(N({.name = "박지훈", .email = "jh@example.kr"}));  // after Build: found too
    auto found = index.Match(N({.name = "Kim Min-jun", .phone = "+82 10 2222 3333"}));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].record, 0u);
    EXPECT_EQ(found[0].score.outcome, Outcome::kSame);
    found = index.Match(N({.name = "Park Jihoon", .email = "JH@example.kr"}));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].record, 2u);
    EXPECT_TRUE(index.Match(N({.name = "최유진", .phone = "010-9999-8888"})).empty());
}

}  // namespace
}  // namespace jangteo::customers
