// Memberships on every backend: what AccessOf answers for an owner, a staff member, a stranger and an
// unknown merchant; the members list joined with the users; adding (alone or inside a caller's
// transaction), removing and changing roles with their audit events and refusals; and the rule that
// a merchant never loses its last owner, even when two owners remove each other at once.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::MemberRole;
using platform::MerchantAccess;
using platform::MerchantId;
using platform::MerchantStatus;
using platform::UserId;
using namespace std::chrono_literals;

class MembershipTest : public MerchantFixture {
protected:
    void SetUp() override {
        MerchantFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        shop_ = MustApply(1).id;
        staff_ = NewUser("이지원");
        clock_.Advance(1min);
        ASSERT_TRUE(members_->AddMember(shop_, staff_, MemberRole::kStaff, minsu_, kClientAddress).ok());
    }

    std::optional<MerchantAccess> Access(UserId user, MerchantId merchant) {
        auto r = members_->AccessOf(user, merchant);
        EXPECT_TRUE(r.ok()) << r.error().message;
        return r.ok() ? *r : std::nullopt;
    }

    void ExpectRefused(const core::Status& st, ErrorCode code, std::string_view reason) {
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().code, code);
        EXPECT_EQ(st.error().reason, reason);
    }

    MerchantId shop_;
    UserId staff_;
};
JANGTEO_STORE_BACKENDS(MembershipTest, AllBackends());

TEST_P(MembershipTest, AccessOfOwnerStaffStrangerAndUnknownMerchant) {
    auto owner = Access(minsu_, shop_);
    ASSERT_TRUE(owner.has_value());
    EXPECT_EQ(owner->role, MemberRole::kOwner);
    EXPECT_EQ(owner->merchant_status, MerchantStatus::kApplied);
    auto staff = Access(staff_, shop_);
    ASSERT_TRUE(staff.has_value());
    EXPECT_EQ(staff->role, MemberRole::kStaff);
    EXPECT_FALSE(Access(NewUser("손님"), shop_).has_value());
    EXPECT_FALSE(Access(admin_, shop_).has_value());  // an operator admin is no member
    EXPECT_FALSE(Access(minsu_, MerchantId(12345)).has_value());
    // Another merchant's owner reaches nothing here, and this one's owner nothing there.
    const UserId other_owner = NewUser("최사장");
    const MerchantId other = MustApply(other_owner, Input(2)).id;
    EXPECT_FALSE(Access(other_owner, shop_).has_value());
    EXPECT_FALSE(Access(minsu_, other).has_value());
    EXPECT_FALSE(Access(staff_, other).has_value());
}

TEST_P(MembershipTest, AccessOfCarriesTheMerchantsStatus) {
    MustChange(shop_, MerchantStatus::kApproved, "");
    EXPECT_EQ(Access(staff_, shop_)->merchant_status, MerchantStatus::kApproved);
    MustChange(shop_, MerchantStatus::kSuspended, "위생 점검");
    EXPECT_EQ(Access(staff_, shop_)->merchant_status, MerchantStatus::kSuspended);
    EXPECT_EQ(Access(minsu_, shop_)->merchant_status, MerchantStatus::kSuspended);
}

TEST_P(MembershipTest, ListMembersJoinsTheUsersOwnersFirst) {
    ASSERT_TRUE(users_->SignUp({"owner2@example.kr", "010-2222-3333", "정공동", "바다가보이는부산항구"}).ok());
    const UserId co_owner = users_->FindByEmail("owner2@example.kr")->id;
    clock_.Advance(1min);
    ASSERT_TRUE(members_->AddMember(shop_, co_owner, MemberRole::kOwner, minsu_, kClientAddress).ok());

    auto members = members_->ListMembers(shop_);
    ASSERT_TRUE(members.ok()) << members.error().message;
    ASSERT_EQ(members->size(), 3u);
    EXPECT_EQ((*members)[0].user_id, minsu_);
    EXPECT_EQ((*members)[0].role, MemberRole::kOwner);
    EXPECT_EQ((*members)[0].name, "김민수");
    EXPECT_EQ((*members)[0].email, "user1@example.kr");
    EXPECT_FALSE((*members)[0].mobile.has_value());
    EXPECT_EQ((*members)[0].since, start_);
    EXPECT_EQ((*members)[1].user_id, co_owner);
    EXPECT_EQ((*members)[1].role, MemberRole::kOwner);
    EXPECT_EQ((*members)[1].mobile, "010-2222-3333");
    EXPECT_EQ((*members)[1].since, start_ + 2min);
    EXPECT_EQ((*members)[2].user_id, staff_);
    EXPECT_EQ((*members)[2].role, MemberRole::kStaff);
    EXPECT_EQ((*members)[2].name, "이지원");
    EXPECT_EQ((*members)[2].since, start_ + 1min);

    auto unknown = members_->ListMembers(MerchantId(12345));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(unknown.error().reason, "merchant_not_found");
}

