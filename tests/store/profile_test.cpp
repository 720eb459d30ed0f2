// Person profiles on every backend: a web account and a number typed at a counter are one person when
// the number is verified, while a reused number and two people of one household stay apart; the same
// source record twice changes nothing; a possible match opens one review, and its decision merges or
// is never proposed again; a merge and its unmerge give back every record and the relationship totals
// exactly, and refused merges change nothing; a merchant sees only the persons it has a relationship
// with; a new record's candidates are fetched in one query however many there are.
#include "customers/profile.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "customers/consent.hpp"
#include "customers/member.hpp"
#include "customers/points.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using customers::PersonId;
using customers::RecordDecision;
using customers::RecordInput;
using customers::RecordSource;
using customers::ReviewState;

// Passes every statement to the real transaction and counts the queries, so that a test can see
// how many round trips the real-time path makes.
class CountingTx final : public store::Tx {
public:
    explicit CountingTx(store::Tx& inner) : inner_(inner) {}
    store::Dialect dialect() const override { return inner_.dialect(); }
    core::Result<store::Rows> Query(const store::Sql& sql, store::Params params) override {
        ++queries;
        return inner_.Query(sql, params);
    }
    core::Result<std::int64_t> Exec(const store::Sql& sql, store::Params params) override {
        ++execs;
        return inner_.Exec(sql, params);
    }
    core::Status ExecScript(std::string_view sql) override { return inner_.ExecScript(sql); }
    using store::Tx::Exec;
    using store::Tx::Query;

    int queries = 0, execs = 0;

private:
    store::Tx& inner_;
};

struct ProfileCounts {
    std::int64_t persons = 0, records = 0, keys = 0, relationships = 0, events = 0, merges = 0, reviews = 0;
    bool operator==(const ProfileCounts&) const = default;
};
void PrintTo(const ProfileCounts& c, std::ostream* os) {
    *os << "{persons " << c.persons << ", records " << c.records << ", keys " << c.keys << ", relationships "
        << c.relationships << ", events " << c.events << ", merges " << c.merges << ", reviews " << c.reviews << "}";
}

class ProfileTest : public MerchantFixture {
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

    customers::RecordOutcome MustRecord(const RecordInput& input) {
        auto r = profiles_->Record(input);
        EXPECT_TRUE(r.ok()) << r.error().reason << ": " << r.error().message;
        return r.ok() ? *r : customers::RecordOutcome{};
    }

    RecordInput Web(std::string ref, std::string name, std::string phone, std::string birth = "",
                    std::string email = "") {
        return RecordInput{.source = RecordSource::kWeb,
                           .source_ref = std::move(ref),
                           .name = std::move(name),
                           .phone = std::move(phone),
                           .email = std::move(email),
                           .birth_date = std::move(birth),
                           .phone_verified = true,
                           .email_verified = true};
    }
    RecordInput AtShop(RecordSource source, std::string ref) {
        return RecordInput{.merchant = shop_, .source = source, .source_ref = std::move(ref)};
    }

    void MustBuy(platform::MerchantId merchant, PersonId person, std::int64_t won, std::int64_t day,
                 std::string_view card = {}) {
        std::string ref = "pos_sale:test_" + std::to_string(++purchases_);
        auto st = db().Write([&](store::Tx& tx) {
            return profiles_->RecordPurchaseInTx(tx, merchant, person, won, start_ + std::chrono::hours(24 * day), ref,
                                                 card);
        });
        ASSERT_TRUE(st.ok()) << st.error().message;
        EXPECT_TRUE(*st);
    }
    int purchases_ = 0;

    ProfileCounts Counts() {
        return {QueryInt("SELECT count(*) FROM customers_persons WHERE status = 'active'"),
                QueryInt("SELECT count(*) FROM customers_records"),
                QueryInt("SELECT count(*) FROM customers_record_keys"),
                QueryInt("SELECT count(*) FROM customers_relationships"),
                QueryInt("SELECT count(*) FROM customers_relationship_events"),
                QueryInt("SELECT count(*) FROM customers_merges"),
                QueryInt("SELECT count(*) FROM customers_reviews")};
    }

    std::int64_t PersonOf(customers::RecordId record) {
        return QueryInt("SELECT person_id FROM customers_records WHERE id = $1", {record.key()});
    }

    platform::MerchantId shop_, other_;
    std::optional<customers::ProfileService> profiles_;
};

TEST_P(ProfileTest, AVerifiedNumberAtTheCounterJoinsTheWebAccount) {
    auto web = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07", "minjun@example.kr"));
    EXPECT_EQ(web.decision, RecordDecision::kNew);
    auto counter = AtShop(RecordSource::kPos, "pos_1");
    counter.phone = "01012345678";
    auto pos = MustRecord(counter);
    EXPECT_EQ(pos.decision, RecordDecision::kJoined) << pos.rule;
    EXPECT_EQ(pos.person, web.person);
    EXPECT_EQ(pos.rule, "verified_phone");
    EXPECT_FALSE(pos.review);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_persons"), 1);
    // Stored in their normalised written form.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_records WHERE phone = '010-1234-5678'"), 2);
}

