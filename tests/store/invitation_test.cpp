// Staff invitations on every backend: an invitation writes a hashed token, a mail (kind
// staff_invitation) with its link and an audit event in one transaction; inviting the same address
// again replaces the pending invitation; members' addresses and malformed ones are refused and write
// nothing; the list shows each invitation's status now (pending, accepted, revoked, expired);
// revoking; the look-up and acceptance refusals (invitation_invalid, _expired, _used) that change
// nothing; an acceptance adds the membership with the invited role; and of two acceptances racing
// through two servers, exactly one wins.
#include "platform/invitation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "merchant_fixture.hpp"
#include "platform/audit.hpp"
#include "platform/session.hpp"

namespace jangteo::store_test {
namespace {

using core::ErrorCode;
using platform::Invitation;
using platform::InvitationId;
using platform::InvitationService;
using platform::InvitationStatus;
using platform::MemberRole;
using platform::MerchantId;
using platform::MerchantStatus;
using platform::UserId;
using namespace std::chrono_literals;

constexpr std::string_view kPublicUrl = "https://jangteo.example.kr";
constexpr auto kWeek = std::chrono::hours(24 * 7);

struct Mail {
    std::string to, subject, body;
};

class InvitationTest : public MerchantFixture {
protected:
    void SetUp() override {
        MerchantFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        shop_ = MustApply(1).id;
        MustChange(shop_, MerchantStatus::kApproved);
        staff_ = NewUser("이지원");
        ASSERT_TRUE(members_->AddMember(shop_, staff_, MemberRole::kStaff, minsu_, kClientAddress).ok());
        neighbour_owner_ = NewUser("옆가게주인");
        neighbour_ = MustApply(neighbour_owner_, Input(2)).id;
        MustChange(neighbour_, MerchantStatus::kApproved);
        invitations_.emplace(db(), clock_, random_, *members_, Options());
    }

    platform::InvitationOptions Options() {
        platform::InvitationOptions o;
        o.public_url = std::string(kPublicUrl);
        o.waker = [this] { ++wakes_; };
        return o;
    }

    std::string EmailOf(UserId id) {
        auto user = users_->Get(id);
        EXPECT_TRUE(user.ok());
        return user.ok() ? user->email : std::string();
    }

    Invitation MustInvite(std::string_view email, MemberRole role = MemberRole::kStaff,
                          std::optional<MerchantId> merchant = std::nullopt) {
        MerchantId where = merchant.value_or(shop_);
        UserId actor = where == shop_ ? minsu_ : neighbour_owner_;
        auto made = invitations_->Invite(where, email, role, actor, kClientAddress);
        EXPECT_TRUE(made.ok()) << made.error().reason << ": " << made.error().message;
        return made.ok() ? *made : Invitation{};
    }

    std::vector<Mail> Mails() {
        constexpr store::Sql kMails{
            "test.invitation_mails",
            "SELECT recipient, subject, body FROM platform_outbox WHERE kind = 'staff_invitation'"
            " ORDER BY created_at_us, id"};
        auto rows = db().Read([&](store::Tx& tx) { return tx.Query(kMails, {}); });
        EXPECT_TRUE(rows.ok());
        std::vector<Mail> out;
        for (std::size_t i = 0; rows.ok() && i < rows->size(); ++i) {
            out.push_back({(*rows)[i].Text(0), (*rows)[i].Text(1), (*rows)[i].Text(2)});
        }
        return out;
    }

    // The token of the link in the newest invitation mail to `email`.
    std::string TokenFor(std::string_view email) {
        std::string marker = std::string(kPublicUrl) + "/invitations/accept#token=";
        std::string token;
        for (const Mail& m : Mails()) {
            if (m.to != email) continue;
            auto at = m.body.find(marker);
            EXPECT_NE(at, std::string::npos) << m.body;
            if (at != std::string::npos) token = m.body.substr(at + marker.size(), platform::kSessionTokenChars);
        }
        EXPECT_FALSE(token.empty()) << "no invitation mail to " << email;
        return token;
    }

    std::string InviteForToken(std::string_view email, MemberRole role = MemberRole::kStaff) {
        MustInvite(email, role);
        return TokenFor(email);
    }

    std::int64_t InvitationRows() { return QueryInt("SELECT count(*) FROM platform_invitations"); }
    // Invitation mails only (approving the merchant in SetUp mails its owner too).
    std::int64_t Mailed() { return QueryInt("SELECT count(*) FROM platform_outbox WHERE kind = 'staff_invitation'"); }

