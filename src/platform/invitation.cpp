#include "platform/invitation.hpp"

#include "platform/audit.hpp"
#include "platform/membership.hpp"
#include "platform/outbox.hpp"
#include "platform/session.hpp"
#include "platform/user.hpp"

namespace jangteo::platform {

namespace {

// Takes the merchant's row lock first (a no-op update), so that two invitations of one merchant
// run one after the other and the count of pending ones cannot be passed by concurrent invites
// (PostgreSQL runs write transactions at READ COMMITTED; SQLite has one writer anyway).
constexpr store::Sql kMerchantForInvite{"platform.merchant_for_invite",
                                        "UPDATE platform_merchants SET updated_at_us = updated_at_us WHERE id = $1"
                                        " RETURNING name_ko, name_en, status"};
constexpr store::Sql kMemberWithEmail{"platform.member_with_email",
                                      "SELECT count(*) FROM platform_memberships m JOIN platform_users u"
                                      " ON u.id = m.user_id WHERE m.merchant_id = $1 AND u.email = $2"};
constexpr store::Sql kCountPending{"platform.count_pending_invitations",
                                   "SELECT count(*) FROM platform_invitations WHERE merchant_id = $1"
                                   " AND accepted_at_us IS NULL AND revoked_at_us IS NULL AND expires_at_us > $2"};
constexpr store::Sql kRevokePendingForEmail{
    "platform.revoke_pending_invitations_for_email",
    "UPDATE platform_invitations SET revoked_at_us = $3 WHERE merchant_id = $1 AND email = $2"
    " AND accepted_at_us IS NULL AND revoked_at_us IS NULL AND expires_at_us > $3"};
constexpr store::Sql kInsertInvitation{
    "platform.insert_invitation",
    "INSERT INTO platform_invitations (id, merchant_id, email, role, token_hash, invited_by, created_at_us,"
    " expires_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr store::Sql kListInvitations{
    "platform.list_invitations",
    "SELECT id, email, role, invited_by, created_at_us, expires_at_us, accepted_at_us, revoked_at_us"
    " FROM platform_invitations WHERE merchant_id = $1 ORDER BY created_at_us DESC, id DESC LIMIT 500"};
constexpr store::Sql kRevokeInvitation{
    "platform.revoke_invitation",
    "UPDATE platform_invitations SET revoked_at_us = $3 WHERE id = $1 AND merchant_id = $2"
    " AND accepted_at_us IS NULL AND revoked_at_us IS NULL AND expires_at_us > $3"};
constexpr store::Sql kFindByToken{
    "platform.find_invitation_by_token",
    "SELECT i.id, i.merchant_id, i.email, i.role, i.expires_at_us, i.accepted_at_us, i.revoked_at_us,"
    " m.name_ko, m.name_en FROM platform_invitations i JOIN platform_merchants m ON m.id = i.merchant_id"
    " WHERE i.token_hash = $1"};
constexpr store::Sql kUseInvitation{"platform.use_invitation",
                                    "UPDATE platform_invitations SET accepted_at_us = $2, accepted_by = $3"
                                    " WHERE id = $1 AND accepted_at_us IS NULL AND revoked_at_us IS NULL"
                                    " AND expires_at_us > $2"};

core::Error TokenProblem(std::string reason, std::string message) {
    return core::Error::Invalid(reason, message, {{"token", reason, message}});
}

InvitationStatus StatusOf(const store::RowView& row, std::size_t expires, std::size_t accepted, std::size_t revoked,
                          std::int64_t now) {
    if (!row.IsNull(accepted)) return InvitationStatus::kAccepted;
    if (!row.IsNull(revoked)) return InvitationStatus::kRevoked;
    if (row.Int(expires) <= now) return InvitationStatus::kExpired;
    return InvitationStatus::kPending;
}

std::string InvitationMail(std::string_view name_ko, std::string_view name_en, std::string_view role_ko,
                           std::string_view role_en, std::string_view link, std::string_view expires) {
    std::string body;
    body.append("안녕하세요.\n\n");
    body.append(name_ko).append("에서 장터의 ").append(role_ko).append("(으)로 함께 일하자고 초대했습니다.\n");
    body.append("아래 링크를 열어 가입하거나 로그인한 뒤 초대를 수락해 주세요.\n\n");
    body.append(link).append("\n\n");
    body.append("이 링크는 한 번만 쓸 수 있으며 ").append(expires).append(" (UTC)까지 유효합니다.\n");
    body.append("초대를 기대하지 않았다면 이 메일을 무시하셔도 됩니다.\n\n");
    body.append("---\n\n");
    body.append(name_en.empty() ? name_ko : name_en)
        .append(" has invited you to work with them on Jangteo as ")
        .append(role_en)
        .append(".\nOpen the link above, sign up or sign in, and accept the invitation.\n");
    body.append("The link works once and until ").append(expires).append(" (UTC).\n");
    body.append("If you did not expect this invitation, you can ignore this mail.\n");
    return body;
}

}  // namespace

std::string_view InvitationStatusName(InvitationStatus status) {
    switch (status) {
        case InvitationStatus::kPending: return "pending";
        case InvitationStatus::kAccepted: return "accepted";
        case InvitationStatus::kRevoked: return "revoked";
        case InvitationStatus::kExpired: return "expired";
    }
    return "pending";
}

core::Result<Invitation> InvitationService::Invite(MerchantId merchant, std::string_view email_text, MemberRole role,
                                                   UserId actor, std::string_view client_address) {
    JANGTEO_TRY(std::string email, NormalizeEmail(email_text, "email"));
    std::string token = NewSessionToken(random_);
    std::string token_hash = HashSessionToken(token);
    Invitation inv;
    inv.id = InvitationId::New(random_);
    inv.merchant_id = merchant;
    inv.email = email;
    inv.role = role;
    inv.invited_by = actor;
    inv.created_at = clock_.Now();
    inv.expires_at = inv.created_at + options_.lifetime;
    std::int64_t now = core::ToUnixMicros(inv.created_at);
    std::string link = options_.public_url;
    link.append("/invitations/accept#token=").append(token);

    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows m, tx.Query(kMerchantForInvite, {merchant.key()}));
        if (m.empty()) return core::Error::NotFound("merchant_not_found", "no such merchant");
        JANGTEO_TRY(store::Rows member, tx.Query(kMemberWithEmail, {merchant.key(), std::string_view(email)}));
        if (member[0].Int(0) > 0) {
            core::Error taken = core::Error::AlreadyExists("already_member", "a member already has this email");
            taken.fields = {{"email", "already_member", "is already a member's address"}};
            return taken;
        }
        JANGTEO_TRY(std::int64_t replaced,
                    tx.Exec(kRevokePendingForEmail, {merchant.key(), std::string_view(email), now}));
        JANGTEO_TRY(store::Rows pending, tx.Query(kCountPending, {merchant.key(), now}));
        if (pending[0].Int(0) >= kMaxPendingInvitations) {
            return core::Error::FailedPrecondition("too_many_invitations",
                                                   "at most " + std::to_string(kMaxPendingInvitations) +
                                                       " invitations may wait at once; revoke some first");
        }
        JANGTEO_TRY_STATUS(tx.Exec(
            kInsertInvitation, {inv.id.key(), merchant.key(), std::string_view(email), MemberRoleName(role),
                                std::string_view(token_hash), actor.key(), now, core::ToUnixMicros(inv.expires_at)}));
        bool owner = role == MemberRole::kOwner;
        std::string expires = core::FormatRfc3339(inv.expires_at).substr(0, 16);
        if (expires.size() > 10) expires[10] = ' ';
        std::string subject = "[장터] ";
        subject.append(m[0].TextView(0))
            .append(" 초대 / Invitation to ")
            .append(m[0].TextView(1).empty() ? m[0].TextView(0) : m[0].TextView(1));
        JANGTEO_TRY_STATUS(
            EnqueueMessage(tx, clock_, random_,
                           {.channel = Channel::kEmail,
                            .to = email,
                            .subject = std::move(subject),
                            .body = InvitationMail(m[0].TextView(0), m[0].TextView(1), owner ? "공동 대표" : "직원",
                                                   owner ? "a co-owner" : "staff", link, expires),
                            .kind = "staff_invitation"}));
        return RecordAudit(tx, clock_, random_,
                           {.action = "invitation.created",
                            .actor_user = actor,
                            .merchant = merchant,
                            .subject = inv.id.ToString(),
                            .client_address = std::string(client_address),
                            .detail = {{"email", email}, {"role", MemberRoleName(role)}, {"replaced", replaced}}});
    }));
    if (options_.waker) options_.waker();
    return inv;
}

