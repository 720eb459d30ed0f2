// A person's download and erasure on every backend: the export holds every kind of data of the person
// and of those merged into it, one query per kind; the erasure blanks every record and removes its
// match keys (a new record with the same details starts a new person), withdraws every granted
// consent as a web withdrawal, forfeits the points with ledger entries so that every ledger still
// sums, keeps the merchants' figures without their card and note, and a merchant's customer view then
// shows nothing of the person. An erasure twice is refused.
#include "customers/erasure.hpp"

#include <gtest/gtest.h>

#include "customers/consent.hpp"
#include "customers/member.hpp"
#include "customers/points.hpp"
#include "customers/profile.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using customers::ConsentChannel;
using customers::ConsentPurpose;
using customers::PersonId;
using customers::RecordSource;

// Counts the statements of a transaction, to show that the export does not grow with the data.
class CountingTx final : public store::Tx {
public:
    explicit CountingTx(store::Tx& inner) : inner_(inner) {}
    store::Dialect dialect() const override { return inner_.dialect(); }
    core::Result<store::Rows> Query(const store::Sql& sql, store::Params params) override {
        ++queries;
        return inner_.Query(sql, params);
    }
    core::Result<std::int64_t> Exec(const store::Sql& sql, store::Params params) override {
        return inner_.Exec(sql, params);
    }
    core::Status ExecScript(std::string_view sql) override { return inner_.ExecScript(sql); }
    using store::Tx::Exec;
    using store::Tx::Query;

    int queries = 0;

private:
    store::Tx& inner_;
};