    void ExpectTokenProblem(const core::Error& e, std::string_view reason) {
        EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(e.reason, reason);
        ASSERT_EQ(e.fields.size(), 1u);
        EXPECT_EQ(e.fields[0].field, "token");
        EXPECT_EQ(e.fields[0].code, reason);
    }

    // Lookup and Accept both refuse `token` with `reason`, and the acceptance changes nothing.
    void ExpectRefused(std::string_view token, std::string_view reason) {
        SCOPED_TRACE(std::string(reason) + ": " + std::string(token));
        auto looked = invitations_->Lookup(token);
        ASSERT_FALSE(looked.ok());
        ExpectTokenProblem(looked.error(), reason);
        const UserId someone = NewUser("손님");
        const MerchantRowCounts before = Counts();
        const std::int64_t accepted =
            QueryInt("SELECT count(*) FROM platform_invitations WHERE accepted_at_us IS NOT NULL");
        auto joined = invitations_->Accept(token, someone, kClientAddress);
        ASSERT_FALSE(joined.ok());
        ExpectTokenProblem(joined.error(), reason);
        EXPECT_EQ(Counts(), before);
        EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_invitations WHERE accepted_at_us IS NOT NULL"), accepted);
    }

    std::vector<std::pair<std::string, InvitationStatus>> Listed(MerchantId merchant) {
        auto list = invitations_->List(merchant);
        EXPECT_TRUE(list.ok()) << list.error().message;
        std::vector<std::pair<std::string, InvitationStatus>> out;
        if (list.ok()) {
            for (const Invitation& i : *list) out.emplace_back(i.email, i.status);
        }
        return out;
    }

    MerchantId shop_, neighbour_;
    UserId staff_, neighbour_owner_;
    std::atomic<int> wakes_{0};
    std::optional<InvitationService> invitations_;
};
JANGTEO_STORE_BACKENDS(InvitationTest, AllBackends());

TEST_P(InvitationTest, InviteWritesTheHashedTokenTheMailAndTheAuditEvent) {
    Invitation inv = MustInvite("  Jiwon.Park@Example.KR ");
    EXPECT_TRUE(inv.id.ToString().starts_with("inv_"));
    EXPECT_EQ(inv.merchant_id, shop_);
    EXPECT_EQ(inv.email, "jiwon.park@example.kr");
    EXPECT_EQ(inv.role, MemberRole::kStaff);
    EXPECT_EQ(inv.invited_by, minsu_);
    EXPECT_EQ(inv.created_at, start_);
    EXPECT_EQ(inv.expires_at, start_ + kWeek);
    EXPECT_EQ(inv.status, InvitationStatus::kPending);
    EXPECT_EQ(wakes_.load(), 1);

    auto mails = Mails();
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].to, "jiwon.park@example.kr");
    EXPECT_EQ(mails[0].subject, "[장터] 광안리 바다횟집 초대 / Invitation to Gwangalli Sea Sashimi");
    std::string token = TokenFor("jiwon.park@example.kr");
    EXPECT_TRUE(platform::IsWellFormedSessionToken(token)) << token;
    EXPECT_NE(mails[0].body.find("광안리 바다횟집에서 장터의 직원(으)로"), std::string::npos) << mails[0].body;
    EXPECT_NE(mails[0].body.find("as staff."), std::string::npos) << mails[0].body;
    EXPECT_NE(mails[0].body.find("2026-11-25 11:06"), std::string::npos) << mails[0].body;  // a week on, UTC

