#include "platform/membership.hpp"

#include <utility>

#include "platform/audit.hpp"

namespace jangteo::platform {

namespace {

// Both keys of the primary key, then the merchant's primary key: two index look-ups.
constexpr store::Sql kAccessOf{"platform.access_of",
                               "SELECT m.role, c.status FROM platform_memberships m"
                               " JOIN platform_merchants c ON c.id = m.merchant_id"
                               " WHERE m.merchant_id = $1 AND m.user_id = $2"};
// From the merchant, so that a merchant without members (which Apply never makes) is still found.
constexpr store::Sql kListMembers{"platform.list_members",
                                  "SELECT m.user_id, u.name, u.email, u.mobile, m.role, m.created_at_us"
                                  " FROM platform_merchants c"
                                  " LEFT JOIN platform_memberships m ON m.merchant_id = c.id"
                                  " LEFT JOIN platform_users u ON u.id = m.user_id"
                                  " WHERE c.id = $1"
                                  " ORDER BY CASE m.role WHEN 'owner' THEN 0 ELSE 1 END, m.created_at_us, m.user_id"};
// Every membership change of a merchant first takes the merchant's row lock, so that two changes of
// one merchant run one after the other: otherwise two owners removing each other at once could both
// count two owners (PostgreSQL runs write transactions at READ COMMITTED) and leave none.
constexpr store::Sql kLockMerchant{"platform.lock_merchant_for_members",
                                   "UPDATE platform_merchants SET updated_at_us = updated_at_us WHERE id = $1"
                                   " RETURNING status"};
// After the lock: the user's role there (NULL when no member), the merchant's owners, and whether
// the user exists, in one round trip.
constexpr store::Sql kMemberState{
    "platform.member_state",
    "SELECT (SELECT role FROM platform_memberships WHERE merchant_id = $1 AND user_id = $2),"
    " (SELECT count(*) FROM platform_memberships WHERE merchant_id = $1 AND role = 'owner'),"
    " (SELECT count(*) FROM platform_users WHERE id = $2)"};
constexpr store::Sql kInsertMembership{
    "platform.insert_membership",
    "INSERT INTO platform_memberships (merchant_id, user_id, role, created_at_us) VALUES ($1, $2, $3, $4)"};
constexpr store::Sql kDeleteMembership{"platform.delete_membership",
                                       "DELETE FROM platform_memberships WHERE merchant_id = $1 AND user_id = $2"};
constexpr store::Sql kSetMemberRole{
    "platform.set_member_role", "UPDATE platform_memberships SET role = $3 WHERE merchant_id = $1 AND user_id = $2"};

struct MemberState {
    std::optional<MemberRole> role;  // nullopt: no member
    std::int64_t owners = 0;
    bool user_exists = false;
};

// Locks the merchant and reads the member's state. nullopt when there is no such merchant.
core::Result<std::optional<std::pair<MerchantStatus, MemberState>>> LockAndRead(store::Tx& tx, MerchantId merchant,
                                                                                UserId user) {
    using Out = std::optional<std::pair<MerchantStatus, MemberState>>;
    JANGTEO_TRY(store::Rows locked, tx.Query(kLockMerchant, {merchant.key()}));
    if (locked.empty()) return Out();
    MerchantStatus status = ParseMerchantStatus(locked[0].TextView(0)).value_or(MerchantStatus::kClosed);
    JANGTEO_TRY(store::Rows rows, tx.Query(kMemberState, {merchant.key(), user.key()}));
    MemberState state;
    if (!rows[0].IsNull(0)) state.role = ParseMemberRole(rows[0].TextView(0));
    state.owners = rows[0].Int(1);
    state.user_exists = rows[0].Int(2) > 0;
    return Out(std::pair(status, state));
}

bool IsFinal(MerchantStatus status) {
    return status == MerchantStatus::kRejected || status == MerchantStatus::kClosed;
}

core::Error MerchantClosed() {
    return core::Error::FailedPrecondition("merchant_closed", "the merchant was rejected or closed");
}
core::Error MemberNotFound() {
    return core::Error::NotFound("member_not_found", "this user is no member of the merchant");
}
core::Error LastOwner() {
    return core::Error::FailedPrecondition("last_owner",
                                           "a merchant needs an owner; make another member an owner first");
}

}  // namespace

core::Result<std::optional<MerchantAccess>> MembershipService::AccessOf(UserId user, MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kAccessOf, {merchant.key(), user.key()});
    }));
    if (rows.empty()) return std::optional<MerchantAccess>();
    MerchantAccess access;
    access.role = ParseMemberRole(rows[0].TextView(0)).value_or(MemberRole::kStaff);
    access.merchant_status = ParseMerchantStatus(rows[0].TextView(1)).value_or(MerchantStatus::kClosed);
    return std::optional<MerchantAccess>(access);
}

