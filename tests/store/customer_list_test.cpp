// The back office's customer list and search (ProfileService::Customers, docs/customers-api.md) on
// every backend: newest last purchase first, paged by cursor, found by number, e-mail, card and name
// prefix among the merchant's own and the platform-level records only. A common name prefix is read
// by walking the list and a rare one by collecting its persons; both must answer the same pages.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "customers/member.hpp"
#include "customers/profile.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using customers::CustomerQuery;
using customers::PersonId;
using customers::ProfileOptions;
using customers::ProfileService;
using customers::RecordInput;
using customers::RecordSource;

class CustomerListTest : public MerchantFixture {
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
        collect_.emplace(db(), clock_, random_);
        walk_.emplace(db(), clock_, random_, ProfileOptions{.common_prefix = 1});
    }

    PersonId Customer(platform::MerchantId merchant, RecordInput in, int days_ago) {
        in.merchant = merchant;
        in.source_ref = "ref-" + std::to_string(++refs_);
        auto got = collect_->Record(in);
        EXPECT_TRUE(got.ok()) << got.error().message;
        auto at = clock_.Now() - std::chrono::hours(24 * days_ago);
        auto bought = db().Write([&](store::Tx& tx) {
            return collect_->RecordPurchaseInTx(tx, merchant, got->person, 1000, at, "import:" + in.source_ref,
                                                in.card_no);
        });
        EXPECT_TRUE(bought.ok());
        return got->person;
    }

    // The persons a search finds, page by page (`limit` each), with each service.
    std::vector<std::string> Find(ProfileService& profiles, const std::string& q, int limit = 50) {
        std::vector<std::string> out;
        CustomerQuery query{.q = q, .limit = limit};
        for (int pages = 0; pages < 20; ++pages) {
            auto page = profiles.Customers(shop_, query);
            EXPECT_TRUE(page.ok()) << q << ": " << page.error().message;
            if (!page.ok()) break;
            for (const auto& item : page->items) out.push_back(item.relationship.person.ToString());
            if (!page->next_cursor) break;
            query.cursor = page->next_cursor;
        }
        return out;
    }

    std::vector<std::string> Ids(std::initializer_list<PersonId> ids) {
        std::vector<std::string> out;
        for (PersonId id : ids) out.push_back(id.ToString());
        return out;
    }

    platform::MerchantId shop_, other_;
    std::optional<ProfileService> collect_, walk_;
    int refs_ = 0;
};

TEST_P(CustomerListTest, SearchesFindOnlyWhatTheMerchantMaySeeNewestFirst) {
    PersonId minjun = Customer(shop_, {.source = RecordSource::kPos, .name = "김민준", .phone = "010-1111-0001"}, 5);
    PersonId minji = Customer(shop_, {.source = RecordSource::kMember, .name = "김 민지", .card_no = "M-77"}, 3);
    PersonId seoyeon =
        Customer(shop_, {.source = RecordSource::kImport, .name = "이서연", .email = "Seo@Example.kr"}, 1);
    // A web account with a verified number; the counter later typed only the number: one person,
    // and its web record's name is visible to the shop.
    auto web = collect_->Record({.source = RecordSource::kWeb,
                                 .source_ref = "usr_web",
                                 .name = "Kim Minsu",
                                 .phone = "010-1111-0009",
                                 .phone_verified = true});
    ASSERT_TRUE(web.ok());
    PersonId minsu = Customer(shop_, {.source = RecordSource::kPos, .phone = "010-1111-0009"}, 2);
    ASSERT_EQ(minsu, web->person);
    PersonId elsewhere =
        Customer(other_, {.source = RecordSource::kPos, .name = "김민호", .phone = "010-2222-0001"}, 0);
    (void)elsewhere;

    for (ProfileService* profiles : {&*collect_, &*walk_}) {
        SCOPED_TRACE(profiles == &*walk_ ? "walking the list" : "collecting the persons");
        EXPECT_EQ(Find(*profiles, ""), Ids({seoyeon, minsu, minji, minjun}));
        EXPECT_EQ(Find(*profiles, "", 1), Ids({seoyeon, minsu, minji, minjun})) << "page by page";
        EXPECT_EQ(Find(*profiles, "김"), Ids({minji, minjun})) << "not the other shop's 김민호";
        EXPECT_EQ(Find(*profiles, "김", 1), Ids({minji, minjun}));
        EXPECT_EQ(Find(*profiles, "김민"), Ids({minji, minjun})) << "blanks ignored";
        EXPECT_EQ(Find(*profiles, "김 민 준"), Ids({minjun}));
        EXPECT_EQ(Find(*profiles, "KIM min"), Ids({minsu})) << "the web record, any case";
        EXPECT_EQ(Find(*profiles, "M-77"), Ids({minji})) << "a card";
        EXPECT_TRUE(Find(*profiles, "김민호").empty());
        EXPECT_TRUE(Find(*profiles, "박").empty());
    }
    EXPECT_EQ(Find(*collect_, "+82 10 1111 0001"), Ids({minjun}));
    EXPECT_EQ(Find(*collect_, "01011110009"), Ids({minsu})) << "through the web record's number";
    EXPECT_EQ(Find(*collect_, "seo@EXAMPLE.kr"), Ids({seoyeon}));
    EXPECT_TRUE(Find(*collect_, "010-2222-0001").empty()) << "the other shop's customer";

    auto page = collect_->Customers(shop_, {.q = "01011110009"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].name, "Kim Minsu") << "the newest non-empty name of the visible records";
    EXPECT_EQ(page->items[0].phone, "010-1111-0009");
    EXPECT_EQ(page->items[0].relationship.purchases, 1);
}

TEST_P(CustomerListTest, BadQueriesAreRefused) {
    auto long_q = collect_->Customers(shop_, {.q = std::string(101, 'a')});
    ASSERT_FALSE(long_q.ok());
    EXPECT_EQ(long_q.error().reason, "invalid_query");
    std::string hundred_letters;
    for (int i = 0; i < 100; ++i) hundred_letters += "가";
    EXPECT_TRUE(collect_->Customers(shop_, {.q = hundred_letters}).ok()) << "characters, not bytes";
    EXPECT_FALSE(collect_->Customers(shop_, {.q = "\xff\xfe"}).ok());
    EXPECT_FALSE(collect_->Customers(shop_, {.cursor = "nonsense"}).ok());
    EXPECT_FALSE(collect_->Customers(shop_, {.limit = 0}).ok());
}

JANGTEO_STORE_BACKENDS(CustomerListTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