    // Only the token's hash is stored.
    EXPECT_EQ(
        QueryInt("SELECT count(*) FROM platform_invitations WHERE id = $1 AND token_hash = $2 AND merchant_id = $3"
                 " AND email = $4 AND role = 'staff' AND invited_by = $5 AND expires_at_us = $6",
                 {inv.id.key(), platform::HashSessionToken(token), shop_.key(),
                  std::string_view("jiwon.park@example.kr"), minsu_.key(), core::ToUnixMicros(start_ + kWeek)}),
        1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_invitations WHERE token_hash = $1", {std::string_view(token)}),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_audit_events WHERE detail LIKE '%' || $1 || '%'",
                       {std::string_view(token)}),
              0);

    platform::AuditLog log(db());
    auto page = log.List({.action = "invitation.created"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    const platform::AuditEvent& e = page->items[0].event;
    EXPECT_EQ(e.actor_user, minsu_);
    EXPECT_EQ(e.merchant, shop_);
    EXPECT_EQ(e.subject, inv.id.ToString());
    EXPECT_EQ(e.client_address, kClientAddress);
    EXPECT_EQ(e.detail.at("email").as_string(), "jiwon.park@example.kr");
    EXPECT_EQ(e.detail.at("role").as_string(), "staff");
    EXPECT_EQ(e.detail.at("replaced").to_number<std::int64_t>(), 0);

    // The preview of the link.
    auto preview = invitations_->Lookup(token);
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    EXPECT_EQ(preview->merchant_id, shop_);
    EXPECT_EQ(preview->merchant_name_ko, "광안리 바다횟집");
    EXPECT_EQ(preview->merchant_name_en, "Gwangalli Sea Sashimi");
    EXPECT_EQ(preview->email, "jiwon.park@example.kr");
    EXPECT_EQ(preview->role, MemberRole::kStaff);
    EXPECT_EQ(preview->expires_at, start_ + kWeek);

    // An owner's invitation says so.
    clock_.Advance(1s);
    MustInvite("cofounder@example.kr", MemberRole::kOwner);
    auto owner_mail = Mails().back();
    EXPECT_NE(owner_mail.body.find("공동 대표"), std::string::npos);
    EXPECT_NE(owner_mail.body.find("as a co-owner."), std::string::npos);
}

TEST_P(InvitationTest, MalformedAddressesAndMembersAreRefusedAndWriteNothing) {
    const MerchantRowCounts before = Counts();
    for (std::string_view bad : {"", "   ", "not an email", "a@b", "two@@example.kr"}) {
        auto r = invitations_->Invite(shop_, bad, MemberRole::kStaff, minsu_, kClientAddress);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().reason, "invalid_email");
        ASSERT_EQ(r.error().fields.size(), 1u);
        EXPECT_EQ(r.error().fields[0].field, "email");
    }
    // The owner's and the staff member's own addresses, in any case.
    std::string staff_email = EmailOf(staff_);
    for (char& c : staff_email) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string& member : {EmailOf(minsu_), staff_email}) {
        auto r = invitations_->Invite(shop_, member, MemberRole::kOwner, minsu_, kClientAddress);
        ASSERT_FALSE(r.ok()) << member;
        EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists);
        EXPECT_EQ(r.error().reason, "already_member");
        ASSERT_EQ(r.error().fields.size(), 1u);
        EXPECT_EQ(r.error().fields[0].field, "email");
    }
    auto nowhere = invitations_->Invite(MerchantId(777), "x@example.kr", MemberRole::kStaff, minsu_, kClientAddress);
    ASSERT_FALSE(nowhere.ok());
    EXPECT_EQ(nowhere.error().reason, "merchant_not_found");
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(InvitationRows(), 0);
    EXPECT_EQ(Mailed(), 0);
    EXPECT_EQ(wakes_.load(), 0);
    // A member of another merchant is no member here.
    MustInvite(EmailOf(neighbour_owner_));
}

TEST_P(InvitationTest, InvitingAgainReplacesThePendingInvitation) {
    Invitation first = MustInvite("jiwon@example.kr");
    std::string first_token = TokenFor("jiwon@example.kr");
    clock_.Advance(1h);
    Invitation second = MustInvite("JIWON@example.kr", MemberRole::kOwner);
    std::string second_token = TokenFor("jiwon@example.kr");
    ASSERT_NE(first_token, second_token);
    EXPECT_EQ(Mails().size(), 2u);

    ExpectRefused(first_token, "invitation_invalid");
    auto preview = invitations_->Lookup(second_token);
    ASSERT_TRUE(preview.ok());
    EXPECT_EQ(preview->role, MemberRole::kOwner);
    EXPECT_EQ(preview->expires_at, start_ + 1h + kWeek);

    auto list = invitations_->List(shop_);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, second.id);
    EXPECT_EQ((*list)[0].status, InvitationStatus::kPending);
    EXPECT_EQ((*list)[1].id, first.id);
    EXPECT_EQ((*list)[1].status, InvitationStatus::kRevoked);

    platform::AuditLog log(db());
    auto page = log.List({.action = "invitation.created"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].event.detail.at("replaced").to_number<std::int64_t>(), 1);
    EXPECT_EQ(page->items[0].event.detail.at("role").as_string(), "owner");

    // Another merchant's invitation of the same address is its own.
    MustInvite("jiwon@example.kr", MemberRole::kStaff, neighbour_);
    EXPECT_TRUE(invitations_->Lookup(second_token).ok());
}