// The sole-holder rule (docs/identity.md): a number typed at a counter without a name belongs to
// the one named person that holds it, when only one does.
TEST_P(ProfileTest, ANamelessNumberJoinsItsOneNamedHolderButNotOneOfTwo) {
    auto member_in = AtShop(RecordSource::kMember, "mbr_1");
    member_in.name = "김민준";
    member_in.phone = "010-2222-3333";  // not verified: a membership form
    auto member = MustRecord(member_in);
    auto counter_in = RecordInput{.merchant = other_, .source = RecordSource::kPos, .source_ref = "pos_1"};
    counter_in.phone = "01022223333";
    auto counter = MustRecord(counter_in);
    EXPECT_EQ(counter.decision, RecordDecision::kJoined) << counter.rule;
    EXPECT_EQ(counter.person, member.person);
    EXPECT_EQ(counter.rule, "sole_holder");
    EXPECT_FALSE(counter.review);

    // A number two named people give (a household's): a nameless record is neither's.
    auto a_in = AtShop(RecordSource::kMember, "mbr_2");
    a_in.name = "박서연";
    a_in.phone = "010-4444-5555";
    auto b_in = AtShop(RecordSource::kMember, "mbr_3");
    b_in.name = "박지호";
    b_in.phone = "010-4444-5555";
    auto a = MustRecord(a_in);
    auto b = MustRecord(b_in);
    ASSERT_NE(a.person, b.person);
    auto shared_in = RecordInput{.merchant = other_, .source = RecordSource::kPos, .source_ref = "pos_2"};
    shared_in.phone = "010 4444 5555";
    auto shared = MustRecord(shared_in);
    EXPECT_EQ(shared.decision, RecordDecision::kNew) << shared.rule;
    EXPECT_NE(shared.person, a.person);
    EXPECT_NE(shared.person, b.person);
    EXPECT_TRUE(shared.review);  // both are possible: a person decides

    // A guard still holds: a birth date that disagrees is someone else.
    auto born_in = RecordInput{.merchant = other_, .source = RecordSource::kPos, .source_ref = "pos_3"};
    born_in.birth_date = "1999-01-02";
    auto holder_in = AtShop(RecordSource::kMember, "mbr_4");
    holder_in.name = "이하늘";
    holder_in.phone = "010-6666-7777";
    holder_in.birth_date = "1985-03-07";
    MustRecord(holder_in);
    born_in.phone = "010-6666-7777";
    auto born = MustRecord(born_in);
    EXPECT_EQ(born.decision, RecordDecision::kNew) << born.rule;
}

TEST_P(ProfileTest, ANumberTypedIntoAWebFormDrawsNoNamelessSalesToIt) {
    // Anyone can type a number into a sign-up form: unverified, it is a claim, not its holder's mark.
    auto claim = Web("usr_1", "김민준", "010-2222-3333");
    claim.phone_verified = false;
    auto web = MustRecord(claim);
    auto counter_in = AtShop(RecordSource::kPos, "pos_1");
    counter_in.phone = "01022223333";
    auto counter = MustRecord(counter_in);
    EXPECT_EQ(counter.decision, RecordDecision::kNew) << counter.rule;
    EXPECT_NE(counter.person, web.person);
    EXPECT_TRUE(counter.review);  // a person may still decide they are one

    // Nor does such a record take in the nameless persons of the number.
    auto lone_in = AtShop(RecordSource::kPos, "pos_2");
    lone_in.phone = "010-8888-9999";
    auto lone = MustRecord(lone_in);
    auto late = Web("usr_2", "박서연", "010-8888-9999");
    late.phone_verified = false;
    auto second = MustRecord(late);
    EXPECT_NE(second.person, lone.person);
    EXPECT_TRUE(second.absorbed.empty());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_merges"), 0);
}

TEST_P(ProfileTest, ANamedRecordTakesInTheNamelessHoldersOfItsNumber) {
    // First the number alone, at two counters, and a purchase at one of them.
    auto first_in = AtShop(RecordSource::kPos, "pos_1");
    first_in.phone = "010-2222-3333";
    auto first = MustRecord(first_in);
    EXPECT_EQ(first.decision, RecordDecision::kNew);
    MustBuy(shop_, first.person, 12'000, 1);

    // Then a named record with that number and nothing stronger: it joins the nameless person.
    auto member_in = AtShop(RecordSource::kMember, "mbr_1");
    member_in.name = "김민준";
    member_in.phone = "01022223333";
    member_in.card_no = "C-1";
    auto member = MustRecord(member_in);
    EXPECT_EQ(member.decision, RecordDecision::kJoined) << member.rule;
    EXPECT_EQ(member.rule, "sole_holder");
    EXPECT_EQ(member.person, first.person);

    // A nameless number held by nobody named yet, then a record that joins a person by its card
    // and names the number: the nameless person is merged into that person, with the evidence.
    auto lone_in = RecordInput{.merchant = other_, .source = RecordSource::kPos, .source_ref = "pos_2"};
    lone_in.phone = "010-8888-9999";
    auto lone = MustRecord(lone_in);
    EXPECT_EQ(lone.decision, RecordDecision::kNew);
    auto again_in = AtShop(RecordSource::kMember, "mbr_2");
    again_in.name = "김민준";
    again_in.card_no = "C-1";  // the same card at the same shop: the member above
    again_in.phone = "010-8888-9999";
    auto again = MustRecord(again_in);
    EXPECT_EQ(again.decision, RecordDecision::kJoined) << again.rule;
    EXPECT_EQ(again.person, member.person);
    ASSERT_EQ(again.absorbed.size(), 1u);
    EXPECT_EQ(again.absorbed[0], lone.person);
    EXPECT_EQ(PersonOf(lone.record), member.person.key());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_merges WHERE merged_person = $1 AND actor = 'system'",
                       {lone.person.key()}),
              1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_persons WHERE status = 'active'"), 1);
    // The merge is undone like any other: the nameless person comes back with its record.
    auto merges = profiles_->MergesOf(member.person);
    ASSERT_TRUE(merges.ok());
    ASSERT_EQ(merges->size(), 1u);
    auto undone = profiles_->Unmerge((*merges)[0].id, "owner");
    ASSERT_TRUE(undone.ok()) << undone.error().message;
    EXPECT_EQ(PersonOf(lone.record), lone.person.key());
}

