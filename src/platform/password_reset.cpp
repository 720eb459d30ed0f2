#include "platform/password_reset.hpp"

#include <cstdio>
#include <optional>
#include <utility>

#include "platform/audit.hpp"
#include "platform/password_policy.hpp"
#include "platform/session.hpp"

namespace jangteo::platform {

namespace {

// Takes the user's row lock (PostgreSQL) by a write that changes nothing, so that two requests for
// one user count their live links one after the other; SQLite has one writer anyway.
constexpr store::Sql kLockUser{"platform.reset_lock_user",
                               "UPDATE platform_users SET updated_at_us = updated_at_us"
                               " WHERE id = $1 AND status = 'active'"};
constexpr store::Sql kCountLiveResets{
    "platform.count_live_resets",
    "SELECT count(*) FROM platform_password_resets WHERE user_id = $1 AND created_at_us > $2"
    " AND expires_at_us > $3 AND used_at_us IS NULL AND revoked_at_us IS NULL"};
constexpr store::Sql kInsertReset{
    "platform.insert_reset",
    "INSERT INTO platform_password_resets (id, user_id, token_hash, created_at_us, expires_at_us, used_at_us,"
    " revoked_at_us) VALUES ($1, $2, $3, $4, $5, NULL, NULL)"
    // Only a clash of the random id or of a 256-bit token hash can hit this.
    " ON CONFLICT DO NOTHING"};
constexpr store::Sql kFindReset{"platform.find_reset",
                                "SELECT id, user_id, expires_at_us, used_at_us, revoked_at_us"
                                " FROM platform_password_resets WHERE token_hash = $1"};
// Compare-and-set: of two confirmations of one token, only the first changes the row.
constexpr store::Sql kUseReset{"platform.use_reset",
                               "UPDATE platform_password_resets SET used_at_us = $2 WHERE id = $1"
                               " AND used_at_us IS NULL AND revoked_at_us IS NULL AND expires_at_us > $2"};
constexpr store::Sql kRevokeOtherResets{"platform.revoke_other_resets",
                                        "UPDATE platform_password_resets SET revoked_at_us = $3"
                                        " WHERE user_id = $1 AND id <> $2 AND used_at_us IS NULL"
                                        " AND revoked_at_us IS NULL"};
// As SessionService::RevokeAllExcept keeping none, but inside the reset's transaction.
constexpr store::Sql kRevokeAllSessions{"platform.reset_revoke_sessions",
                                        "UPDATE platform_sessions SET revoked_at_us = $2"
                                        " WHERE user_id = $1 AND revoked_at_us IS NULL"};
// DELETE ... LIMIT is SQLite-only; a limited subquery works on both.
constexpr store::Sql kPurgeResets{"platform.purge_resets",
                                  "DELETE FROM platform_password_resets WHERE id IN (SELECT id"
                                  " FROM platform_password_resets WHERE expires_at_us < $1 LIMIT $2)"};

constexpr std::string_view kResetKind = "password_reset";
constexpr std::string_view kChangedKind = "password_changed";

core::Error TokenInvalid() {
    return core::Error::Invalid("reset_token_invalid", "the reset link is not valid; ask for a new one",
                                {{"token", "reset_token_invalid", "is not a valid reset link"}});
}
core::Error TokenExpired() {
    return core::Error::Invalid("reset_token_expired", "the reset link has expired; ask for a new one",
                                {{"token", "reset_token_expired", "has expired"}});
}

// A time as people in Korea read it (KST, +09:00 all year since 1988).
struct KoreanTime {
    int year;
    unsigned month, day;
    long long hour, minute;
};
KoreanTime ToKorean(core::TimePoint t) {
    using namespace std::chrono;
    auto local = time_point_cast<minutes>(t) + hours(9);
    auto day = floor<days>(local);
    year_month_day ymd{day};
    long long mins = (local - day).count();
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
            mins / 60, mins % 60};
}

// "2026년 11월 22일 13:04"
std::string KoreanDate(core::TimePoint t) {
    KoreanTime k = ToKorean(t);
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%d년 %u월 %u일 %02lld:%02lld", k.year, k.month, k.day, k.hour, k.minute);
    return std::string(buf, static_cast<std::size_t>(n > 0 ? n : 0));
}

// "22 November 2026, 13:04"
std::string EnglishDate(core::TimePoint t) {
    static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                              "July",    "August",   "September", "October", "November", "December"};
    KoreanTime k = ToKorean(t);
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%u %s %d, %02lld:%02lld", k.day, kMonths[k.month - 1], k.year, k.hour,
                          k.minute);
    return std::string(buf, static_cast<std::size_t>(n > 0 ? n : 0));
}

