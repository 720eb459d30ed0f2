// The operator's industry list and operator admins on every backend: the default list in its order,
// adding an industry (before "other"; every field error at once; a taken code), retiring and
// offering it again with audit events, and granting operator admin rights.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::Industry;
using platform::UserId;

class IndustryTest : public MerchantFixture {
protected:
    std::vector<std::string> Codes(bool include_inactive = false) {
        auto list = industries_->ListIndustries(include_inactive);
        EXPECT_TRUE(list.ok()) << list.error().message;
        std::vector<std::string> out;
        if (list.ok()) {
            for (const Industry& i : *list) out.push_back(i.code);
        }
        return out;
    }
};
JANGTEO_STORE_BACKENDS(IndustryTest, AllBackends());

TEST_P(IndustryTest, TheDefaultListIsActiveInItsOrderWithOtherLast) {
    auto list = industries_->ListIndustries();
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->size(), 28u);
    EXPECT_EQ(list->front().code, "restaurant");
    EXPECT_EQ(list->front().name_ko, "음식점");
    EXPECT_EQ(list->front().name_en, "Restaurants");
    EXPECT_EQ(list->back().code, "other");
    EXPECT_EQ(list->back().name_ko, "기타");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Industry& industry = (*list)[i];
        SCOPED_TRACE(industry.code);
        EXPECT_TRUE(industry.active);
        EXPECT_TRUE(platform::IsIndustryCode(industry.code));
        EXPECT_FALSE(industry.name_ko.empty());
        EXPECT_TRUE(core::IsPrintableAscii(industry.name_en));
        if (i > 0) {
            EXPECT_LT((*list)[i - 1].position, industry.position);
        }
    }
    const std::vector<std::string> codes = Codes();
    for (std::string code : {"seafood", "farm_produce", "machinery_parts", "printing_advertising", "hair_nail"}) {
        EXPECT_NE(std::find(codes.begin(), codes.end(), code), codes.end()) << code;
    }
}

TEST_P(IndustryTest, AddIndustryComesBeforeOtherAndIsAudited) {
    auto added = industries_->AddIndustry("tea_house", " 전통찻집 ", "Traditional tea houses", admin_, kClientAddress);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(added->code, "tea_house");
    EXPECT_EQ(added->name_ko, "전통찻집");
    EXPECT_EQ(added->name_en, "Traditional tea houses");
    EXPECT_TRUE(added->active);
    std::vector<std::string> codes = Codes();
    ASSERT_EQ(codes.size(), 29u);
    EXPECT_EQ(codes[27], "tea_house");
    EXPECT_EQ(codes[28], "other");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'industry.added'"
                       " AND actor_user_id = $1 AND subject = 'tea_house' AND merchant_id IS NULL",
                       {admin_.key()}),
              1);
    // A merchant may now choose it.
    platform::MerchantInput input = Input(1);
    input.industry_code = "tea_house";
    EXPECT_TRUE(merchants_->Apply(minsu_, input, kClientAddress).ok());
}

TEST_P(IndustryTest, AddIndustryRefusals) {
    const MerchantRowCounts before = Counts();
    auto bad = industries_->AddIndustry("Tea House", "", "전통차", admin_, kClientAddress);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bad.error().reason, "invalid_industry");
    ASSERT_EQ(bad.error().fields.size(), 3u);
    EXPECT_EQ(bad.error().fields[0].field, "code");
    EXPECT_EQ(bad.error().fields[1].field, "name_ko");
    EXPECT_EQ(bad.error().fields[1].code, "required");
    EXPECT_EQ(bad.error().fields[2].field, "name_en");
    EXPECT_EQ(bad.error().fields[2].code, "not_latin");
    for (const std::string& code : std::vector<std::string>{"a", std::string(33, 'a'), "tea-house", "차", ""}) {
        auto r = industries_->AddIndustry(code, "전통차", "Tea", admin_, kClientAddress);
        ASSERT_FALSE(r.ok()) << code;
        EXPECT_EQ(r.error().fields.front().code, "invalid_code") << code;
    }
    auto taken = industries_->AddIndustry("seafood", "수산", "Fish", admin_, kClientAddress);
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(taken.error().reason, "industry_code_taken");
    EXPECT_EQ(taken.error().fields.front().field, "code");
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_industries"), 28);
    auto seafood = industries_->ListIndustries();
    ASSERT_TRUE(seafood.ok());
    EXPECT_EQ((*seafood)[3].name_ko, "수산물");  // unchanged by the refused call
}

