// The rules of merchants that need no store: the lifecycle's transitions and which of them need a
// reason, the stored names of statuses and roles, and the form of industry codes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/industry.hpp"
#include "platform/merchant.hpp"

namespace jangteo::platform {
namespace {

using S = MerchantStatus;
constexpr S kAll[] = {S::kApplied, S::kApproved, S::kRejected, S::kSuspended, S::kClosed};

TEST(MerchantRulesTest, TransitionTable) {
    // Rows: from; columns: to, in the order of kAll.
    const bool expected[5][5] = {
        /* applied   */ {false, true, true, false, true},
        /* approved  */ {false, false, false, true, true},
        /* rejected  */ {false, false, false, false, false},
        /* suspended */ {false, true, false, false, true},
        /* closed    */ {false, false, false, false, false},
    };
    for (int f = 0; f < 5; ++f) {
        for (int t = 0; t < 5; ++t) {
            EXPECT_EQ(IsAllowedTransition(kAll[f], kAll[t]), expected[f][t])
                << MerchantStatusName(kAll[f]) << " -> " << MerchantStatusName(kAll[t]);
        }
    }
}

TEST(MerchantRulesTest, ReasonsAreNeededForTheUnwelcomeChanges) {
    EXPECT_FALSE(TransitionNeedsReason(S::kApproved));
    EXPECT_FALSE(TransitionNeedsReason(S::kApplied));
    EXPECT_TRUE(TransitionNeedsReason(S::kRejected));
    EXPECT_TRUE(TransitionNeedsReason(S::kSuspended));
    EXPECT_TRUE(TransitionNeedsReason(S::kClosed));
}

TEST(MerchantRulesTest, NamesRoundTrip) {
    for (S s : kAll) EXPECT_EQ(ParseMerchantStatus(MerchantStatusName(s)), s);
    EXPECT_EQ(MerchantStatusName(S::kSuspended), "suspended");
    EXPECT_FALSE(ParseMerchantStatus("Approved").has_value());
    EXPECT_FALSE(ParseMerchantStatus("").has_value());
    EXPECT_EQ(ParseMemberRole(MemberRoleName(MemberRole::kOwner)), MemberRole::kOwner);
    EXPECT_EQ(ParseMemberRole(MemberRoleName(MemberRole::kStaff)), MemberRole::kStaff);
    EXPECT_EQ(MemberRoleName(MemberRole::kOwner), "owner");
    EXPECT_FALSE(ParseMemberRole("admin").has_value());
}

TEST(MerchantRulesTest, IndustryCodes) {
    for (const std::string& ok : std::vector<std::string>{"ab", "seafood", "cafe_bakery", "k9", std::string(32, 'a')}) {
        EXPECT_TRUE(IsIndustryCode(ok)) << ok;
    }
    for (const std::string& bad :
         std::vector<std::string>{"", "a", std::string(33, 'a'), "Seafood", "cafe-bakery", "cafe bakery", "수산"}) {
        EXPECT_FALSE(IsIndustryCode(bad)) << bad;
    }
}

}  // namespace
}  // namespace jangteo::platform
