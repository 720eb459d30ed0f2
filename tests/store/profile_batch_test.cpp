// Identity resolution in batch over the store, on every backend: persons the real-time path kept
// apart are merged when the engine finds them one (by the system, with the evidence, undoable), never
// a pair whose merge someone undid; possible pairs open reviews once; a dry run changes nothing; a
// second run finds nothing more to do; the weights are estimated and saved only from enough records.
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "customers/batch.hpp"
#include "customers/member.hpp"
#include "customers/profile.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using customers::BatchOutcome;
using customers::PersonId;
using customers::RecordInput;
using customers::RecordSource;

class ProfileBatchTest : public MerchantFixture {
protected:
    void SetUp() override {
        MerchantFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : customers::SchemaMigrations()) all.push_back(m);
        auto applied = store::Migrator(db(), all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        shop_ = MustApply(1).id;
        other_ = MustApply(2).id;
        profiles_.emplace(db(), clock_, random_);
    }

    // Weights under which the real-time path links by its rules only and puts nothing up for review
    // (review_weight high), or puts every pair that is not linked or guarded up for review (low).
    void SaveThresholds(double link, double review) {
        customers::Model model = customers::DefaultProfileModel();
        model.link_weight = link;
        model.review_weight = review;
        ASSERT_TRUE(profiles_->SaveModel(model).ok());
    }

    PersonId Member(platform::MerchantId merchant, std::string ref, std::string name, std::string phone) {
        auto r = profiles_->Record(RecordInput{.merchant = merchant,
                                               .source = RecordSource::kMember,
                                               .source_ref = std::move(ref),
                                               .name = std::move(name),
                                               .phone = std::move(phone)});
        EXPECT_TRUE(r.ok()) << r.error().message;
        return r.ok() ? r->person : PersonId();
    }

    BatchOutcome MustRun(customers::BatchOptions options) {
        customers::ProfileBatch batch(db(), clock_, random_, *profiles_);
        auto done = batch.Run(options);
        EXPECT_TRUE(done.ok()) << done.error().message;
        return done.ok() ? *done : BatchOutcome{};
    }

    std::int64_t PersonOfRef(std::string_view ref) {
        return QueryInt("SELECT person_id FROM customers_records WHERE source_ref = $1", {std::string(ref)});
    }
    std::string QueryText(std::string_view sql_text) {
        store::Sql sql{"test.query_text", sql_text};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(sql, {}); });
        EXPECT_TRUE(rows.ok()) << sql_text;
        if (!rows.ok() || rows->empty()) return {};
        return (*rows)[0].Text(0);
    }
    std::int64_t Persons() { return QueryInt("SELECT count(*) FROM customers_persons WHERE status = 'active'"); }

    platform::MerchantId shop_, other_;
    std::optional<customers::ProfileService> profiles_;
};

