// Consents on every backend: nothing is granted until a change says so; a grant and a withdrawal are
// rows with their text version, channel and source, and the state is the latest change per purpose;
// repeating the state writes nothing; bad input changes nothing; marketing at night needs the night
// consent too; one merchant's consents say nothing about another's.
#include "customers/consent.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "customers/member.hpp"
#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using customers::ConsentChannel;
using customers::ConsentPurpose;
using customers::MessageChannel;

class ConsentTest : public MerchantFixture {
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
        consents_.emplace(db(), clock_, random_);
    }

    customers::ConsentInput Input(std::vector<customers::ConsentChange> changes,
                                  ConsentChannel channel = ConsentChannel::kWeb) {
        return {
            .person = person_, .merchant = shop_, .changes = std::move(changes), .channel = channel, .source = "self"};
    }

    bool Granted(ConsentPurpose purpose, platform::MerchantId merchant) {
        auto now = consents_->Current(person_, merchant);
        EXPECT_TRUE(now.ok()) << now.error().message;
        return now.ok() && (*now)[static_cast<std::size_t>(purpose)].granted;
    }

    // 12:00 and 22:00 in Korea on some day.
    core::TimePoint Noon() const { return core::FromUnixMicros(1'794'970'800'000'000); }
    core::TimePoint TenAtNight() const { return Noon() + std::chrono::hours(10); }

    customers::PersonId person_{4242};
    platform::MerchantId shop_, other_;
    std::optional<customers::ConsentService> consents_;
};

TEST_P(ConsentTest, NothingIsGrantedUntilAChangeSaysSo) {
    auto now = consents_->Current(person_, shop_);
    ASSERT_TRUE(now.ok()) << now.error().message;
    for (const auto& s : *now) {
        EXPECT_FALSE(s.granted) << customers::ConsentPurposeName(s.purpose);
        EXPECT_FALSE(s.last.has_value());
    }
    auto may = consents_->MaySend(person_, shop_, MessageChannel::kSms, Noon());
    ASSERT_TRUE(may.ok());
    EXPECT_FALSE(*may);
}

TEST_P(ConsentTest, AGrantAndAWithdrawalAreKeptAndTheLatestCounts) {
    auto granted = consents_->Record(Input({{ConsentPurpose::kMarketingSms, true, "marketing-2026-11"},
                                            {ConsentPurpose::kThirdParty, true, "provision-2026-11"}},
                                           ConsentChannel::kPos));
    ASSERT_TRUE(granted.ok()) << granted.error().message;
    ASSERT_EQ(granted->size(), 2u);
    EXPECT_EQ((*granted)[0].channel, ConsentChannel::kPos);
    EXPECT_TRUE(Granted(ConsentPurpose::kMarketingSms, shop_));
    EXPECT_TRUE(Granted(ConsentPurpose::kThirdParty, shop_));
    EXPECT_FALSE(Granted(ConsentPurpose::kMarketingEmail, shop_));
    EXPECT_FALSE(Granted(ConsentPurpose::kMarketingSms, other_)) << "another merchant's consents are its own";
    auto may = consents_->MaySend(person_, shop_, MessageChannel::kSms, Noon());
    ASSERT_TRUE(may.ok());
    EXPECT_TRUE(*may);

    // The same grant again writes nothing; a new text version is a new row.
    auto again = consents_->Record(Input({{ConsentPurpose::kMarketingSms, true, "marketing-2026-11"}}));
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->empty());
    auto renewed = consents_->Record(Input({{ConsentPurpose::kMarketingSms, true, "marketing-2027-01"}}));
    ASSERT_TRUE(renewed.ok());
    EXPECT_EQ(renewed->size(), 1u);

    // Withdrawn within the same instant: it takes effect at once, whatever the clock says.
    auto withdrawn = consents_->Record(Input({{ConsentPurpose::kMarketingSms, false, "marketing-2027-01"}}));
    ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
    EXPECT_FALSE(Granted(ConsentPurpose::kMarketingSms, shop_));
    may = consents_->MaySend(person_, shop_, MessageChannel::kSms, Noon());
    ASSERT_TRUE(may.ok());
    EXPECT_FALSE(*may);

    auto history = consents_->History(person_, shop_, 50);
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 4u);
    EXPECT_FALSE((*history)[0].granted) << "newest first";
    EXPECT_EQ((*history)[0].text_version, "marketing-2027-01");
    EXPECT_EQ((*history)[3].seq, 1);
    auto all = consents_->AllOfPerson(person_);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 4u);
}

TEST_P(ConsentTest, MarketingAtNightNeedsTheNightConsent) {
    ASSERT_TRUE(consents_->Record(Input({{ConsentPurpose::kMarketingPush, true, "marketing-2026-11"}})).ok());
    EXPECT_FALSE(customers::IsMarketingNight(Noon()));
    EXPECT_TRUE(customers::IsMarketingNight(TenAtNight()));
    EXPECT_TRUE(customers::IsMarketingNight(Noon() - std::chrono::hours(5)));   // 07:00
    EXPECT_FALSE(customers::IsMarketingNight(Noon() - std::chrono::hours(4)));  // 08:00
    auto day = consents_->MaySend(person_, shop_, MessageChannel::kPush, Noon());
    auto night = consents_->MaySend(person_, shop_, MessageChannel::kPush, TenAtNight());
    ASSERT_TRUE(day.ok() && night.ok());
    EXPECT_TRUE(*day);
    EXPECT_FALSE(*night);
    ASSERT_TRUE(consents_->Record(Input({{ConsentPurpose::kMarketingNight, true, "night-2026-11"}})).ok());
    night = consents_->MaySend(person_, shop_, MessageChannel::kPush, TenAtNight());
    ASSERT_TRUE(night.ok());
    EXPECT_TRUE(*night);
    auto email = consents_->MaySend(person_, shop_, MessageChannel::kEmail, TenAtNight());
    ASSERT_TRUE(email.ok());
    EXPECT_FALSE(*email) << "the night consent alone allows no channel";
}

TEST_P(ConsentTest, BadChangesAreRefusedWholeAndChangeNothing) {
    const std::int64_t before = QueryInt("SELECT count(*) FROM customers_consents");
    auto bad = consents_->Record(Input({{ConsentPurpose::kMarketingSms, true, "marketing-2026-11"},
                                        {ConsentPurpose::kMarketingSms, false, "marketing-2026-11"},
                                        {ConsentPurpose::kMarketingEmail, true, "다른 문구"}}));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().reason, "invalid_consent");
    ASSERT_EQ(bad.error().fields.size(), 2u);
    EXPECT_EQ(bad.error().fields[0].field, "changes[1].purpose");
    EXPECT_EQ(bad.error().fields[1].field, "changes[2].text_version");
    auto none = consents_->Record(Input({}));
    ASSERT_FALSE(none.ok());
    customers::ConsentInput nobody = Input({{ConsentPurpose::kMarketingSms, true, "v1"}});
    nobody.source.clear();
    EXPECT_FALSE(consents_->Record(nobody).ok());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM customers_consents"), before);
    EXPECT_FALSE(Granted(ConsentPurpose::kMarketingSms, shop_));
}

JANGTEO_STORE_BACKENDS(ConsentTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
