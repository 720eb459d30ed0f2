// Staff invitations: an owner invites a person by email to join the merchant; the mail carries a
// one-time link (<public_url>/invitations/accept#token=…) that expires after a week. The person
// signs up or signs in, opens the link, and accepting makes them a member with the invited role.
// The token is the secret (only its SHA-256 is stored): whoever holds the mail may accept, with
// the account they are signed in with, which need not use the invited address. Inviting the same
// address again replaces the pending invitation (a fresh link), so "send again" just works.
//
//   platform::InvitationService invitations(db, clock, random, memberships, {.public_url = url});
//   auto sent = invitations.Invite(merchant_id, "jiwon@example.kr", platform::MemberRole::kStaff, owner_id, address);
//   // later, signed in as the invited person:
//   auto joined = invitations.Accept(token_from_link, jiwon_id, address);
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "platform/merchant.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

class MembershipService;

struct InvitationOptions {
    std::chrono::microseconds lifetime = std::chrono::hours(24 * 7);
    std::string public_url = "http://127.0.0.1:8080";  // the links in mails start with it
    // Told after a commit that enqueued a mail, so that the outbox sends it soon (optional).
    std::function<void()> waker;
};

// Pending invitations per merchant at once.
inline constexpr int kMaxPendingInvitations = 50;

enum class InvitationStatus { kPending, kAccepted, kRevoked, kExpired };
std::string_view InvitationStatusName(InvitationStatus status);

struct Invitation {
    InvitationId id;
    MerchantId merchant_id;
    std::string email;
    MemberRole role = MemberRole::kStaff;
    UserId invited_by;
    core::TimePoint created_at;
    core::TimePoint expires_at;
    InvitationStatus status = InvitationStatus::kPending;
};

// What the link shows before it is accepted.
struct InvitationPreview {
    MerchantId merchant_id;
    std::string merchant_name_ko;
    std::string merchant_name_en;
    std::string email;
    MemberRole role = MemberRole::kStaff;
    core::TimePoint expires_at;
};

struct Joined {
    MerchantId merchant_id;
    MemberRole role = MemberRole::kStaff;
};

class InvitationService {
public:
    InvitationService(store::Db& db, core::Clock& clock, core::Random& random, MembershipService& memberships,
                      InvitationOptions options)
        : db_(db), clock_(clock), random_(random), memberships_(memberships), options_(std::move(options)) {}

    // Sends an invitation mail (kind "staff_invitation", in Korean with the English beside it) and
    // records "invitation.created". A malformed email is a field error (email); an address that is
    // already a member's kAlreadyExists "already_member" (field email); more than
    // kMaxPendingInvitations pending kFailedPrecondition "too_many_invitations". Answers the
    // invitation; the token is only in the mail.
    core::Result<Invitation> Invite(MerchantId merchant, std::string_view email, MemberRole role, UserId actor,
                                    std::string_view client_address);

    // The merchant's invitations, newest first, with their status now.
    core::Result<std::vector<Invitation>> List(MerchantId merchant);

    // Revokes a pending invitation of `merchant`; anything else kNotFound "invitation_not_found".
    // Records "invitation.revoked".
    core::Status Revoke(MerchantId merchant, InvitationId id, UserId actor, std::string_view client_address);

    // kInvalidArgument (field token) "invitation_invalid" (malformed, unknown or revoked),
    // "invitation_expired" or "invitation_used".
    core::Result<InvitationPreview> Lookup(std::string_view token);

    // Makes `user` a member with the invited role and uses the token up (a compare-and-set: of two
    // acceptances racing, one wins). Errors as Lookup, and kAlreadyExists "already_member",
    // kFailedPrecondition "merchant_closed". Records "invitation.accepted" and "membership.added".
    core::Result<Joined> Accept(std::string_view token, UserId user, std::string_view client_address);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    MembershipService& memberships_;
    InvitationOptions options_;
};

}  // namespace jangteo::platform