core::Result<std::vector<Invitation>> InvitationService::List(MerchantId merchant) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(store::Rows rows,
                db_.Read([&](store::Tx& tx) { return tx.Query(kListInvitations, {merchant.key()}); }));
    std::vector<Invitation> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView row = rows[i];
        Invitation& inv = out.emplace_back();
        inv.id = InvitationId(row.Int(0));
        inv.merchant_id = merchant;
        inv.email = row.Text(1);
        inv.role = ParseMemberRole(row.TextView(2)).value_or(MemberRole::kStaff);
        inv.invited_by = UserId(row.Int(3));
        inv.created_at = core::FromUnixMicros(row.Int(4));
        inv.expires_at = core::FromUnixMicros(row.Int(5));
        inv.status = StatusOf(row, 5, 6, 7, now);
    }
    return out;
}

core::Status InvitationService::Revoke(MerchantId merchant, InvitationId id, UserId actor,
                                       std::string_view client_address) {
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t changed, tx.Exec(kRevokeInvitation, {id.key(), merchant.key(), now}));
        if (changed != 1) return core::Error::NotFound("invitation_not_found", "no such pending invitation");
        return RecordAudit(tx, clock_, random_,
                           {.action = "invitation.revoked",
                            .actor_user = actor,
                            .merchant = merchant,
                            .subject = id.ToString(),
                            .client_address = std::string(client_address)});
    });
}