TEST_P(InvitationTest, TheListShowsEachInvitationsStatusNow) {
    MustInvite("expired@example.kr");
    clock_.Advance(1min);
    MustInvite("revoked@example.kr");
    clock_.Advance(1min);
    std::string accepted_token = InviteForToken("accepted@example.kr");
    clock_.Advance(1min);
    MustInvite("other@example.kr", MemberRole::kStaff, neighbour_);

    auto list = invitations_->List(shop_);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 3u);
    ASSERT_TRUE(invitations_->Revoke(shop_, (*list)[1].id, minsu_, kClientAddress).ok());
    ASSERT_TRUE(invitations_->Accept(accepted_token, NewUser("수락자"), kClientAddress).ok());
    clock_.Set(start_ + kWeek);  // the first one's end, exactly
    MustInvite("pending@example.kr");

    using S = InvitationStatus;
    EXPECT_EQ(Listed(shop_), (std::vector<std::pair<std::string, S>>{{"pending@example.kr", S::kPending},
                                                                     {"accepted@example.kr", S::kAccepted},
                                                                     {"revoked@example.kr", S::kRevoked},
                                                                     {"expired@example.kr", S::kExpired}}));
    EXPECT_EQ(Listed(neighbour_), (std::vector<std::pair<std::string, S>>{{"other@example.kr", S::kPending}}));
    EXPECT_EQ(platform::InvitationStatusName(S::kExpired), "expired");
    EXPECT_EQ(platform::InvitationStatusName(S::kAccepted), "accepted");
}

TEST_P(InvitationTest, InvitingAgainAfterExpiryLeavesTheOldOneExpired) {
    Invitation old = MustInvite("late@example.kr");
    clock_.Advance(kWeek + 1h);
    Invitation fresh = MustInvite("late@example.kr");
    auto list = invitations_->List(shop_);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, fresh.id);
    EXPECT_EQ((*list)[0].status, InvitationStatus::kPending);
    EXPECT_EQ((*list)[1].id, old.id);
    EXPECT_EQ((*list)[1].status, InvitationStatus::kExpired);  // it was never replaced: it had ended
    platform::AuditLog log(db());
    auto page = log.List({.action = "invitation.created"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].event.detail.at("replaced").to_number<std::int64_t>(), 0);
}

TEST_P(InvitationTest, RevokeOnlyAPendingInvitationOfTheMerchant) {
    Invitation pending = MustInvite("jiwon@example.kr");
    std::string token = TokenFor("jiwon@example.kr");
    Invitation theirs = MustInvite("theirs@example.kr", MemberRole::kStaff, neighbour_);
    const MerchantRowCounts before = Counts();

    // Another merchant's invitation, or an unknown one: not found, nothing changes.
    for (InvitationId id : {theirs.id, InvitationId(999)}) {
        auto r = invitations_->Revoke(shop_, id, minsu_, kClientAddress);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
        EXPECT_EQ(r.error().reason, "invitation_not_found");
    }
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(Listed(neighbour_).at(0).second, InvitationStatus::kPending);

    clock_.Advance(1min);
    ASSERT_TRUE(invitations_->Revoke(shop_, pending.id, minsu_, "198.51.100.3").ok());
    ExpectRefused(token, "invitation_invalid");
    EXPECT_EQ(invitations_->Revoke(shop_, pending.id, minsu_, kClientAddress).error().reason, "invitation_not_found");
    platform::AuditLog log(db());
    auto page = log.List({.action = "invitation.revoked"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].event.actor_user, minsu_);
    EXPECT_EQ(page->items[0].event.merchant, shop_);
    EXPECT_EQ(page->items[0].event.subject, pending.id.ToString());
    EXPECT_EQ(page->items[0].event.client_address, "198.51.100.3");

    // Accepted and expired invitations cannot be revoked either.
    std::string accepted = InviteForToken("accepted@example.kr");
    ASSERT_TRUE(invitations_->Accept(accepted, NewUser("수락자"), kClientAddress).ok());
    Invitation expiring = MustInvite("expiring@example.kr");
    auto list = invitations_->List(shop_);
    ASSERT_TRUE(list.ok());
    clock_.Advance(kWeek);
    for (const Invitation& i : *list) {
        if (i.email == "accepted@example.kr" || i.id == expiring.id) {
            EXPECT_EQ(invitations_->Revoke(shop_, i.id, minsu_, kClientAddress).error().reason, "invitation_not_found")
                << i.email;
        }
    }
    EXPECT_EQ(AuditCount("invitation.revoked"), 1);
}