TEST_P(ProfileTest, AReusedNumberWithAnotherNameAndBirthDateIsAnotherPerson) {
    auto web = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    auto counter = AtShop(RecordSource::kMember, "mbr_1");
    counter.name = "박서연";
    counter.phone = "010 1234 5678";
    counter.birth_date = "1999.1.2";
    auto member = MustRecord(counter);
    EXPECT_EQ(member.decision, RecordDecision::kNew);
    EXPECT_NE(member.person, web.person);
    EXPECT_FALSE(member.review);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_reviews"), 0);
}

TEST_P(ProfileTest, TwoPeopleOfOneHouseholdStayApart) {
    auto a = Web("usr_1", "김민준", "010-1111-2222");
    a.address = "부산광역시 수영구 광안해변로 219, 101동 1203호";
    a.postal_code = "48303";
    auto b = Web("usr_2", "김민서", "010-3333-4444");
    b.address = "부산 수영구 광안해변로219";
    b.postal_code = "48303";
    auto first = MustRecord(a);
    auto second = MustRecord(b);
    EXPECT_EQ(second.decision, RecordDecision::kNew) << second.rule;
    EXPECT_NE(second.person, first.person);
    EXPECT_FALSE(second.review);
}

TEST_P(ProfileTest, ARecordThatIsTwoPersonsJoinsOneAndPutsTheOtherUpForReview) {
    auto web = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    auto member_in = AtShop(RecordSource::kMember, "mbr_1");
    member_in.name = "정하늘";
    member_in.card_no = "1001";
    auto member = MustRecord(member_in);
    ASSERT_NE(member.person, web.person);
    // The member's card and the web account's verified number, at one counter: both say "same".
    auto sale = AtShop(RecordSource::kPos, "pos_1");
    sale.card_no = "1001";
    sale.phone = "010-1234-5678";
    auto both = MustRecord(sale);
    EXPECT_EQ(both.decision, RecordDecision::kJoined);
    ASSERT_TRUE(both.review);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_persons WHERE status = 'active'"), 2);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_merges"), 0);
    auto open = profiles_->OpenReviews(std::nullopt, 10);
    ASSERT_TRUE(open.ok());
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].person_b, both.person);
    EXPECT_NE((*open)[0].person_a, both.person);
}

TEST_P(ProfileTest, TheSameSourceRecordTwiceChangesNothing) {
    auto input = Web("usr_1", "김민준", "010-1234-5678", "1985-03-07");
    auto first = MustRecord(input);
    ProfileCounts before = Counts();
    auto second = MustRecord(input);
    EXPECT_EQ(second.decision, RecordDecision::kExisting);
    EXPECT_EQ(second.record, first.record);
    EXPECT_EQ(second.person, first.person);
    EXPECT_EQ(Counts(), before);
}

TEST_P(ProfileTest, BadInputIsRefusedAndChangesNothing) {
    ProfileCounts before = Counts();
    auto bad_phone = Web("usr_1", "김민준", "02-123");
    auto r = profiles_->Record(bad_phone);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "invalid_record");
    auto huge = Web("usr_2", std::string(10 * 1024 * 1024, 'a'), "010-1234-5678");
    r = profiles_->Record(huge);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "invalid_record");
    auto empty = AtShop(RecordSource::kPos, "pos_1");
    r = profiles_->Record(empty);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "nothing_to_identify");
    EXPECT_EQ(Counts(), before);
}

TEST_P(ProfileTest, APossibleMatchOpensOneReviewAndSameMergesIt) {
    auto web = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    auto line = AtShop(RecordSource::kImport, "ledger:1");
    line.name = "김 민준";
    line.birth_date = "85.3.7";
    auto imported = MustRecord(line);
    EXPECT_EQ(imported.decision, RecordDecision::kNew) << imported.rule;
    ASSERT_TRUE(imported.review);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_reviews"), 1);
    // The web account's person is the shop's customer, so the shop may see the review
    // (WebRecordsAreInAMerchantsQueueOnlyWhenThePersonIsItsCustomer has the rule's other cases).
    MustBuy(shop_, web.person, 1'000, 0);

    auto open = profiles_->OpenReviews(shop_, 10);
    ASSERT_TRUE(open.ok());
    ASSERT_EQ(open->size(), 1u);
    EXPECT_NE((*open)[0].evidence.find("\"birth\""), std::string::npos) << (*open)[0].evidence;
    EXPECT_NE((*open)[0].evidence.find("\"given\""), std::string::npos);
    // Another merchant sees no review of this one's records, and cannot decide it.
    auto theirs = profiles_->OpenReviews(other_, 10);
    ASSERT_TRUE(theirs.ok());
    EXPECT_TRUE(theirs->empty());
    auto refused = profiles_->Decide(*imported.review, ReviewState::kSame, "usr_x", other_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, "review_not_found");

    auto decided = profiles_->Decide(*imported.review, ReviewState::kSame, minsu_.ToString(), shop_);
    ASSERT_TRUE(decided.ok()) << decided.error().message;
    ASSERT_TRUE(decided->merge);
    EXPECT_EQ(PersonOf(imported.record), PersonOf(web.record));
    EXPECT_NE(decided->merge->evidence.find(imported.review->ToString()), std::string::npos);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_reviews WHERE state = 'open'"), 0);
    auto again = profiles_->Decide(*imported.review, ReviewState::kDifferent, "usr_x");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().reason, "review_decided");
}

