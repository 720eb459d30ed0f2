// Memberships: which users work for which merchant, as owner or staff. AccessOf is what the access
// policy asks on every merchant-scoped request, so it is one query on two primary keys. Every change
// is audited in its own transaction, and a merchant never loses its last owner.
//
//   platform::MembershipService members(db, clock, random);
//   JANGTEO_TRY(auto access, members.AccessOf(session.user_id, merchant_id));
//   if (!access) return core::Error::NotFound("merchant_not_found", "no such merchant");   // not theirs
//   if (access->role != platform::MemberRole::kOwner) { /* staff: refuse owner-only work */ }
//
// A flow that adds a member as part of something larger (accepting a staff invitation) calls
// AddMemberInTx inside its own transaction:
//
//   db.Write([&](store::Tx& tx) -> core::Status {
//       ... mark the invitation used ...
//       return members.AddMemberInTx(tx, merchant_id, user_id, platform::MemberRole::kStaff, user_id, address);
//   });
#pragma once

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

// What a user may be at a merchant, and what state the merchant is in (the policy refuses the staff
// of a suspended merchant, for instance).
struct MerchantAccess {
    MemberRole role = MemberRole::kStaff;
    MerchantStatus merchant_status = MerchantStatus::kApplied;
};

// One member of a merchant, as the merchant's staff page lists them.
struct Member {
    UserId user_id;
    std::string name;
    std::string email;
    std::optional<std::string> mobile;
    MemberRole role = MemberRole::kStaff;
    core::TimePoint since;
};

// Thread-safe: holds references only.
class MembershipService {
public:
    MembershipService(store::Db& db, core::Clock& clock, core::Random& random)
        : db_(db), clock_(clock), random_(random) {}

    // The user's role at the merchant and the merchant's status, or nullopt when the user is no member
    // or the merchant does not exist (the two look the same to the caller, on purpose).
    core::Result<std::optional<MerchantAccess>> AccessOf(UserId user, MerchantId merchant);

    // The merchant's people, owners first, then by how long they have been members.
    // kNotFound "merchant_not_found".
    core::Result<std::vector<Member>> ListMembers(MerchantId merchant);

    // Adds `user` with `role` and the audit event "membership.added". kNotFound "merchant_not_found"
    // or "user_not_found"; kAlreadyExists "already_member"; kFailedPrecondition "merchant_closed" when
    // the merchant was rejected or closed.
    core::Status AddMember(MerchantId merchant, UserId user, MemberRole role, UserId actor,
                           std::string_view client_address);
    // The same inside the caller's write transaction, which the caller commits or rolls back.
    core::Status AddMemberInTx(store::Tx& tx, MerchantId merchant, UserId user, MemberRole role, UserId actor,
                               std::string_view client_address);

    // Removes `user` from the merchant ("membership.removed"). kNotFound "member_not_found" when the
    // user is no member (or the merchant does not exist); kFailedPrecondition "last_owner" for the
    // merchant's only owner.
    core::Status RemoveMember(MerchantId merchant, UserId user, UserId actor, std::string_view client_address);

    // Gives a member another role ("membership.role_changed"). kNotFound "member_not_found";
    // kFailedPrecondition "last_owner" when it would leave the merchant without an owner, or
    // "merchant_closed" for a rejected or closed merchant. The same role again changes nothing and
    // records nothing.
    core::Status ChangeRole(MerchantId merchant, UserId user, MemberRole role, UserId actor,
                            std::string_view client_address);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::platform