TEST_P(InvitationTest, MalformedUnknownExpiredUsedAndRevokedTokensAreRefused) {
    std::string token = InviteForToken("jiwon@example.kr");
    ExpectRefused("", "invitation_invalid");
    ExpectRefused("not a token", "invitation_invalid");
    ExpectRefused(token + "A", "invitation_invalid");
    ExpectRefused(token.substr(1), "invitation_invalid");
    ExpectRefused(platform::HashSessionToken(token), "invitation_invalid");
    ExpectRefused(platform::NewSessionToken(random_), "invitation_invalid");

    // Expired: from its end on, by the look-up and the acceptance alike; the invitation stays.
    clock_.Set(start_ + kWeek);
    ExpectRefused(token, "invitation_expired");
    clock_.Set(start_ + kWeek - 1us);
    const UserId jiwon = NewUser("박지원");
    auto joined = invitations_->Accept(token, jiwon, kClientAddress);
    ASSERT_TRUE(joined.ok()) << joined.error().message;

    // Used: whoever tries again, the invited person too.
    ExpectRefused(token, "invitation_used");
    auto again = invitations_->Accept(token, jiwon, kClientAddress);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().reason, "invitation_used");
    EXPECT_EQ(AuditCount("invitation.accepted"), 1);

    // A malformed token never reaches the store.
    db().Close();
    auto closed = invitations_->Lookup("not a token");
    ASSERT_FALSE(closed.ok());
    EXPECT_EQ(closed.error().reason, "invitation_invalid");
}

TEST_P(InvitationTest, AcceptingAddsTheMembershipWithTheInvitedRole) {
    std::string staff_token = InviteForToken("new.staff@example.kr");
    std::string owner_token = InviteForToken("new.owner@example.kr", MemberRole::kOwner);
    // Whoever holds the link accepts with the account they are signed in with.
    const UserId jiwon = NewUser("박지원");
    const UserId daeho = NewUser("최대호");
    clock_.Advance(1h);
    auto as_staff = invitations_->Accept(staff_token, jiwon, "198.51.100.8");
    ASSERT_TRUE(as_staff.ok()) << as_staff.error().message;
    EXPECT_EQ(as_staff->merchant_id, shop_);
    EXPECT_EQ(as_staff->role, MemberRole::kStaff);
    auto as_owner = invitations_->Accept(owner_token, daeho, "198.51.100.8");
    ASSERT_TRUE(as_owner.ok()) << as_owner.error().message;
    EXPECT_EQ(as_owner->role, MemberRole::kOwner);

    auto jiwon_access = members_->AccessOf(jiwon, shop_);
    ASSERT_TRUE(jiwon_access.ok() && jiwon_access->has_value());
    EXPECT_EQ((*jiwon_access)->role, MemberRole::kStaff);
    auto daeho_access = members_->AccessOf(daeho, shop_);
    ASSERT_TRUE(daeho_access.ok() && daeho_access->has_value());
    EXPECT_EQ((*daeho_access)->role, MemberRole::kOwner);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_invitations WHERE accepted_by = $1 AND accepted_at_us = $2",
                       {jiwon.key(), core::ToUnixMicros(start_ + 1h)}),
              1);

    // invitation.accepted by the person, and membership.added beside it.
    platform::AuditLog log(db());
    auto page = log.List({.merchant = shop_, .limit = 4});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 4u);
    std::vector<std::string> actions;
    for (const auto& r : page->items) {
        actions.push_back(r.event.action);
        EXPECT_EQ(r.event.client_address, "198.51.100.8");
    }
    std::sort(actions.begin(), actions.end());
    EXPECT_EQ(actions, (std::vector<std::string>{"invitation.accepted", "invitation.accepted", "membership.added",
                                                 "membership.added"}));
    auto accepted = log.List({.merchant = shop_, .action = "invitation.accepted"});
    ASSERT_TRUE(accepted.ok());
    ASSERT_EQ(accepted->items.size(), 2u);
    for (const auto& r : accepted->items) {
        EXPECT_TRUE(r.event.actor_user == jiwon || r.event.actor_user == daeho);
        EXPECT_EQ(r.event.detail.at("role").as_string(), r.event.actor_user == jiwon ? "staff" : "owner");
    }
    auto added = log.List({.merchant = shop_, .action = "membership.added", .limit = 2});
    ASSERT_TRUE(added.ok());
    for (const auto& r : added->items) EXPECT_EQ(r.event.subject, r.event.actor_user->ToString());
}