TEST_P(MembershipTest, AddMemberIsAuditedAndRefusesWhatItCannotDo) {
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'membership.added'"
                       " AND merchant_id = $1 AND actor_user_id = $2 AND subject = $3 AND client_address = $4",
                       {shop_.key(), minsu_.key(), staff_.ToString(), kClientAddress}),
              1);
    const UserId newcomer = NewUser("한신입");
    const MerchantRowCounts before = Counts();
    ExpectRefused(members_->AddMember(shop_, staff_, MemberRole::kOwner, minsu_, kClientAddress),
                  ErrorCode::kAlreadyExists, "already_member");
    ExpectRefused(members_->AddMember(shop_, minsu_, MemberRole::kStaff, minsu_, kClientAddress),
                  ErrorCode::kAlreadyExists, "already_member");
    ExpectRefused(members_->AddMember(shop_, UserId(12345), MemberRole::kStaff, minsu_, kClientAddress),
                  ErrorCode::kNotFound, "user_not_found");
    ExpectRefused(members_->AddMember(MerchantId(12345), newcomer, MemberRole::kStaff, minsu_, kClientAddress),
                  ErrorCode::kNotFound, "merchant_not_found");
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(Access(staff_, shop_)->role, MemberRole::kStaff);  // not made an owner by the refused call

    // A rejected or closed merchant takes no new members.
    const MerchantId rejected = MustApply(2).id;
    MustChange(rejected, MerchantStatus::kRejected, "서류 미비");
    const MerchantRowCounts after_reject = Counts();
    ExpectRefused(members_->AddMember(rejected, newcomer, MemberRole::kStaff, minsu_, kClientAddress),
                  ErrorCode::kFailedPrecondition, "merchant_closed");
    EXPECT_EQ(Counts(), after_reject);
}

TEST_P(MembershipTest, AddMemberInTxStandsOrFallsWithTheCallersTransaction) {
    const UserId invited = NewUser("초대받은");
    const MerchantRowCounts before = Counts();
    auto failed = db().Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(members_->AddMemberInTx(tx, shop_, invited, MemberRole::kStaff, invited, kClientAddress));
        return core::Error::Conflict("invitation_used", "the invitation was used meanwhile");
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().reason, "invitation_used");
    EXPECT_EQ(Counts(), before);
    EXPECT_FALSE(Access(invited, shop_).has_value());

    auto accepted = db().Write([&](store::Tx& tx) -> core::Status {
        return members_->AddMemberInTx(tx, shop_, invited, MemberRole::kStaff, invited, kClientAddress);
    });
    ASSERT_TRUE(accepted.ok()) << accepted.error().message;
    EXPECT_EQ(Access(invited, shop_)->role, MemberRole::kStaff);
    EXPECT_EQ(Counts().memberships, before.memberships + 1);
    EXPECT_EQ(Counts().audit, before.audit + 1);
}

TEST_P(MembershipTest, RemoveMember) {
    const MerchantRowCounts before = Counts();
    ASSERT_TRUE(members_->RemoveMember(shop_, staff_, minsu_, kClientAddress).ok());
    EXPECT_FALSE(Access(staff_, shop_).has_value());
    EXPECT_EQ(Counts().memberships, before.memberships - 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'membership.removed'"
                       " AND merchant_id = $1 AND actor_user_id = $2 AND subject = $3",
                       {shop_.key(), minsu_.key(), staff_.ToString()}),
              1);
    const MerchantRowCounts after = Counts();
    ExpectRefused(members_->RemoveMember(shop_, staff_, minsu_, kClientAddress), ErrorCode::kNotFound,
                  "member_not_found");
    ExpectRefused(members_->RemoveMember(MerchantId(12345), minsu_, minsu_, kClientAddress), ErrorCode::kNotFound,
                  "member_not_found");
    EXPECT_EQ(Counts(), after);
}

