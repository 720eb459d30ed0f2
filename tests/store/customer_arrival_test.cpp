// How people arrive as customers, on every backend (flows/customer_flows.hpp): a sign-up is a person at
// once, through the users' NewUserHook as the app wires it — the account's web record, resolved like
// any record, in the account's transaction; a counter sale with the account's mobile number meets it
// by the resolution rules; the first paid order finds the same record; a second sign-up with the same
// e-mail or number writes nothing; a record that cannot be made does not fail the sign-up. And a
// membership list imported again: the members carried before are found in one query and passed over,
// so nothing changes; a member new in the list, or one whose relationship lost its card, is carried
// as before; a member whose data changed is reported and left as it was.
#include <gtest/gtest.h>

#include <set>
#include <span>

#include "customers/counter.hpp"
#include "customers/member.hpp"
#include "flows/customer_flows.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using channels::SaleKind;
using channels::TenderMethod;
using customers::PersonId;

constexpr std::string_view kPassword = "바다가보이는부산항구";

struct CustomerCounts {
    std::int64_t persons = 0, records = 0, keys = 0, relationships = 0, points = 0, reviews = 0;
    bool operator==(const CustomerCounts&) const = default;
};
void PrintTo(const CustomerCounts& c, std::ostream* os) {
    *os << "{persons " << c.persons << ", records " << c.records << ", keys " << c.keys << ", relationships "
        << c.relationships << ", point entries " << c.points << ", reviews " << c.reviews << "}";
}

class CustomerArrivalTest : public MerchantFixture {
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
        profiles_.emplace(db(), clock_, random_);
        points_.emplace(db(), clock_, random_);
        member_list_.emplace(db(), clock_, random_);
        flows_.emplace(db(), *profiles_, *points_, *member_list_, *users_);
        // As app.cpp wires it.
        users_->SetNewUserHook(
            [this](store::Tx& tx, const platform::User& user) { return flows_->AccountCreatedInTx(tx, user); });
        ASSERT_TRUE(points_->SetPolicy(shop_, {.earn_bp = 100, .expiry_days = 0, .min_redeem = 100}).ok());
    }

    platform::User MustSignUp(std::string email, std::optional<std::string> mobile, std::string name) {
        auto user = users_->SignUp({std::move(email), std::move(mobile), std::move(name), std::string(kPassword)});
        EXPECT_TRUE(user.ok()) << user.error().reason << ": " << user.error().message;
        return user.ok() ? *user : platform::User{};
    }

    // The person of the account's web record, if it has one.
    std::optional<PersonId> PersonOf(platform::UserId user) {
        std::optional<PersonId> out;
        const std::string ref = user.ToString();
        auto st = db().Read([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(auto of, customers::PersonsOfRecordsInTx(tx, customers::RecordSource::kWeb,
                                                                 std::span<const std::string>(&ref, 1)));
            if (auto it = of.find(ref); it != of.end()) out = it->second;
            return {};
        });
        EXPECT_TRUE(st.ok()) << st.error().message;
        return out;
    }

    std::int64_t WebRecords(platform::UserId user) {
        return QueryInt("SELECT count(*) FROM customers_records WHERE source = 'web' AND source_ref = $1",
                        {std::string_view(user.ToString())});
    }

    channels::PosSale Sale(std::int64_t total, std::string phone) {
        channels::PosSale s;
        s.id = channels::PosSaleId::New(random_);
        s.merchant = shop_;
        s.kind = SaleKind::kSale;
        s.customer_phone = std::move(phone);
        s.total_won = total;
        s.sold_at = clock_.Now();
        s.payments = {{TenderMethod::kCard, total}};
        return s;
    }

    customers::MemberImportSummary ImportMembers(std::string_view csv, flows::CustomerFlows::MembersRecorded* out) {
        auto imported = member_list_->Import(shop_, csv, {});
        EXPECT_TRUE(imported.ok()) << imported.error().message;
        auto recorded = flows_->RecordMembers(shop_);
        EXPECT_TRUE(recorded.ok()) << recorded.error().message;
        if (out && recorded.ok()) *out = *recorded;
        return imported.ok() ? *imported : customers::MemberImportSummary{};
    }

    CustomerCounts Counts() {
        return {.persons = QueryInt("SELECT count(*) FROM customers_persons"),
                .records = QueryInt("SELECT count(*) FROM customers_records"),
                .keys = QueryInt("SELECT count(*) FROM customers_record_keys"),
                .relationships = QueryInt("SELECT count(*) FROM customers_relationships"),
                .points = QueryInt("SELECT count(*) FROM customers_point_entries"),
                .reviews = QueryInt("SELECT count(*) FROM customers_reviews")};
    }

    // The mbr_ ids among the merchant's members that MembersCarriedInTx finds carried.
    std::set<std::string> Carried() {
        std::set<std::string> out;
        auto st = db().Read([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(std::vector<customers::Member> page, member_list_->PageInTx(tx, shop_, 0, 1000));
            JANGTEO_TRY(auto carried, customers::MembersCarriedInTx(tx, shop_, page));
            for (const auto& m : page) {
                if (carried.contains(m.id.ToString())) out.insert(m.card_no);
            }
            return {};
        });
        EXPECT_TRUE(st.ok()) << st.error().message;
        return out;
    }

    std::int64_t Balance(PersonId person) {
        auto b = points_->Balance(shop_, person);
        EXPECT_TRUE(b.ok()) << b.error().message;
        return b.ok() ? b->balance : -1;
    }

    platform::MerchantId shop_;
    std::optional<customers::ProfileService> profiles_;
    std::optional<customers::PointService> points_;
    std::optional<customers::MemberStore> member_list_;
    std::optional<flows::CustomerFlows> flows_;
};