struct ResetRow {
    PasswordResetId id;
    UserId user_id;
    core::TimePoint expires_at;
    bool used_or_revoked = false;
};

}  // namespace

std::string ResetLink(std::string_view public_url, std::string_view token) {
    while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
    std::string link(public_url);
    link += "/reset-password#token=";
    link += token;
    return link;
}

MailText ResetRequestMail(const User& user, std::string_view link, core::TimePoint expires_at) {
    MailText mail;
    mail.subject = "[장터] 비밀번호 재설정 안내 / Reset your Jangteo password";
    std::string& b = mail.body;
    b += user.name;
    b += "님, 안녕하세요.\n\n장터 계정 ";
    b += user.email;
    b += "의 비밀번호를 재설정해 달라는 요청을 받았습니다.\n"
         "아래 링크를 열어 새 비밀번호를 정해 주세요. 링크는 한 번만 쓸 수 있으며\n";
    b += KoreanDate(expires_at);
    b += " (한국 시간)까지 유효합니다.\n\n";
    b += link;
    b += "\n\n요청하지 않으셨다면 이 메일을 무시하셔도 됩니다. 비밀번호는 바뀌지 않습니다.\n\n----\n\nHello ";
    b += user.name;
    b += ",\n\nWe received a request to reset the password of the Jangteo account ";
    b += user.email;
    b += ".\nOpen the link below to choose a new password. The link works once and expires on\n";
    b += EnglishDate(expires_at);
    b += " Korea time (KST).\n\n";
    b += link;
    b += "\n\nIf you did not ask for this, you can ignore this email: your password stays as it is.\n";
    return mail;
}

MailText PasswordChangedMail(const User& user, core::TimePoint changed_at) {
    MailText mail;
    mail.subject = "[장터] 비밀번호가 변경되었습니다 / Your Jangteo password was changed";
    std::string& b = mail.body;
    b += user.name;
    b += "님, 안녕하세요.\n\n장터 계정 ";
    b += user.email;
    b += "의 비밀번호가 ";
    b += KoreanDate(changed_at);
    b += " (한국 시간)에 재설정되었고, 모든 기기에서 로그아웃되었습니다.\n"
         "직접 하신 일이 아니라면 곧바로 비밀번호를 다시 재설정하고 운영자에게 알려 주세요.\n\n----\n\nHello ";
    b += user.name;
    b += ",\n\nThe password of the Jangteo account ";
    b += user.email;
    b += " was reset on ";
    b += EnglishDate(changed_at);
    b += " Korea time (KST),\nand every device was signed out. If this was not you, reset your password again\n"
         "at once and tell the operator.\n";
    return mail;
}

PasswordResetService::PasswordResetService(store::Db& db, core::Clock& clock, core::Random& random,
                                           const PasswordHasher& hasher, ResetOptions options, OutboxWaker* waker)
    : db_(db),
      clock_(clock),
      random_(random),
      hasher_(hasher),
      options_(std::move(options)),
      waker_(waker),
      users_(db, clock, random, hasher) {}

core::Status PasswordResetService::Request(std::string_view email, std::string_view client_address) {
    JANGTEO_TRY(std::string address, NormalizeEmail(email));
    auto user = users_.FindByEmail(address);
    if (!user.ok()) {
        // An unknown address looks exactly like a known one.
        if (user.error().code == core::ErrorCode::kNotFound) return {};
        return std::move(user).error();
    }
    if (user->status != UserStatus::kActive) return {};

    const core::TimePoint now = clock_.Now();
    const core::TimePoint expires_at = now + options_.lifetime;
    const std::string token = NewSessionToken(random_);
    const std::string token_hash = HashSessionToken(token);
    const PasswordResetId id = PasswordResetId::New(random_);
    const MailText mail = ResetRequestMail(*user, ResetLink(options_.public_url, token), expires_at);
    const std::string from = SanitizeHeaderText(client_address, kMaxClientAddressBytes);
    const std::int64_t now_us = core::ToUnixMicros(now);

    bool enqueued = false;
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        enqueued = false;  // the body may run again after a serialization failure
        JANGTEO_TRY(std::int64_t locked, tx.Exec(kLockUser, {user->id.key()}));
        if (locked != 1) return {};  // disabled meanwhile
        JANGTEO_TRY(
            store::Rows live,
            tx.Query(kCountLiveResets, {user->id.key(), core::ToUnixMicros(now - kResetRequestWindow), now_us}));
        if (live[0].Int(0) >= kMaxLiveResetRequests) return {};
        JANGTEO_TRY(std::int64_t inserted,
                    tx.Exec(kInsertReset, {id.key(), user->id.key(), std::string_view(token_hash), now_us,
                                           core::ToUnixMicros(expires_at)}));
        if (inserted != 1) return core::Error::Unavailable("reset_id_clash", "please try again");
        JANGTEO_TRY_STATUS(EnqueueMessage(tx, clock_, random_,
                                          {.channel = Channel::kEmail,
                                           .to = user->email,
                                           .subject = mail.subject,
                                           .body = mail.body,
                                           .kind = std::string(kResetKind)}));
        // No actor: whoever asked has not signed in; the subject is the account.
        JANGTEO_TRY_STATUS(RecordAudit(
            tx, clock_, random_,
            {.action = "user.password_reset_requested", .subject = user->id.ToString(), .client_address = from}));
        enqueued = true;
        return {};
    }));
    if (enqueued && waker_) waker_->Wake();
    return {};
}