TEST_P(MembershipTest, TheLastOwnerCannotBeRemovedOrDemoted) {
    const MerchantRowCounts before = Counts();
    ExpectRefused(members_->RemoveMember(shop_, minsu_, minsu_, kClientAddress), ErrorCode::kFailedPrecondition,
                  "last_owner");
    ExpectRefused(members_->ChangeRole(shop_, minsu_, MemberRole::kStaff, minsu_, kClientAddress),
                  ErrorCode::kFailedPrecondition, "last_owner");
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(Access(minsu_, shop_)->role, MemberRole::kOwner);

    // With a second owner, the first may step down or leave; then the second is the last.
    ASSERT_TRUE(members_->ChangeRole(shop_, staff_, MemberRole::kOwner, minsu_, kClientAddress).ok());
    EXPECT_EQ(Access(staff_, shop_)->role, MemberRole::kOwner);
    ASSERT_TRUE(members_->ChangeRole(shop_, minsu_, MemberRole::kStaff, staff_, kClientAddress).ok());
    EXPECT_EQ(Access(minsu_, shop_)->role, MemberRole::kStaff);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE action = 'membership.role_changed'"
                       " AND merchant_id = $1",
                       {shop_.key()}),
              2);
    ExpectRefused(members_->RemoveMember(shop_, staff_, minsu_, kClientAddress), ErrorCode::kFailedPrecondition,
                  "last_owner");
    ASSERT_TRUE(members_->RemoveMember(shop_, minsu_, staff_, kClientAddress).ok());
    auto left = members_->ListMembers(shop_);
    ASSERT_TRUE(left.ok());
    ASSERT_EQ(left->size(), 1u);
    EXPECT_EQ((*left)[0].user_id, staff_);
    EXPECT_EQ((*left)[0].role, MemberRole::kOwner);
}

TEST_P(MembershipTest, ChangeRoleRefusals) {
    const MerchantRowCounts before = Counts();
    // The same role again is no change and records nothing.
    ASSERT_TRUE(members_->ChangeRole(shop_, staff_, MemberRole::kStaff, minsu_, kClientAddress).ok());
    ExpectRefused(members_->ChangeRole(shop_, NewUser("손님"), MemberRole::kOwner, minsu_, kClientAddress),
                  ErrorCode::kNotFound, "member_not_found");
    ExpectRefused(members_->ChangeRole(MerchantId(12345), minsu_, MemberRole::kStaff, minsu_, kClientAddress),
                  ErrorCode::kNotFound, "member_not_found");
    EXPECT_EQ(Counts().audit, before.audit);
    EXPECT_EQ(Counts().memberships, before.memberships);
    MustChange(shop_, MerchantStatus::kClosed, "폐업");
    const MerchantRowCounts closed = Counts();
    ExpectRefused(members_->ChangeRole(shop_, staff_, MemberRole::kOwner, minsu_, kClientAddress),
                  ErrorCode::kFailedPrecondition, "merchant_closed");
    EXPECT_EQ(Counts(), closed);
    EXPECT_EQ(Access(staff_, shop_)->role, MemberRole::kStaff);
}

// Two owners removing each other at once, through two servers: one of them must stay.
class MembershipRaceTest : public MembershipTest {};
JANGTEO_STORE_BACKENDS(MembershipRaceTest, SharedBackends());

TEST_P(MembershipRaceTest, TwoOwnersRemovingEachOtherLeaveOneOwner) {
    std::unique_ptr<store::Db> second_db = OpenAnother();
    ASSERT_NE(second_db, nullptr);
    platform::MembershipService second(*second_db, clock_, random_);
    for (int round = 0; round < 10; ++round) {
        SCOPED_TRACE(round);
        const UserId a = NewUser("갑");
        const UserId b = NewUser("을");
        const MerchantId shop = MustApply(a, Input(round + 10)).id;
        ASSERT_TRUE(members_->AddMember(shop, b, MemberRole::kOwner, a, kClientAddress).ok());
        std::optional<core::Status> a_removes_b, b_removes_a;
        std::latch start(2);
        std::thread t1([&] {
            start.arrive_and_wait();
            a_removes_b.emplace(members_->RemoveMember(shop, b, a, kClientAddress));
        });
        std::thread t2([&] {
            start.arrive_and_wait();
            b_removes_a.emplace(second.RemoveMember(shop, a, b, kClientAddress));
        });
        t1.join();
        t2.join();
        ASSERT_TRUE(a_removes_b && b_removes_a);
        ASSERT_NE(a_removes_b->ok(), b_removes_a->ok()) << "exactly one removal must succeed";
        const core::Status& lost = a_removes_b->ok() ? *b_removes_a : *a_removes_b;
        // The loser is either the last owner now, or no longer a member at all.
        EXPECT_TRUE(lost.error().reason == "last_owner" || lost.error().reason == "member_not_found")
            << lost.error().reason;
        EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_memberships WHERE merchant_id = $1 AND role = 'owner'",
                           {shop.key()}),
                  1);
    }
}

}  // namespace
}  // namespace jangteo::store_test