TEST_P(CustomerArrivalTest, ASignUpIsAPersonAtOnceWithTheAccountsRecord) {
    platform::User jiwoo = MustSignUp("Jiwoo@Example.kr", "010 3333 4444", "박지우");
    std::optional<PersonId> person = PersonOf(jiwoo.id);
    ASSERT_TRUE(person.has_value()) << "the sign-up made the person";
    EXPECT_EQ(WebRecords(jiwoo.id), 1);
    const std::string ref = jiwoo.id.ToString();
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_records WHERE source_ref = $1 AND merchant_id IS NULL"
                       " AND name = '박지우' AND phone = '010-3333-4444' AND email = 'jiwoo@example.kr'"
                       " AND NOT phone_verified AND NOT email_verified",
                       {std::string_view(ref)}),
              1)
        << "the account's fields as it has them, nothing verified yet";
    // A platform-level record: no merchant has it as a customer yet.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_relationships"), 0);

    // The import path (many accounts, one password hash) makes the record as well.
    auto hash = hasher_.Hash(kPassword);
    ASSERT_TRUE(hash.ok());
    auto imported = users_->CreateWithPasswordHash({"seoyeon@example.kr", std::nullopt, "이서연", ""}, *hash);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    EXPECT_TRUE(PersonOf(imported->id).has_value());

    // Signing up again with the same e-mail or number is refused, and writes no record or person.
    const CustomerCounts before = Counts();
    auto same_email = users_->SignUp({"jiwoo@example.kr", std::nullopt, "박지우", std::string(kPassword)});
    ASSERT_FALSE(same_email.ok());
    EXPECT_EQ(same_email.error().reason, "email_taken");
    auto same_mobile = users_->SignUp({"jiwoo2@example.kr", "010-3333-4444", "박지우", std::string(kPassword)});
    ASSERT_FALSE(same_mobile.ok());
    EXPECT_EQ(same_mobile.error().reason, "mobile_taken");
    EXPECT_EQ(Counts(), before);

    // The first paid order finds the same record (keyed by the usr_ id): no second one, the same person.
    orders::Order order;
    order.id = orders::OrderId::New(random_);
    order.merchant = shop_;
    order.customer = {.user = jiwoo.id, .email = jiwoo.email, .name = "박지우", .phone = "010-3333-4444"};
    order.subtotal = core::Money::Won(20'000);
    order.updated_at = clock_.Now();
    ASSERT_TRUE(db().Write([&](store::Tx& tx) { return flows_->OrderPaidInTx(tx, order); }).ok());
    EXPECT_EQ(WebRecords(jiwoo.id), 1);
    auto buyer = db().Write([&](store::Tx& tx) { return flows_->UserPersonInTx(tx, jiwoo.id); });
    ASSERT_TRUE(buyer.ok()) << buyer.error().message;
    EXPECT_EQ(*buyer, *person);
    EXPECT_EQ(Balance(*person), 200);
}