class ErasureTest : public MerchantFixture {
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
        consents_.emplace(db(), clock_, random_);
        points_.emplace(db(), clock_, random_);
        erasure_.emplace(clock_, random_, *consents_);
        ASSERT_TRUE(points_->SetPolicy(shop_, {.earn_bp = 1000, .expiry_days = 365, .min_redeem = 0}).ok());
        ASSERT_TRUE(points_->SetPolicy(other_, {.earn_bp = 500, .expiry_days = 0, .min_redeem = 0}).ok());
    }

    PersonId Record(const customers::RecordInput& input) {
        auto got = profiles_->Record(input);
        EXPECT_TRUE(got.ok()) << got.error().reason << ": " << got.error().message;
        return got.ok() ? got->person : PersonId();
    }

    void Buy(platform::MerchantId merchant, PersonId person, std::int64_t won, const std::string& ref,
             std::string_view card = {}) {
        auto s = db().Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(bool added, profiles_->RecordPurchaseInTx(tx, merchant, person, won, clock_.Now(), ref, card));
            (void)added;
            JANGTEO_TRY(auto earned, points_->EarnInTx(tx, merchant, person, won, ref));
            (void)earned;
            return {};
        });
        ASSERT_TRUE(s.ok()) << s.error().message;
    }

    void Consent(PersonId person, platform::MerchantId merchant, std::vector<ConsentPurpose> purposes) {
        customers::ConsentInput input{
            .person = person, .merchant = merchant, .channel = ConsentChannel::kPos, .source = "staff:usr_1"};
        for (auto p : purposes) input.changes.push_back({p, true, "consent-2026-11"});
        auto r = consents_->Record(input);
        ASSERT_TRUE(r.ok()) << r.error().message;
    }

    // Σ delta and Σ remaining of a person's ledger at a merchant.
    std::pair<std::int64_t, std::int64_t> Ledger(platform::MerchantId merchant, PersonId person) {
        return {QueryInt("SELECT COALESCE(SUM(delta), 0) FROM customers_point_entries WHERE merchant_id = $1"
                         " AND person_id = $2",
                         {merchant.key(), person.key()}),
                QueryInt("SELECT COALESCE(SUM(remaining), 0) FROM customers_point_entries WHERE merchant_id = $1"
                         " AND person_id = $2",
                         {merchant.key(), person.key()})};
    }

    // A web account, the same person at the counter of the shop (the verified number joins them), and
    // a member of the other merchant who was merged into it by hand.
    struct Story {
        PersonId person, merged;
    };
    Story MakeStory() {
        Story s;
        s.person = Record({.source = RecordSource::kWeb,
                           .source_ref = "usr_1001",
                           .name = "김민수",
                           .phone = "010-2345-6789",
                           .email = "minsu@example.kr",
                           .phone_verified = true,
                           .email_verified = true});
        PersonId at_counter = Record({.merchant = shop_,
                                      .source = RecordSource::kPos,
                                      .source_ref = "pos_sale:psl_1",
                                      .name = "김민수",
                                      .phone = "01023456789",
                                      .birth_date = "1985-03-07",
                                      .address = "부산광역시 해운대구 해운대해변로 264",
                                      .card_no = "C-77"});
        EXPECT_EQ(at_counter, s.person) << "a verified number joins the counter's record";
        s.merged = Record({.merchant = other_,
                           .source = RecordSource::kMember,
                           .source_ref = "mbr_9",
                           .name = "이영수",
                           .postal_code = "48058",
                           .card_no = "M-1"});
        Buy(shop_, s.person, 50'000, "pos_sale:psl_1", "C-77");  // 5,000 points
        Buy(other_, s.merged, 20'000, "pos_sale:psl_2");         // 1,000 points, under the merged person's id
        Consent(s.person, shop_, {ConsentPurpose::kMarketingSms, ConsentPurpose::kMarketingNight});
        Consent(s.merged, other_, {ConsentPurpose::kThirdParty});
        auto merged = profiles_->Merge(s.person, s.merged, "usr_2");
        EXPECT_TRUE(merged.ok()) << merged.error().message;
        auto redeemed =
            db().Write([&](store::Tx& tx) { return points_->RedeemInTx(tx, shop_, s.person, 1'200, "r-1"); });
        EXPECT_TRUE(redeemed.ok()) << redeemed.error().message;
        return s;
    }

    platform::MerchantId shop_, other_;
    std::optional<customers::ProfileService> profiles_;
    std::optional<customers::ConsentService> consents_;
    std::optional<customers::PointService> points_;
    std::optional<customers::ErasureService> erasure_;
};

TEST_P(ErasureTest, TheExportHoldsEveryKindOfThePersonAndThoseMergedIntoIt) {
    Story s = MakeStory();
    int queries_small = 0, queries_large = 0;
    auto data = db().Read([&](store::Tx& tx) -> core::Result<customers::PersonData> {
        CountingTx counting(tx);
        auto out = erasure_->ExportInTx(counting, s.person);
        queries_small = counting.queries;
        return out;
    });
    ASSERT_TRUE(data.ok()) << data.error().message;
    EXPECT_EQ(data->person, s.person);
    EXPECT_EQ(data->persons.size(), 2u);
    EXPECT_EQ(data->records.size(), 3u);
    EXPECT_GE(data->relationships.size(), 2u) << "the kept person's two, and the merged person's emptied one";
    EXPECT_EQ(data->purchases.size(), 2u);
    EXPECT_EQ(data->points.size(), 3u) << "two earns and a redemption";
    EXPECT_EQ(data->consents.size(), 4u) << "three given, and the merged person's newer one given to the kept";
    bool card = false;
    for (const auto& r : data->records) card = card || r.card_no == "C-77";
    EXPECT_TRUE(card);

    // Ten more purchases and consents: the same number of statements.
    for (int i = 0; i < 10; ++i) Buy(shop_, s.person, 1'000, "pos_sale:more-" + std::to_string(i));
    auto more = db().Read([&](store::Tx& tx) -> core::Result<customers::PersonData> {
        CountingTx counting(tx);
        auto out = erasure_->ExportInTx(counting, s.person);
        queries_large = counting.queries;
        return out;
    });
    ASSERT_TRUE(more.ok());
    EXPECT_EQ(more->purchases.size(), 12u);
    EXPECT_EQ(queries_large, queries_small);
    EXPECT_LE(queries_small, 8);
}

TEST_P(ErasureTest, ErasureAnonymisesWithdrawsAndForfeitsAndTheLedgersStillSum) {
    Story s = MakeStory();
    ASSERT_TRUE(profiles_->Person360(shop_, s.person).ok());
    const std::int64_t audit_before = QueryInt("SELECT count(*) FROM platform_audit_events");

    auto erased = db().Write([&](store::Tx& tx) { return erasure_->EraseInTx(tx, s.person); });
    ASSERT_TRUE(erased.ok()) << erased.error().reason << ": " << erased.error().message;
    EXPECT_EQ(erased->persons.size(), 2u);
    EXPECT_EQ(erased->records, 3);
    EXPECT_EQ(erased->consents_withdrawn, 4);
    EXPECT_EQ(erased->points_forfeited, 5'000 - 1'200 + 1'000);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events"), audit_before) << "the caller audits";

    // Every record blank, its keys gone, its persons erased.
    for (PersonId p : {s.person, s.merged}) {
        EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_persons WHERE id = $1 AND status = 'erased'", {p.key()}), 1);
    }
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_records WHERE person_id = $1 AND (name <> '' OR phone <> ''"
                       " OR email <> '' OR birth_date <> '' OR postal_code <> '' OR address <> '' OR card_no <> ''"
                       " OR phone_verified OR email_verified OR source_ref NOT LIKE 'erased:%')",
                       {s.person.key()}),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_record_keys k JOIN customers_records r ON r.id = k.record_id"
                       " WHERE r.person_id = $1",
                       {s.person.key()}),
              0)
        << "no key can find the records again";

    // Consents: nothing granted any more, each ended by a web withdrawal.
    for (auto [p, m] : {std::pair{s.person, shop_}, std::pair{s.merged, other_}}) {
        auto now = consents_->Current(p, m);
        ASSERT_TRUE(now.ok());
        for (const auto& state : *now) {
            EXPECT_FALSE(state.granted) << customers::ConsentPurposeName(state.purpose);
            if (state.last) {
                EXPECT_EQ(state.last->channel, ConsentChannel::kWeb);
                EXPECT_EQ(state.last->source, customers::kErasureSource);
            }
        }
    }

    // Points: every ledger sums to 0, and what was left expired by the erasure (the merged person's
    // points went to the kept person with the merge).
    for (auto [m, p] : {std::pair{shop_, s.person}, std::pair{other_, s.person}}) {
        auto [sum, remaining] = Ledger(m, p);
        EXPECT_EQ(sum, 0);
        EXPECT_EQ(remaining, 0);
        EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_point_entries WHERE merchant_id = $1 AND kind = 'expire'"
                           " AND ref = $2",
                           {m.key(), "erasure:" + p.ToString()}),
                  1);
    }

    // The merchants keep their figures, without the card and the note; their view shows nobody.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_relationships WHERE person_id = $1", {s.person.key()}), 2);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_relationships WHERE person_id = $1 AND (card_no <> ''"
                       " OR note <> '')",
                       {s.person.key()}),
              0);
    EXPECT_EQ(QueryInt("SELECT SUM(total_won) FROM customers_relationships WHERE person_id = $1", {s.person.key()}),
              70'000);
    auto view = profiles_->Person360(shop_, s.person);
    if (view.ok()) {
        for (const auto& r : view->records) {
            EXPECT_TRUE(r.name.empty() && r.phone.empty() && r.email.empty() && r.birth_date.empty() &&
                        r.address.empty() && r.card_no.empty());
        }
        EXPECT_TRUE(view->relationship.card_no.empty());
    } else {
        EXPECT_EQ(view.error().code, core::ErrorCode::kNotFound);
    }

    // The same details again start a new person: nothing matches the erased records.
    auto again = profiles_->Record({.merchant = shop_,
                                    .source = RecordSource::kPos,
                                    .source_ref = "pos_sale:psl_3",
                                    .name = "김민수",
                                    .phone = "010-2345-6789",
                                    .card_no = "C-77"});
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->decision, customers::RecordDecision::kNew);
    EXPECT_NE(again->person, s.person);
    EXPECT_FALSE(again->review.has_value());

    // The export of an erased person is blank; an erasure twice is refused and changes nothing.
    auto data = db().Read([&](store::Tx& tx) { return erasure_->ExportInTx(tx, s.person); });
    ASSERT_TRUE(data.ok());
    for (const auto& r : data->records) EXPECT_TRUE(r.name.empty() && r.phone.empty() && r.email.empty());
    const std::int64_t entries = QueryInt("SELECT count(*) FROM customers_point_entries");
    auto twice = db().Write([&](store::Tx& tx) { return erasure_->EraseInTx(tx, s.person); });
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().reason, "person_erased");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_point_entries"), entries);
    auto of_source =
        db().Read([&](store::Tx& tx) { return erasure_->PersonOfSourceInTx(tx, RecordSource::kWeb, "usr_1001"); });
    ASSERT_TRUE(of_source.ok());
    EXPECT_FALSE(of_source->has_value()) << "the web record no longer names the account";
}

TEST_P(ErasureTest, APersonWithNothingButAWebRecordIsErasedAndAnUnknownOneIsNot) {
    PersonId only = Record({.source = RecordSource::kWeb, .source_ref = "usr_5", .email = "solo@example.kr"});
    auto erased = db().Write([&](store::Tx& tx) { return erasure_->EraseInTx(tx, only); });
    ASSERT_TRUE(erased.ok()) << erased.error().message;
    EXPECT_EQ(erased->records, 1);
    EXPECT_EQ(erased->consents_withdrawn, 0);
    EXPECT_EQ(erased->points_forfeited, 0);
    auto unknown = db().Write([&](store::Tx& tx) { return erasure_->EraseInTx(tx, PersonId(424242)); });
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
}

JANGTEO_STORE_BACKENDS(ErasureTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