TEST_P(IndustryTest, RetiringAndOfferingAgain) {
    auto retired = industries_->SetIndustryActive("travel", false, admin_, kClientAddress);
    ASSERT_TRUE(retired.ok()) << retired.error().message;
    EXPECT_FALSE(retired->active);
    EXPECT_EQ(retired->name_en, "Travel");
    std::vector<std::string> active = Codes();
    EXPECT_EQ(active.size(), 27u);
    EXPECT_EQ(std::find(active.begin(), active.end(), "travel"), active.end());
    std::vector<std::string> all = Codes(true);
    EXPECT_EQ(all.size(), 28u);
    EXPECT_NE(std::find(all.begin(), all.end(), "travel"), all.end());
    EXPECT_EQ(AuditCount("industry.deactivated"), 1);
    // Again: no change, nothing recorded.
    ASSERT_TRUE(industries_->SetIndustryActive("travel", false, admin_, kClientAddress).ok());
    EXPECT_EQ(AuditCount("industry.deactivated"), 1);

    ASSERT_TRUE(industries_->SetIndustryActive("travel", true, admin_, kClientAddress)->active);
    EXPECT_EQ(Codes().size(), 28u);
    EXPECT_EQ(AuditCount("industry.activated"), 1);

    const MerchantRowCounts before = Counts();
    auto unknown = industries_->SetIndustryActive("spaceships", false, admin_, kClientAddress);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(unknown.error().reason, "industry_not_found");
    EXPECT_EQ(Counts(), before);
}

TEST_P(IndustryTest, AMerchantKeepsARetiredIndustry) {
    platform::MerchantInput input = Input(1);
    input.industry_code = "travel";
    const platform::Merchant m = MustApply(minsu_, input);
    ASSERT_TRUE(industries_->SetIndustryActive("travel", false, admin_, kClientAddress).ok());
    EXPECT_EQ(merchants_->Get(m.id)->merchant.industry_code, "travel");
    MustChange(m.id, platform::MerchantStatus::kApproved, "");
}

TEST_P(IndustryTest, OperatorAdmins) {
    // The fixture made admin_ one from the command line: no granter.
    EXPECT_TRUE(*admins_->IsOperatorAdmin(admin_));
    EXPECT_FALSE(*admins_->IsOperatorAdmin(minsu_));
    EXPECT_FALSE(*admins_->IsOperatorAdmin(UserId(12345)));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'operator_admin.granted'"
                       " AND actor_user_id IS NULL AND subject = $1",
                       {admin_.ToString()}),
              1);

    ASSERT_TRUE(admins_->GrantOperatorAdmin(minsu_, admin_, kClientAddress).ok());
    EXPECT_TRUE(*admins_->IsOperatorAdmin(minsu_));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_operator_admins WHERE user_id = $1 AND granted_by_user_id = $2"
                       " AND granted_at_us = $3",
                       {minsu_.key(), admin_.key(), core::ToUnixMicros(start_)}),
              1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'operator_admin.granted'"
                       " AND actor_user_id = $1 AND subject = $2 AND client_address = $3",
                       {admin_.key(), minsu_.ToString(), kClientAddress}),
              1);

    const MerchantRowCounts before = Counts();
    auto again = admins_->GrantOperatorAdmin(minsu_, admin_, kClientAddress);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(again.error().reason, "already_operator_admin");
    auto unknown = admins_->GrantOperatorAdmin(UserId(12345), admin_, kClientAddress);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(unknown.error().reason, "user_not_found");
    EXPECT_EQ(Counts(), before);
}

}  // namespace
}  // namespace jangteo::store_test