TEST_P(CustomerArrivalTest, ACounterSaleWithTheAccountsMobileMeetsItsPerson) {
    platform::User jiwoo = MustSignUp("jiwoo@example.kr", "010-3333-4444", "박지우");
    std::optional<PersonId> person = PersonOf(jiwoo.id);
    ASSERT_TRUE(person.has_value());
    auto sold = db().Write([&](store::Tx& tx) {
        auto sale = Sale(15'000, "01033334444");
        return flows_->SaleInTx(tx, sale, nullptr);
    });
    ASSERT_TRUE(sold.ok()) << sold.error().message;
    ASSERT_TRUE(sold->person.has_value());
    // The number alone, typed at a counter and verified on neither side, is not enough to join an account
    // (a reused number must never join two people): the counter's record starts a person of its own and
    // the pair waits in the review queue with its evidence, as the resolution rules say.
    EXPECT_NE(*sold->person, *person);
    EXPECT_EQ(
        QueryInt("SELECT count(*) FROM customers_reviews WHERE state = 'open' AND person_a = $1 AND person_b = $2",
                 {person->key(), sold->person->key()}),
        1);

    // A verified number joins outright. Accounts do not verify mobile numbers yet, so the record is
    // marked here as a verification would leave it.
    platform::User minjun = MustSignUp("minjun@example.kr", "010-6666-7777", "김민준");
    std::optional<PersonId> verified = PersonOf(minjun.id);
    ASSERT_TRUE(verified.has_value());
    ASSERT_EQ(QueryInt("SELECT count(*) FROM customers_records WHERE source_ref = $1",
                       {std::string_view(minjun.id.ToString())}),
              1);
    ASSERT_TRUE(db().Write([&](store::Tx& tx) -> core::Status {
                        JANGTEO_TRY(auto n, tx.Exec(store::Sql{"test.verify_phone",
                                                               "UPDATE customers_records SET phone_verified = TRUE"
                                                               " WHERE source = 'web' AND source_ref = $1"},
                                                    {std::string_view(minjun.id.ToString())}));
                        (void)n;
                        return {};
                    })
                    .ok());
    auto joined = db().Write([&](store::Tx& tx) {
        auto sale = Sale(8'000, "010-6666-7777");
        return flows_->SaleInTx(tx, sale, nullptr);
    });
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    ASSERT_TRUE(joined->person.has_value());
    EXPECT_EQ(*joined->person, *verified) << "the counter's customer is the account's person";
    EXPECT_EQ(Balance(*verified), 80);
}

TEST_P(CustomerArrivalTest, ASignUpStandsWhenItsRecordCannotBeMade) {
    // A store whose customers tables cannot take the record (here: the keys table is gone): the sign-up
    // still succeeds, and what the record had begun is rolled back with its savepoint.
    ASSERT_TRUE(db().Write([](store::Tx& tx) {
                        return tx.ExecScript("ALTER TABLE customers_record_keys RENAME TO customers_record_keys_away");
                    })
                    .ok());
    platform::User jiwoo = MustSignUp("jiwoo@example.kr", "010-3333-4444", "박지우");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_users WHERE email = 'jiwoo@example.kr'"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_records"), 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_persons"), 0);
    ASSERT_TRUE(db().Write([](store::Tx& tx) {
                        return tx.ExecScript("ALTER TABLE customers_record_keys_away RENAME TO customers_record_keys");
                    })
                    .ok());
    // The record comes later, with the first order, points or consent, as before sign-up made it.
    auto later = db().Write([&](store::Tx& tx) { return flows_->UserPersonInTx(tx, jiwoo.id); });
    ASSERT_TRUE(later.ok()) << later.error().message;
    EXPECT_EQ(PersonOf(jiwoo.id), *later);
}

constexpr std::string_view kMembers =
    "card_no,name,phone,points\r\nM-1,김민준,010-1234-5678,500\r\nM-2,이서연,010-5555-6666,0\r\n"
    "M-3,박지훈,,1200\r\n";

TEST_P(CustomerArrivalTest, AMemberListImportedAgainChangesNothing) {
    flows::CustomerFlows::MembersRecorded first, again;
    ImportMembers(kMembers, &first);
    EXPECT_EQ(first.walked, 3);
    EXPECT_EQ(first.recorded, 3);
    const CustomerCounts before = Counts();
    EXPECT_EQ(before.relationships, 3);
    EXPECT_EQ(before.points, 2) << "the legacy points of M-1 and M-3";
    EXPECT_EQ(Carried(), (std::set<std::string>{"M-1", "M-2", "M-3"}));

    customers::MemberImportSummary summary = ImportMembers(kMembers, &again);
    EXPECT_EQ(summary.already, 3);
    EXPECT_EQ(again.walked, 3);
    EXPECT_EQ(again.recorded, 0);
    EXPECT_EQ(Counts(), before);
}

TEST_P(CustomerArrivalTest, AReimportCarriesOnlyWhatIsNotCarriedYet) {
    ImportMembers(kMembers, nullptr);
    const std::string m1 = "M-1";
    // The merchant cleared M-1's card on its relationship since: the import puts it back, as it always has.
    ASSERT_TRUE(db().Write([&](store::Tx& tx) -> core::Status {
                        JANGTEO_TRY(auto n, tx.Exec(store::Sql{"test.clear_card",
                                                               "UPDATE customers_relationships SET card_no = ''"
                                                               " WHERE card_no = $1"},
                                                    {std::string_view(m1)}));
                        return n == 1 ? core::Status() : core::Error::Internal("test", "no such card");
                    })
                    .ok());
    EXPECT_EQ(Carried(), (std::set<std::string>{"M-2", "M-3"}));
    const CustomerCounts before = Counts();

    // The list again, with M-2's points changed (reported, left as it was) and a new member M-4.
    flows::CustomerFlows::MembersRecorded recorded;
    customers::MemberImportSummary summary = ImportMembers(
        "card_no,name,phone,points\r\nM-1,김민준,010-1234-5678,500\r\nM-2,이서연,010-5555-6666,300\r\n"
        "M-3,박지훈,,1200\r\nM-4,최예준,010-7777-8888,80\r\n",
        &recorded);
    EXPECT_EQ(summary.imported, 1);
    EXPECT_EQ(summary.already, 2);
    EXPECT_EQ(summary.changed, 1);
    EXPECT_EQ(recorded.walked, 4);
    EXPECT_EQ(recorded.recorded, 1) << "M-4's record";
    CustomerCounts after = Counts();
    EXPECT_EQ(after.records, before.records + 1);
    EXPECT_EQ(after.relationships, before.relationships + 1);
    EXPECT_EQ(after.points, before.points + 1) << "M-4's 80 points; nothing for the changed M-2";
    EXPECT_EQ(QueryInt("SELECT points FROM customers_members WHERE card_no = 'M-2'"), 0) << "left as it was";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_point_entries WHERE ref LIKE 'import:%' AND delta = 300"), 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_relationships WHERE card_no = 'M-1'"), 1) << "put back";
    EXPECT_EQ(Carried(), (std::set<std::string>{"M-1", "M-2", "M-3", "M-4"}));
}

JANGTEO_STORE_BACKENDS(CustomerArrivalTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