TEST_P(ProfileTest, DifferentIsNeverProposedAgain) {
    auto web = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    auto member = AtShop(RecordSource::kMember, "mbr_1");
    member.name = "김민준";
    member.birth_date = "1985-03-07";
    member.card_no = "1001";
    auto first = MustRecord(member);
    ASSERT_TRUE(first.review);
    auto decided = profiles_->Decide(*first.review, ReviewState::kDifferent, "usr_x");
    ASSERT_TRUE(decided.ok()) << decided.error().message;
    EXPECT_FALSE(decided->merge);

    // The same card at the counter joins the member, and is as possible a match with the web account
    // as the member was: the pair was decided, so nothing is opened.
    auto sale = AtShop(RecordSource::kPos, "pos_1");
    sale.name = "김민준";
    sale.birth_date = "1985-03-07";
    sale.card_no = "1001";
    auto joined = MustRecord(sale);
    EXPECT_EQ(joined.decision, RecordDecision::kJoined);
    EXPECT_EQ(joined.person, first.person);
    EXPECT_FALSE(joined.review);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_reviews"), 1);
    EXPECT_NE(PersonOf(web.record), first.person.key());

    // The same name and birth date without the card is a person of its own, possibly either: reviews
    // open for the pairs nobody decided.
    auto line = AtShop(RecordSource::kImport, "ledger:1");
    line.name = "김민준";
    line.birth_date = "1985-03-07";
    auto imported = MustRecord(line);
    EXPECT_TRUE(imported.review);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_reviews WHERE person_b = $1 AND person_a = $2",
                       {imported.person.key(), PersonOf(web.record)}),
              1);
}