TEST_P(ProfileBatchTest, MergesWhatTheEngineFindsOneAndReviewsWhatItFindsPossible) {
    SaveThresholds(1000, 999);
    // One member at two shops, the number unverified: the real-time path needs a verified number to
    // link on number and name, so it keeps two persons; the engine's rule links them.
    PersonId a = Member(shop_, "mbr_a", "김민준", "010-1234-5678");
    PersonId b = Member(other_, "mbr_b", "김 민준", "01012345678");
    ASSERT_NE(a, b);
    // The same again, but someone merged the two and undid it: they stay apart.
    PersonId c = Member(shop_, "mbr_c", "박서연", "010-2222-3333");
    PersonId d = Member(other_, "mbr_d", "박서연", "010-2222-3333");
    ASSERT_NE(c, d);
    auto merged = profiles_->Merge(c, d, "usr_owner");
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    ASSERT_TRUE(profiles_->Unmerge(merged->merge, "usr_owner").ok());
    // Two records that share only a name: possible at most, once the weights put them up for review.
    PersonId e = Member(shop_, "mbr_e", "최지우", "010-5555-6666");
    PersonId f = Member(other_, "mbr_f", "최지우", "");
    ASSERT_NE(e, f);
    SaveThresholds(1000, -1000);
    const std::string model_before = QueryText("SELECT model FROM customers_models WHERE id = 1");
    const std::int64_t persons = Persons(), reviews = QueryInt("SELECT count(*) FROM customers_reviews");
    const std::int64_t merges = QueryInt("SELECT count(*) FROM customers_merges");

    BatchOutcome dry = MustRun({.dry_run = true});
    EXPECT_EQ(dry.records, 6u);
    EXPECT_EQ(dry.persons_before, 6u);
    EXPECT_EQ(dry.merges, 1u);
    EXPECT_EQ(dry.merges_refused, 1u);
    EXPECT_EQ(dry.reviews_opened, 1u);
    EXPECT_FALSE(dry.model_estimated);  // six records are too few to estimate from
    EXPECT_EQ(Persons(), persons);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_reviews"), reviews);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_merges"), merges);

    BatchOutcome run = MustRun({});
    EXPECT_EQ(run.merges, 1u);
    EXPECT_EQ(run.merges_refused, 1u);
    EXPECT_EQ(run.merges_failed, 0u);
    EXPECT_EQ(run.reviews_opened, 1u);
    EXPECT_FALSE(run.model_saved);
    EXPECT_EQ(QueryText("SELECT model FROM customers_models WHERE id = 1"), model_before);
    EXPECT_EQ(PersonOfRef("mbr_a"), PersonOfRef("mbr_b"));
    EXPECT_NE(PersonOfRef("mbr_c"), PersonOfRef("mbr_d"));
    EXPECT_EQ(Persons(), persons - 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_merges WHERE actor = 'system' AND undone_at_us IS NULL"
                       " AND evidence LIKE '%\"batch\"%'"),
              1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_reviews WHERE state = 'open' AND"
                       " ((person_a = $1 AND person_b = $2) OR (person_a = $2 AND person_b = $1))",
                       {e.key(), f.key()}),
              1);

    // Nothing more to do the second time.
    BatchOutcome again = MustRun({});
    EXPECT_EQ(again.merges, 0u);
    EXPECT_EQ(again.reviews_opened, 0u);
    EXPECT_EQ(again.persons_before, 5u);

    // The batch's merge is undone like any other.
    auto merges_of = profiles_->MergesOf(PersonId(PersonOfRef("mbr_a")));
    ASSERT_TRUE(merges_of.ok());
    ASSERT_EQ(merges_of->size(), 1u);
    ASSERT_TRUE(profiles_->Unmerge((*merges_of)[0].id, "usr_owner").ok());
    EXPECT_NE(PersonOfRef("mbr_a"), PersonOfRef("mbr_b"));
    // … and once undone, the next batch leaves it so.
    BatchOutcome after_undo = MustRun({});
    EXPECT_EQ(after_undo.merges, 0u);
    EXPECT_EQ(after_undo.merges_refused, 2u);
    EXPECT_NE(PersonOfRef("mbr_a"), PersonOfRef("mbr_b"));
}

TEST_P(ProfileBatchTest, EstimatesAndSavesTheWeightsFromEnoughRecords) {
    SaveThresholds(1000, 999);
    const std::string model_before = QueryText("SELECT model FROM customers_models WHERE id = 1");
    const char* names[] = {"김민준", "이서연", "박지호", "최하은", "정도윤", "강서준", "조하린", "윤지안"};
    for (int i = 0; i < 40; ++i) {
        char phone[32];
        std::snprintf(phone, sizeof phone, "010-%04d-%04d", 3000 + i, 7000 + i % 8);
        Member(i % 2 ? shop_ : other_, "mbr_" + std::to_string(i), names[i % 8], phone);
    }
    BatchOutcome dry = MustRun({.dry_run = true, .min_records_for_model = 40});
    EXPECT_TRUE(dry.model_estimated);
    EXPECT_FALSE(dry.model_saved);
    EXPECT_EQ(QueryText("SELECT model FROM customers_models WHERE id = 1"), model_before);

    BatchOutcome run = MustRun({.min_records_for_model = 40});
    EXPECT_TRUE(run.model_saved);
    const std::string saved = QueryText("SELECT model FROM customers_models WHERE id = 1");
    EXPECT_NE(saved, model_before);
    auto model = customers::Model::FromJson(saved);
    ASSERT_TRUE(model.ok()) << model.error().message;
    EXPECT_LT(model->link_weight, 1000);  // the estimated thresholds, not the ones saved by hand
    // The real-time path scores with the saved weights from now on.
    auto current = profiles_->CurrentModel();
    ASSERT_TRUE(current.ok());
    EXPECT_EQ((*current)->ToJson(), model->ToJson());
}

JANGTEO_STORE_BACKENDS(ProfileBatchTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