core::Status PasswordResetService::Confirm(std::string_view token, std::string_view new_password,
                                           std::string_view client_address) {
    // A malformed token is refused before the database is asked.
    if (!IsWellFormedSessionToken(token)) return TokenInvalid();
    const std::string token_hash = HashSessionToken(token);
    JANGTEO_TRY(std::optional<ResetRow> found, db_.Read([&](store::Tx& tx) -> core::Result<std::optional<ResetRow>> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kFindReset, {std::string_view(token_hash)}));
        if (rows.empty()) return std::optional<ResetRow>();
        const store::RowView row = rows[0];
        return std::optional<ResetRow>(ResetRow{PasswordResetId(row.Int(0)), UserId(row.Int(1)),
                                                core::FromUnixMicros(row.Int(2)), !row.IsNull(3) || !row.IsNull(4)});
    }));
    if (!found || found->used_or_revoked) return TokenInvalid();
    if (clock_.Now() >= found->expires_at) return TokenExpired();

    auto user = users_.Get(found->user_id);
    if (!user.ok()) {
        if (user.error().code == core::ErrorCode::kNotFound) return TokenInvalid();
        return std::move(user).error();
    }
    if (user->status != UserStatus::kActive) {
        return core::Error::PermissionDenied("user_disabled", "this account is disabled");
    }
    if (auto weak = CheckPasswordPolicy(new_password, {user->email, user->mobile.value_or("")}, "new_password")) {
        return core::Error::Invalid("invalid_password", "the new password is not acceptable", {std::move(*weak)});
    }
    JANGTEO_TRY(std::string hash, hasher_.Hash(new_password));

    // Hashing took a while: the token may have expired meanwhile, which the compare-and-set sees.
    const core::TimePoint now = clock_.Now();
    const std::int64_t now_us = core::ToUnixMicros(now);
    const MailText notice = PasswordChangedMail(*user, now);
    const std::string from = SanitizeHeaderText(client_address, kMaxClientAddressBytes);
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t used, tx.Exec(kUseReset, {found->id.key(), now_us}));
        if (used != 1) return now >= found->expires_at ? TokenExpired() : TokenInvalid();
        JANGTEO_TRY_STATUS(ResetPasswordHash(tx, user->id, hash, now));
        JANGTEO_TRY(std::int64_t sessions, tx.Exec(kRevokeAllSessions, {user->id.key(), now_us}));
        JANGTEO_TRY_STATUS(tx.Exec(kRevokeOtherResets, {user->id.key(), found->id.key(), now_us}));
        JANGTEO_TRY_STATUS(EnqueueMessage(tx, clock_, random_,
                                          {.channel = Channel::kEmail,
                                           .to = user->email,
                                           .subject = notice.subject,
                                           .body = notice.body,
                                           .kind = std::string(kChangedKind)}));
        return RecordAudit(tx, clock_, random_,
                           {.action = "user.password_reset",
                            .actor_user = user->id,
                            .subject = user->id.ToString(),
                            .client_address = from,
                            .detail = {{"sessions_revoked", sessions}}});
    }));
    if (waker_) waker_->Wake();
    return {};
}

core::Result<std::int64_t> PasswordResetService::PurgeExpired(std::int64_t limit) {
    // A day after its end, so that a late click still gets "expired" rather than "invalid".
    const core::TimePoint cutoff = clock_.Now() - std::chrono::hours(24);
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        return tx.Exec(kPurgeResets, {core::ToUnixMicros(cutoff), limit});
    });
}

}  // namespace jangteo::platform