TEST_P(ProfileTest, MergeThenUnmergeGivesBackEveryRecordAndTheTotals) {
    auto a = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    auto a_pos = AtShop(RecordSource::kPos, "pos_1");
    a_pos.phone = "010-1234-5678";
    auto a2 = MustRecord(a_pos);
    ASSERT_EQ(a2.person, a.person);
    auto b_in = AtShop(RecordSource::kMember, "mbr_1");
    b_in.name = "이서연";
    b_in.card_no = "2002";
    auto b = MustRecord(b_in);
    ASSERT_NE(b.person, a.person);

    MustBuy(shop_, a.person, 10'000, 1);
    MustBuy(shop_, a.person, 5'000, 3);
    MustBuy(shop_, a.person, -2'000, 4);
    MustBuy(shop_, b.person, 30'000, 2, "2002");
    MustBuy(other_, b.person, 7'000, 5);

    auto merged = profiles_->Merge(a.person, b.person, minsu_.ToString());
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    EXPECT_EQ(merged->moved_records.size(), 1u);
    EXPECT_EQ(PersonOf(b.record), a.person.key());
    auto view = profiles_->Person360(shop_, a.person);
    ASSERT_TRUE(view.ok()) << view.error().message;
    EXPECT_EQ(view->relationship.purchases, 3);
    EXPECT_EQ(view->relationship.total_won, 43'000);
    EXPECT_EQ(view->relationship.card_no, "2002");
    EXPECT_EQ(view->relationship.first_purchase, start_ + std::chrono::hours(24));
    EXPECT_EQ(view->relationship.last_purchase, start_ + std::chrono::hours(24 * 3));
    EXPECT_EQ(view->records.size(), 3u);
    // The merged person answers for the person that took it.
    auto via_old = profiles_->Person360(shop_, b.person);
    ASSERT_TRUE(via_old.ok());
    EXPECT_EQ(via_old->person, a.person);
    // The other merchant knew only the merged person, and now sees its relationship on the kept one.
    auto other_view = profiles_->Person360(other_, a.person);
    ASSERT_TRUE(other_view.ok());
    EXPECT_EQ(other_view->relationship.total_won, 7'000);

    auto undone = profiles_->Unmerge(merged->merge, admin_.ToString());
    ASSERT_TRUE(undone.ok()) << undone.error().message;
    EXPECT_EQ(undone->moved_back.size(), 1u);
    EXPECT_EQ(PersonOf(b.record), b.person.key());
    EXPECT_EQ(PersonOf(a.record), a.person.key());
    EXPECT_EQ(PersonOf(a2.record), a.person.key());
    auto a_view = profiles_->Person360(shop_, a.person);
    ASSERT_TRUE(a_view.ok());
    EXPECT_EQ(a_view->relationship.purchases, 2);
    EXPECT_EQ(a_view->relationship.total_won, 13'000);
    EXPECT_EQ(a_view->relationship.card_no, "");
    auto b_view = profiles_->Person360(shop_, b.person);
    ASSERT_TRUE(b_view.ok());
    EXPECT_EQ(b_view->person, b.person);
    EXPECT_EQ(b_view->relationship.purchases, 1);
    EXPECT_EQ(b_view->relationship.total_won, 30'000);
    EXPECT_EQ(b_view->relationship.card_no, "2002");
    auto gone = profiles_->Person360(other_, a.person);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().reason, "person_not_found");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_relationships"), 3);

    ProfileCounts before = Counts();
    auto twice = profiles_->Unmerge(merged->merge, admin_.ToString());
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().reason, "merge_undone");
    auto unknown = profiles_->Unmerge(customers::MergeId(12345), admin_.ToString());
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().reason, "merge_not_found");
    EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(Counts(), before);
}

TEST_P(ProfileTest, APurchaseIsRecordedOnceByItsRefAndTheHistoryFollowsMerges) {
    auto a = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    auto b_in = AtShop(RecordSource::kMember, "mbr_1");
    b_in.name = "이서연";
    b_in.card_no = "2002";
    auto b = MustRecord(b_in);
    MustBuy(shop_, a.person, 10'000, 1);
    MustBuy(shop_, b.person, 30'000, 2);
    // The same sale again (a retried sync) is not counted twice.
    auto again = db().Write([&](store::Tx& tx) {
        return profiles_->RecordPurchaseInTx(tx, shop_, a.person, 10'000, start_ + std::chrono::hours(24),
                                             "pos_sale:test_1");
    });
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_FALSE(*again);
    // The same ref at another merchant is another purchase.
    MustBuy(other_, a.person, 4'000, 3);
    auto other_same_ref = db().Write([&](store::Tx& tx) {
        return profiles_->RecordPurchaseInTx(tx, other_, a.person, 1'000, start_, "pos_sale:test_1");
    });
    ASSERT_TRUE(other_same_ref.ok());
    EXPECT_TRUE(*other_same_ref);
    auto view = profiles_->Person360(shop_, a.person);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->relationship.purchases, 1);
    EXPECT_EQ(view->relationship.total_won, 10'000);

    for (std::string_view bad : {std::string_view(""), std::string_view(std::string(201, 'r'))}) {
        ProfileCounts before = Counts();
        auto refused = db().Write(
            [&](store::Tx& tx) { return profiles_->RecordPurchaseInTx(tx, shop_, a.person, 1'000, start_, bad); });
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.error().reason, "invalid_ref");
        EXPECT_EQ(Counts(), before);
    }

    auto merged = profiles_->Merge(a.person, b.person, minsu_.ToString());
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    auto history = profiles_->History(shop_, b.person, {.limit = 10});
    ASSERT_TRUE(history.ok()) << history.error().message;
    ASSERT_EQ(history->events.size(), 2u);  // newest first, both sides of the merge
    EXPECT_EQ(history->events[0].ref, "pos_sale:test_2");
    EXPECT_EQ(history->events[0].amount_won, 30'000);
    EXPECT_EQ(history->events[1].ref, "pos_sale:test_1");
    EXPECT_FALSE(history->next_cursor);
    auto older = profiles_->History(shop_, a.person, {.limit = 10, .before = start_ + std::chrono::hours(48)});
    ASSERT_TRUE(older.ok());
    ASSERT_EQ(older->events.size(), 1u);
    EXPECT_EQ(older->events[0].ref, "pos_sale:test_1");
    // Another merchant reads its own history only; one without a relationship reads nothing.
    auto theirs = profiles_->History(other_, a.person, {.limit = 10});
    ASSERT_TRUE(theirs.ok());
    EXPECT_EQ(theirs->events.size(), 2u);
    auto stranger = profiles_->History(platform::MerchantId(987654), a.person, {.limit = 10});
    ASSERT_FALSE(stranger.ok());
    EXPECT_EQ(stranger.error().reason, "person_not_found");
    auto bad_limit = profiles_->History(shop_, a.person, {.limit = 0});
    ASSERT_FALSE(bad_limit.ok());
    EXPECT_EQ(bad_limit.error().reason, "invalid_limit");
}

TEST_P(ProfileTest, TheHistoryPagesByTimeAndEntrySoThatNoEntryOfOneInstantIsSkipped) {
    auto counter = AtShop(RecordSource::kPos, "pos_1");
    counter.phone = "010-1234-5678";
    const PersonId person = MustRecord(counter).person;
    // Five sales of one instant (a batch synced from a counter stamps them alike), one before and one after.
    const core::TimePoint instant = start_ + std::chrono::hours(24);
    auto buy = [&](std::string ref, core::TimePoint at) {
        auto st =
            db().Write([&](store::Tx& tx) { return profiles_->RecordPurchaseInTx(tx, shop_, person, 1'000, at, ref); });
        ASSERT_TRUE(st.ok() && *st) << ref;
    };
    buy("pos_sale:older", instant - std::chrono::hours(1));
    for (int i = 1; i <= 5; ++i) buy("pos_sale:same_" + std::to_string(i), instant);
    buy("pos_sale:newer", instant + std::chrono::hours(1));

    for (int limit : {1, 2, 3}) {
        SCOPED_TRACE("limit " + std::to_string(limit));
        std::vector<std::string> refs;
        std::optional<std::string> cursor;
        for (int page = 0; page < 20; ++page) {
            auto got = profiles_->History(shop_, person, {.limit = limit, .cursor = cursor});
            ASSERT_TRUE(got.ok()) << got.error().message;
            for (const auto& e : got->events) refs.push_back(e.ref);
            if (!got->next_cursor) break;
            EXPECT_EQ(got->events.size(), static_cast<std::size_t>(limit)) << "only the last page is short";
            cursor = got->next_cursor;
        }
        ASSERT_EQ(refs.size(), 7u);
        EXPECT_EQ(refs.front(), "pos_sale:newer");
        EXPECT_EQ(refs.back(), "pos_sale:older");
        std::vector<std::string> sorted = refs;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "every entry exactly once";
    }

    // A time is a start point: the entries strictly before it, and a cursor for the rest.
    auto before = profiles_->History(shop_, person, {.limit = 3, .before = instant});
    ASSERT_TRUE(before.ok());
    ASSERT_EQ(before->events.size(), 1u);
    EXPECT_EQ(before->events[0].ref, "pos_sale:older");
    EXPECT_FALSE(before->next_cursor);
    auto from_instant = profiles_->History(shop_, person, {.limit = 4, .before = instant + std::chrono::seconds(1)});
    ASSERT_TRUE(from_instant.ok());
    ASSERT_EQ(from_instant->events.size(), 4u);
    ASSERT_TRUE(from_instant->next_cursor);
    auto rest = profiles_->History(shop_, person, {.limit = 4, .cursor = from_instant->next_cursor});
    ASSERT_TRUE(rest.ok());
    ASSERT_EQ(rest->events.size(), 2u);
    EXPECT_EQ(rest->events[1].ref, "pos_sale:older");

    for (std::string bad : {"garbage", "1.x", "-5.3", "5", ".7", "1795000000000000.-1"}) {
        auto refused = profiles_->History(shop_, person, {.limit = 2, .cursor = bad});
        ASSERT_FALSE(refused.ok()) << bad;
        EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument) << bad;
        EXPECT_EQ(refused.error().reason, "bad_cursor") << bad;
    }
    auto both = profiles_->History(shop_, person, {.limit = 2, .cursor = from_instant->next_cursor, .before = instant});
    ASSERT_FALSE(both.ok());
    EXPECT_EQ(both.error().reason, "bad_cursor");
}

TEST_P(ProfileTest, PointsAndConsentsFollowAMergeAndComeBackWithTheUnmerge) {
    customers::PointService points(db(), clock_, random_);
    customers::ConsentService consents(db(), clock_, random_);
    ASSERT_TRUE(points.SetPolicy(shop_, {.earn_bp = 1000, .expiry_days = 0, .min_redeem = 0}).ok());
    auto a = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    auto b_in = AtShop(RecordSource::kMember, "mbr_1");
    b_in.name = "이서연";
    b_in.card_no = "2002";
    auto b = MustRecord(b_in);
    MustBuy(shop_, a.person, 10'000, 1);
    MustBuy(shop_, b.person, 30'000, 2);
    auto earn = [&](PersonId p, std::int64_t won, std::string ref) {
        auto e = db().Write([&](store::Tx& tx) { return points.EarnInTx(tx, shop_, p, won, ref); });
        ASSERT_TRUE(e.ok()) << e.error().message;
    };
    earn(a.person, 10'000, "pos_sale:a1");  // 1,000 points
    earn(b.person, 30'000, "pos_sale:b1");  // 3,000 points
    auto consent = [&](PersonId p, customers::ConsentPurpose purpose, bool granted) {
        auto r = consents.Record({.person = p,
                                  .merchant = shop_,
                                  .changes = {{purpose, granted, "consent-2026-11"}},
                                  .channel = customers::ConsentChannel::kPos,
                                  .source = "self"});
        ASSERT_TRUE(r.ok()) << r.error().message;
    };
    consent(b.person, customers::ConsentPurpose::kMarketingSms, true);
    consent(a.person, customers::ConsentPurpose::kMarketingSms, true);
    clock_.Advance(std::chrono::minutes(1));
    consent(b.person, customers::ConsentPurpose::kMarketingSms, false);  // the newer choice: withdrawn
    consent(b.person, customers::ConsentPurpose::kMarketingEmail, true);

    auto merged = profiles_->Merge(a.person, b.person, minsu_.ToString());
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    auto together = points.Balance(shop_, a.person);
    ASSERT_TRUE(together.ok());
    EXPECT_EQ(together->balance, 4'000);
    auto now = consents.Current(a.person, shop_);
    ASSERT_TRUE(now.ok());
    auto state = [](const std::array<customers::ConsentState, 5>& all, customers::ConsentPurpose p) {
        for (const auto& s : all) {
            if (s.purpose == p) return s.granted;
        }
        return false;
    };
    EXPECT_FALSE(state(*now, customers::ConsentPurpose::kMarketingSms));  // a withdrawal is never lost
    EXPECT_TRUE(state(*now, customers::ConsentPurpose::kMarketingEmail));

    // While one, the person spends 3,500: the kept person's 1,000 and 2,500 of the merged person's.
    auto spent =
        db().Write([&](store::Tx& tx) { return points.RedeemInTx(tx, shop_, a.person, 3'500, "pos_sale:a2"); });
    ASSERT_TRUE(spent.ok()) << spent.error().message;

    auto undone = profiles_->Unmerge(merged->merge, admin_.ToString());
    ASSERT_TRUE(undone.ok()) << undone.error().message;
    // The merged person gets its 3,000 back; the kept person had nothing left to charge, so its
    // 2,500 overdraft is written off and its balance is 0, not below.
    auto a_points = points.Balance(shop_, a.person);
    auto b_points = points.Balance(shop_, b.person);
    ASSERT_TRUE(a_points.ok() && b_points.ok());
    EXPECT_EQ(a_points->balance, 0);
    EXPECT_EQ(b_points->balance, 3'000);
    // On both sides the ledger sums to what is left of the credits.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM (SELECT person_id FROM customers_point_entries GROUP BY person_id"
                       " HAVING sum(delta) <> sum(remaining)) x"),
              0);
    auto b_spends = db().Write([&](store::Tx& tx) { return points.RedeemInTx(tx, shop_, b.person, 3'000, "b2"); });
    EXPECT_TRUE(b_spends.ok());
    // The kept person's consents are what it chose itself again; the merged person's are its own.
    auto a_now = consents.Current(a.person, shop_);
    auto b_now = consents.Current(b.person, shop_);
    ASSERT_TRUE(a_now.ok() && b_now.ok());
    EXPECT_TRUE(state(*a_now, customers::ConsentPurpose::kMarketingSms));
    EXPECT_FALSE(state(*a_now, customers::ConsentPurpose::kMarketingEmail));
    EXPECT_FALSE(state(*b_now, customers::ConsentPurpose::kMarketingSms));
    EXPECT_TRUE(state(*b_now, customers::ConsentPurpose::kMarketingEmail));
}

TEST_P(ProfileTest, AnUnmergeWaitsForTheLaterMergeOfTheKeptPerson) {
    auto a = MustRecord(Web("usr_1", "김민준", "010-1234-5678"));
    auto b = MustRecord(Web("usr_2", "이서연", "010-9999-8888"));
    auto c = MustRecord(Web("usr_3", "박지훈", "010-7777-6666"));
    auto first = profiles_->Merge(a.person, b.person, "system");
    ASSERT_TRUE(first.ok());
    auto second = profiles_->Merge(c.person, a.person, "system");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(PersonOf(b.record), c.person.key());
    auto early = profiles_->Unmerge(first->merge, "system");
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().reason, "kept_person_merged");
    ASSERT_TRUE(profiles_->Unmerge(second->merge, "system").ok());
    ASSERT_TRUE(profiles_->Unmerge(first->merge, "system").ok());
    EXPECT_EQ(PersonOf(a.record), a.person.key());
    EXPECT_EQ(PersonOf(b.record), b.person.key());
    EXPECT_EQ(PersonOf(c.record), c.person.key());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_persons WHERE status = 'active'"), 3);
}

TEST_P(ProfileTest, OpenReviewsArePagedByTheLastIdSeen) {
    MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    for (int i = 1; i <= 3; ++i) {
        auto line = AtShop(RecordSource::kImport, "ledger:" + std::to_string(i));
        line.name = "김민준";
        line.birth_date = "1985-03-07";
        line.address = "부산 해운대구 센텀중앙로 " + std::to_string(i * 10);
        MustRecord(line);
    }
    std::int64_t open = QueryInt("SELECT count(*) FROM customers_reviews WHERE state = 'open'");
    ASSERT_GE(open, 3);
    std::vector<std::string> seen;
    std::optional<customers::ReviewId> after;
    for (int page = 0; page < 10; ++page) {
        auto got = profiles_->OpenReviews(std::nullopt, 2, after);
        ASSERT_TRUE(got.ok());
        if (got->empty()) break;
        for (const auto& r : *got) seen.push_back(r.id.ToString());
        after = got->back().id;
    }
    EXPECT_EQ(static_cast<std::int64_t>(seen.size()), open);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end(), [](const std::string& x, const std::string& y) {
        return customers::ReviewId::Parse(x)->key() < customers::ReviewId::Parse(y)->key();
    }));
}

TEST_P(ProfileTest, WebRecordsAreInAMerchantsQueueOnlyWhenThePersonIsItsCustomer) {
    // Six web accounts, each possibly the same person as a line of the shop's old ledger (the name
    // written with a blank, the birth date another way): six reviews of a web record and the shop's.
    const std::vector<std::string> names{"김민준", "김서연", "김지훈", "김하늘", "김도윤", "김수아"};
    std::vector<PersonId> web;
    std::vector<customers::ReviewId> reviews;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string year = std::to_string(1981 + i);
        const std::string phone = "010-1234-567" + std::to_string(i);
        web.push_back(MustRecord(Web("usr_" + std::to_string(i), names[i], phone, year + "-03-07")).person);
        auto line = AtShop(RecordSource::kImport, "ledger:" + std::to_string(i));
        line.name = names[i].substr(0, 3) + " " + names[i].substr(3);
        line.birth_date = year.substr(2) + ".3.7";
        auto got = MustRecord(line);
        ASSERT_TRUE(got.review) << names[i] << ": " << got.rule;
        reviews.push_back(*got.review);
    }
    // Two lines of the shop's own ledger, and a line of the shop's and one of the other merchant's.
    auto own = AtShop(RecordSource::kImport, "ledger:own_1");
    own.name = "김가람";
    own.birth_date = "1990-01-02";
    MustRecord(own);
    own.source_ref = "ledger:own_2";
    own.name = "김 가람";
    own.birth_date = "90.1.2";
    auto own_pair = MustRecord(own);
    ASSERT_TRUE(own_pair.review) << own_pair.rule;
    auto mine = AtShop(RecordSource::kImport, "ledger:cross");
    mine.name = "김보라";
    mine.birth_date = "1991-02-03";
    MustRecord(mine);
    auto theirs = RecordInput{.merchant = other_,
                              .source = RecordSource::kImport,
                              .source_ref = "ledger:theirs",
                              .name = "김 보라",
                              .birth_date = "91.2.3"};
    auto cross = MustRecord(theirs);
    ASSERT_TRUE(cross.review) << cross.rule;
    ASSERT_EQ(QueryInt("SELECT count(*) FROM customers_reviews WHERE state = 'open'"), 8);

    // Persons 0, 2 and 4 have bought at the shop; 5 at the other merchant only; 1 and 3 nowhere.
    MustBuy(shop_, web[0], 1'000, 1);
    MustBuy(shop_, web[2], 1'000, 1);
    MustBuy(shop_, web[4], 1'000, 1);
    MustBuy(other_, web[5], 1'000, 1);

    auto ids_of = [](const std::vector<customers::Review>& got) {
        std::vector<std::int64_t> out;
        for (const auto& r : got) out.push_back(r.id.key());
        return out;
    };
    std::vector<std::int64_t> visible{reviews[0].key(), reviews[2].key(), reviews[4].key(), own_pair.review->key()};
    std::sort(visible.begin(), visible.end());
    auto queue = profiles_->ReviewsVisibleTo(shop_, 50);
    ASSERT_TRUE(queue.ok()) << queue.error().message;
    EXPECT_EQ(ids_of(*queue), visible);
    auto via_open = profiles_->OpenReviews(shop_, 50);
    ASSERT_TRUE(via_open.ok());
    EXPECT_EQ(ids_of(*via_open), visible);
    // Pages of one and two are full but the last: the rule is applied before the limit.
    for (std::size_t limit : {1u, 2u, 3u}) {
        std::vector<std::int64_t> seen;
        std::optional<customers::ReviewId> after;
        for (int page = 0; page < 10; ++page) {
            auto got = profiles_->ReviewsVisibleTo(shop_, limit, after);
            ASSERT_TRUE(got.ok());
            if (got->empty()) break;
            for (const auto& r : *got) seen.push_back(r.id.key());
            if (got->size() < limit) break;
            after = got->back().id;
        }
        EXPECT_EQ(seen, visible) << "limit " << limit;
    }
    auto other_queue = profiles_->ReviewsVisibleTo(other_, 50);
    ASSERT_TRUE(other_queue.ok());
    EXPECT_TRUE(other_queue->empty()) << "the other merchant's customer 5 has no record there";
    auto all = profiles_->OpenReviews(std::nullopt, 50);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 8u) << "the operator sees every review";

    // Not visible: not found, not decided, nothing changed.
    ProfileCounts before = Counts();
    for (std::size_t i : {1u, 3u, 5u}) {
        auto found = db().Read([&](store::Tx& tx) { return profiles_->FindVisibleReviewInTx(tx, shop_, reviews[i]); });
        ASSERT_FALSE(found.ok());
        EXPECT_EQ(found.error().reason, "review_not_found");
        auto decided = profiles_->Decide(reviews[i], ReviewState::kSame, minsu_.ToString(), shop_);
        ASSERT_FALSE(decided.ok());
        EXPECT_EQ(decided.error().reason, "review_not_found");
    }
    auto cross_decided = profiles_->Decide(*cross.review, ReviewState::kDifferent, minsu_.ToString(), shop_);
    ASSERT_FALSE(cross_decided.ok());
    EXPECT_EQ(cross_decided.error().reason, "review_not_found");
    EXPECT_EQ(Counts(), before);
    auto found = db().Read([&](store::Tx& tx) { return profiles_->FindVisibleReviewInTx(tx, shop_, reviews[0]); });
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(found->id, reviews[0]);

    // Once person 1 buys at the shop, its review is the shop's to see and decide.
    MustBuy(shop_, web[1], 2'000, 2);
    auto now_visible = profiles_->ReviewsVisibleTo(shop_, 50);
    ASSERT_TRUE(now_visible.ok());
    EXPECT_EQ(now_visible->size(), 5u);
    auto decided = profiles_->Decide(reviews[1], ReviewState::kDifferent, minsu_.ToString(), shop_);
    ASSERT_TRUE(decided.ok()) << decided.error().message;
    EXPECT_EQ(decided->state, ReviewState::kDifferent);
}

TEST_P(ProfileTest, RefusedMergesChangeNothing) {
    auto a = MustRecord(Web("usr_1", "김민준", "010-1234-5678"));
    auto b = MustRecord(Web("usr_2", "이서연", "010-9999-8888"));
    auto c = MustRecord(Web("usr_3", "박지훈", "010-7777-6666"));
    ASSERT_TRUE(profiles_->Merge(a.person, c.person, "system").ok());
    ProfileCounts before = Counts();
    std::int64_t merges = QueryInt("SELECT count(*) FROM customers_merges");

    auto self = profiles_->Merge(a.person, a.person, "system");
    ASSERT_FALSE(self.ok());
    EXPECT_EQ(self.error().reason, "same_person");
    auto unknown = profiles_->Merge(a.person, PersonId(4242), "system");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().reason, "person_not_found");
    EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
    auto gone = profiles_->Merge(b.person, c.person, "system");
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().reason, "person_not_active");
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_merges"), merges);
}

TEST_P(ProfileTest, AMerchantWithoutARelationshipSeesNothing) {
    auto web = MustRecord(Web("usr_1", "김민준", "010-1234-5678", "1985-03-07"));
    clock_.Advance(std::chrono::minutes(1));
    auto sale = AtShop(RecordSource::kPos, "pos_1");
    sale.phone = "010-1234-5678";
    sale.card_no = "77";
    auto pos = MustRecord(sale);
    ASSERT_EQ(pos.person, web.person);
    auto theirs =
        RecordInput{.merchant = other_, .source = RecordSource::kPos, .source_ref = "pos_2", .phone = "010-1234-5678"};
    auto other_pos = MustRecord(theirs);
    ASSERT_EQ(other_pos.person, web.person);
    MustBuy(shop_, web.person, 12'000, 1, "77");

    auto refused = profiles_->Person360(other_, web.person);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kNotFound);

    auto view = profiles_->Person360(shop_, web.person);
    ASSERT_TRUE(view.ok()) << view.error().message;
    ASSERT_EQ(view->records.size(), 2u);  // the web account and its own sale, not the other shop's
    EXPECT_EQ(view->records[0].source, RecordSource::kWeb);
    EXPECT_EQ(view->records[0].name, "김민준");
    EXPECT_EQ(view->records[1].source_ref, "pos_1");
    EXPECT_EQ(view->relationship.card_no, "77");
    EXPECT_EQ(view->relationship.purchases, 1);
}

TEST_P(ProfileTest, CandidatesAreFetchedInOneQueryHoweverManyThereAre) {
    auto queries_for = [&](const RecordInput& input) {
        int queries = -1;
        auto st = db().Write([&](store::Tx& tx) -> core::Status {
            CountingTx counting(tx);
            JANGTEO_TRY(auto out, profiles_->RecordInTx(counting, input));
            (void)out;
            queries = counting.queries;
            return {};
        });
        EXPECT_TRUE(st.ok()) << st.error().message;
        return queries;
    };
    // Warm the model cache, so that its one read does not count.
    auto warm = profiles_->CurrentModel();
    ASSERT_TRUE(warm.ok());
    int alone = queries_for(Web("usr_0", "김민준", "010-5555-0000", "1980-01-01"));
    // Thirty people of one name, born on other days: each is a candidate of the next, and refused.
    for (int i = 1; i <= 30; ++i) {
        char birth[16];
        std::snprintf(birth, sizeof birth, "1981-%02d-%02d", i % 12 + 1, i % 28 + 1);
        MustRecord(Web("usr_" + std::to_string(i), "김민준", "010-5555-" + std::to_string(1000 + i), birth));
    }
    int crowded = queries_for(Web("usr_99", "김민준", "010-5555-9999", "1990-05-05"));
    EXPECT_EQ(crowded, alone);
    EXPECT_LE(crowded, 3);  // the source record, the candidates, nothing per candidate
}

TEST_P(ProfileTest, TheModelIsSavedAndReadBack) {
    auto model = customers::DefaultProfileModel();
    model.link_weight = 30;
    ASSERT_TRUE(profiles_->SaveModel(model).ok());
    customers::ProfileService another(db(), clock_, random_);
    auto loaded = another.CurrentModel();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_DOUBLE_EQ((*loaded)->link_weight, 30);
}

JANGTEO_STORE_BACKENDS(ProfileTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