TEST_P(InvitationTest, AMemberOrAClosedMerchantCannotAcceptAndTheInvitationStays) {
    std::string token = InviteForToken("someone@example.kr");
    const MerchantRowCounts before = Counts();
    auto member = invitations_->Accept(token, staff_, kClientAddress);
    ASSERT_FALSE(member.ok());
    EXPECT_EQ(member.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(member.error().reason, "already_member");
    EXPECT_EQ(Counts(), before);
    EXPECT_TRUE(invitations_->Lookup(token).ok()) << "the refused acceptance did not use the invitation up";

    MustChange(shop_, MerchantStatus::kClosed, "폐업");
    const MerchantRowCounts closed = Counts();
    const UserId stranger = NewUser("낯선이");
    auto r = invitations_->Accept(token, stranger, kClientAddress);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(r.error().reason, "merchant_closed");
    EXPECT_EQ(Counts(), closed);
    auto access = members_->AccessOf(stranger, shop_);
    ASSERT_TRUE(access.ok());
    EXPECT_FALSE(access->has_value());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_invitations WHERE accepted_at_us IS NOT NULL"), 0);
}

TEST_P(InvitationTest, AtMostFiftyPendingInvitations) {
    for (int i = 0; i < platform::kMaxPendingInvitations; ++i) {
        MustInvite("person" + std::to_string(i) + "@example.kr");
    }
    const MerchantRowCounts before = Counts();
    const std::int64_t mailed = Mailed();
    auto r = invitations_->Invite(shop_, "one.more@example.kr", MemberRole::kStaff, minsu_, kClientAddress);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(r.error().reason, "too_many_invitations");
    EXPECT_EQ(Counts(), before);
    EXPECT_EQ(Mailed(), mailed);
    EXPECT_EQ(InvitationRows(), platform::kMaxPendingInvitations);
    // Sending one of them again replaces it, so it still fits; another merchant has its own fifty.
    MustInvite("person7@example.kr");
    MustInvite("one.more@example.kr", MemberRole::kStaff, neighbour_);
}

// Two people accepting one link at once through two servers: one becomes a member, the other is told
// the invitation is used, and nothing is written twice.
class InvitationRaceTest : public InvitationTest {};
JANGTEO_STORE_BACKENDS(InvitationRaceTest, SharedBackends());

TEST_P(InvitationRaceTest, OfTwoRacingAcceptancesExactlyOneWins) {
    std::unique_ptr<store::Db> second_db = OpenAnother();
    ASSERT_NE(second_db, nullptr);
    platform::MembershipService second_members(*second_db, clock_, random_);
    InvitationService second(*second_db, clock_, random_, second_members, Options());
    for (int round = 0; round < 5; ++round) {
        SCOPED_TRACE(round);
        std::string email = "race" + std::to_string(round) + "@example.kr";
        std::string token = InviteForToken(email);
        const UserId a = NewUser("갑");
        const UserId b = NewUser("을");
        std::optional<core::Result<platform::Joined>> results[2];
        std::latch start(2);
        std::thread t1([&] {
            start.arrive_and_wait();
            results[0].emplace(invitations_->Accept(token, a, kClientAddress));
        });
        std::thread t2([&] {
            start.arrive_and_wait();
            results[1].emplace(second.Accept(token, b, kClientAddress));
        });
        t1.join();
        t2.join();
        ASSERT_TRUE(results[0] && results[1]);
        ASSERT_NE(results[0]->ok(), results[1]->ok()) << "exactly one acceptance must succeed";
        const int winner = results[0]->ok() ? 0 : 1;
        const core::Error& lost = results[1 - winner]->error();
        EXPECT_EQ(lost.reason, "invitation_used") << lost.message;
        const UserId won_by = winner == 0 ? a : b;
        const UserId lost_by = winner == 0 ? b : a;
        EXPECT_TRUE(members_->AccessOf(won_by, shop_)->has_value());
        EXPECT_FALSE(members_->AccessOf(lost_by, shop_)->has_value());
        EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_invitations WHERE accepted_by = $1", {won_by.key()}), 1);
    }
    EXPECT_EQ(AuditCount("invitation.accepted"), 5);
    EXPECT_EQ(AuditCount("membership.added"), 6);  // the staff member of SetUp, and one per round
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_memberships WHERE merchant_id = $1", {shop_.key()}), 7);
}

}  // namespace
}  // namespace jangteo::store_test