core::Result<InvitationPreview> InvitationService::Lookup(std::string_view token) {
    if (!IsWellFormedSessionToken(token)) {
        return TokenProblem("invitation_invalid", "the invitation link is not valid");
    }
    std::string hash = HashSessionToken(token);
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    JANGTEO_TRY(store::Rows rows,
                db_.Read([&](store::Tx& tx) { return tx.Query(kFindByToken, {std::string_view(hash)}); }));
    if (rows.empty()) return TokenProblem("invitation_invalid", "the invitation link is not valid");
    const store::RowView row = rows[0];
    switch (StatusOf(row, 4, 5, 6, now)) {
        case InvitationStatus::kAccepted:
            return TokenProblem("invitation_used", "the invitation has already been accepted");
        case InvitationStatus::kRevoked: return TokenProblem("invitation_invalid", "the invitation was withdrawn");
        case InvitationStatus::kExpired:
            return TokenProblem("invitation_expired", "the invitation has expired; ask for a new one");
        case InvitationStatus::kPending: break;
    }
    InvitationPreview p;
    p.merchant_id = MerchantId(row.Int(1));
    p.email = row.Text(2);
    p.role = ParseMemberRole(row.TextView(3)).value_or(MemberRole::kStaff);
    p.expires_at = core::FromUnixMicros(row.Int(4));
    p.merchant_name_ko = row.Text(7);
    p.merchant_name_en = row.Text(8);
    return p;
}

core::Result<Joined> InvitationService::Accept(std::string_view token, UserId user, std::string_view client_address) {
    JANGTEO_TRY(InvitationPreview preview, Lookup(token));
    std::string hash = HashSessionToken(token);
    return db_.Write([&](store::Tx& tx) -> core::Result<Joined> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kFindByToken, {std::string_view(hash)}));
        if (rows.empty()) return TokenProblem("invitation_invalid", "the invitation link is not valid");
        InvitationId id(rows[0].Int(0));
        std::int64_t now = core::ToUnixMicros(clock_.Now());
        JANGTEO_TRY(std::int64_t used, tx.Exec(kUseInvitation, {id.key(), now, user.key()}));
        // Zero rows: accepted, revoked or expired since the look-up; nothing is changed.
        if (used != 1) return TokenProblem("invitation_used", "the invitation has already been used");
        JANGTEO_TRY_STATUS(
            memberships_.AddMemberInTx(tx, preview.merchant_id, user, preview.role, user, client_address));
        JANGTEO_TRY_STATUS(RecordAudit(tx, clock_, random_,
                                       {.action = "invitation.accepted",
                                        .actor_user = user,
                                        .merchant = preview.merchant_id,
                                        .subject = id.ToString(),
                                        .client_address = std::string(client_address),
                                        .detail = {{"role", MemberRoleName(preview.role)}}}));
        return Joined{preview.merchant_id, preview.role};
    });
}

}  // namespace jangteo::platform