core::Result<std::vector<Member>> MembershipService::ListMembers(MerchantId merchant) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) { return tx.Query(kListMembers, {merchant.key()}); }));
    if (rows.empty()) return core::Error::NotFound("merchant_not_found", "no such merchant");
    std::vector<Member> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView row = rows[i];
        if (row.IsNull(0)) continue;  // the merchant's row without members
        Member& m = out.emplace_back();
        m.user_id = UserId(row.Int(0));
        m.name = row.Text(1);
        m.email = row.Text(2);
        m.mobile = row.OptText(3);
        m.role = ParseMemberRole(row.TextView(4)).value_or(MemberRole::kStaff);
        m.since = core::FromUnixMicros(row.Int(5));
    }
    return out;
}

core::Status MembershipService::AddMember(MerchantId merchant, UserId user, MemberRole role, UserId actor,
                                          std::string_view client_address) {
    return db_.Write(
        [&](store::Tx& tx) -> core::Status { return AddMemberInTx(tx, merchant, user, role, actor, client_address); });
}

core::Status MembershipService::AddMemberInTx(store::Tx& tx, MerchantId merchant, UserId user, MemberRole role,
                                              UserId actor, std::string_view client_address) {
    JANGTEO_TRY(auto found, LockAndRead(tx, merchant, user));
    if (!found) return core::Error::NotFound("merchant_not_found", "no such merchant");
    const auto& [status, state] = *found;
    if (IsFinal(status)) return MerchantClosed();
    if (!state.user_exists) return core::Error::NotFound("user_not_found", "no such user");
    if (state.role) return core::Error::AlreadyExists("already_member", "this user is already a member");
    JANGTEO_TRY_STATUS(tx.Exec(kInsertMembership,
                               {merchant.key(), user.key(), MemberRoleName(role), core::ToUnixMicros(clock_.Now())}));
    return RecordAudit(tx, clock_, random_,
                       {.action = "membership.added",
                        .actor_user = actor,
                        .merchant = merchant,
                        .subject = user.ToString(),
                        .client_address = std::string(client_address),
                        .detail = {{"role", MemberRoleName(role)}}});
}

core::Status MembershipService::RemoveMember(MerchantId merchant, UserId user, UserId actor,
                                             std::string_view client_address) {
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(auto found, LockAndRead(tx, merchant, user));
        if (!found || !found->second.role) return MemberNotFound();
        const MemberState& state = found->second;
        if (*state.role == MemberRole::kOwner && state.owners <= 1) return LastOwner();
        JANGTEO_TRY_STATUS(tx.Exec(kDeleteMembership, {merchant.key(), user.key()}));
        return RecordAudit(tx, clock_, random_,
                           {.action = "membership.removed",
                            .actor_user = actor,
                            .merchant = merchant,
                            .subject = user.ToString(),
                            .client_address = std::string(client_address),
                            .detail = {{"role", MemberRoleName(*state.role)}}});
    });
}

core::Status MembershipService::ChangeRole(MerchantId merchant, UserId user, MemberRole role, UserId actor,
                                           std::string_view client_address) {
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(auto found, LockAndRead(tx, merchant, user));
        if (!found || !found->second.role) return MemberNotFound();
        const auto& [status, state] = *found;
        if (IsFinal(status)) return MerchantClosed();
        const MemberRole from = *state.role;
        if (from == role) return {};
        if (from == MemberRole::kOwner && state.owners <= 1) return LastOwner();
        JANGTEO_TRY_STATUS(tx.Exec(kSetMemberRole, {merchant.key(), user.key(), MemberRoleName(role)}));
        return RecordAudit(tx, clock_, random_,
                           {.action = "membership.role_changed",
                            .actor_user = actor,
                            .merchant = merchant,
                            .subject = user.ToString(),
                            .client_address = std::string(client_address),
                            .detail = {{"from", MemberRoleName(from)}, {"to", MemberRoleName(role)}}});
    });
}

}  // namespace jangteo::platform
