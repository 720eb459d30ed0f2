#include "platform/user.hpp"

#include <utility>
#include <vector>

#include "core/validate.hpp"
#include "platform/password_policy.hpp"

namespace jangteo::platform {

namespace {

constexpr store::Sql kInsertUser{
    "platform.insert_user",
    "INSERT INTO platform_users (id, email, mobile, name, password_hash, status, email_verified_at_us,"
    " created_at_us, updated_at_us) VALUES ($1, $2, $3, $4, $5, 'active', NULL, $6, $6)"
    // Whichever unique key clashes, the insert does nothing and the service says which one; the
    // constraint, not a look-up beforehand, decides between two sign-ups racing for one email.
    " ON CONFLICT DO NOTHING"};
constexpr store::Sql kGetUser{"platform.get_user",
                              "SELECT id, email, mobile, name, password_hash, status, email_verified_at_us,"
                              " created_at_us, updated_at_us FROM platform_users WHERE id = $1"};
constexpr store::Sql kFindUserByEmail{"platform.find_user_by_email",
                                      "SELECT id, email, mobile, name, password_hash, status, email_verified_at_us,"
                                      " created_at_us, updated_at_us FROM platform_users WHERE email = $1"};
constexpr store::Sql kCountUsersByMobile{"platform.count_users_by_mobile",
                                         "SELECT count(*) FROM platform_users WHERE mobile = $1"};
// Compare-and-set on the old hash: a rehash or change never overwrites a change made in between.
constexpr store::Sql kReplacePasswordHash{
    "platform.replace_password_hash",
    "UPDATE platform_users SET password_hash = $2, updated_at_us = $3 WHERE id = $1 AND password_hash = $4"};
// The reset's write: only an active user, and the first verification time is kept.
constexpr store::Sql kResetPasswordHash{
    "platform.reset_password_hash",
    "UPDATE platform_users SET password_hash = $2, updated_at_us = $3,"
    " email_verified_at_us = COALESCE(email_verified_at_us, $3) WHERE id = $1 AND status = 'active'"};

// The erasure of an account (EraseUserInTx): only an active user, once.
constexpr store::Sql kEraseUser{
    "platform.erase_user",
    "UPDATE platform_users SET status = 'disabled', email = $2, mobile = NULL, name = '', password_hash = '',"
    " updated_at_us = $3 WHERE id = $1 AND status = 'active'"};
constexpr store::Sql kEraseSessions{"platform.erase_user_sessions",
                                    "UPDATE platform_sessions SET revoked_at_us = COALESCE(revoked_at_us, $2),"
                                    " user_agent = '', client_address = '' WHERE user_id = $1"};
constexpr store::Sql kDropOutbox{"platform.erase_user_outbox",
                                 "DELETE FROM platform_outbox WHERE recipient = $1 OR recipient = $2"};

// Stored user row: the User plus its hash.
struct UserRow {
    User user;
    std::string password_hash;
};

UserRow ReadUser(const store::RowView& row) {
    UserRow out;
    out.user.id = UserId(row.Int(0));
    out.user.email = row.Text(1);
    out.user.mobile = row.OptText(2);
    out.user.name = row.Text(3);
    out.password_hash = row.Text(4);
    out.user.status = row.TextView(5) == "active" ? UserStatus::kActive : UserStatus::kDisabled;
    if (auto at = row.OptInt(6)) out.user.email_verified_at = core::FromUnixMicros(*at);
    out.user.created_at = core::FromUnixMicros(row.Int(7));
    out.user.updated_at = core::FromUnixMicros(row.Int(8));
    return out;
}

core::Result<std::optional<UserRow>> LoadByEmail(store::Db& db, const std::string& email) {
    return db.Read([&](store::Tx& tx) -> core::Result<std::optional<UserRow>> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kFindUserByEmail, {std::string_view(email)}));
        if (rows.empty()) return std::optional<UserRow>();
        return std::optional<UserRow>(ReadUser(rows[0]));
    });
}

core::Result<UserRow> LoadById(store::Db& db, UserId id) {
    return db.Read([&](store::Tx& tx) -> core::Result<UserRow> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetUser, {id.key()}));
        if (rows.empty()) return core::Error::NotFound("user_not_found", "no such user");
        return ReadUser(rows[0]);
    });
}

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view TrimAscii(std::string_view s) {
    while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    return s;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool ValidLocalPart(std::string_view local) {
    // The dot-atom of RFC 5322: what real mailboxes use. Quoted local parts are refused on purpose.
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
    if (local.find("..") != std::string_view::npos) return false;
    constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~.";
    for (char c : local) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || kSpecials.find(c) != std::string_view::npos;
        if (!ok) return false;
    }
    return true;
}

bool ValidDomain(std::string_view domain) {
    // Host names only (internationalised domains arrive in their xn-- form), with at least one dot.
    if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos) return false;
    while (!domain.empty()) {
        std::size_t dot = domain.find('.');
        std::string_view label = domain.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        }
        if (dot == std::string_view::npos) {
            // A top-level domain is never all digits (that would be an IP address).
            if (label.find_first_not_of("0123456789") == std::string_view::npos) return false;
            break;
        }
        domain.remove_prefix(dot + 1);
        if (domain.empty()) return false;  // a trailing dot
    }
    return true;
}

core::Result<std::string> NormalizeName(std::string_view text) {
    std::string_view trimmed = TrimAscii(text);
    auto cps = core::DecodeUtf8(trimmed);
    if (!cps)
        return core::Error::Invalid("invalid_name", "the name is not acceptable",
                                    {{"name", "invalid_name", "must be text"}});
    // The ideographic space (U+3000) that Korean input methods type also counts as blank at the ends.
    std::size_t b = 0, e = cps->size();
    while (b < e && (*cps)[b] == U'\u3000') ++b;
    while (e > b && ((*cps)[e - 1] == U'\u3000')) --e;
    if (b == e)
        return core::Error::Invalid("invalid_name", "the name is not acceptable",
                                    {{"name", "required", "is required"}});
    if (e - b > kMaxNameCodePoints) {
        return core::Error::Invalid("invalid_name", "the name is not acceptable",
                                    {{"name", "name_too_long", "must be at most 100 characters"}});
    }
    for (std::size_t i = b; i < e; ++i) {
        char32_t c = (*cps)[i];
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
            return core::Error::Invalid("invalid_name", "the name is not acceptable",
                                        {{"name", "invalid_name", "must not contain control characters"}});
        }
    }
    // Cut the trimmed bytes: every U+3000 is three bytes.
    trimmed.remove_prefix(b * 3);
    trimmed.remove_suffix((cps->size() - e) * 3);
    return std::string(trimmed);
}

core::Error BadCredentials() {
    return core::Error::Unauthenticated("bad_credentials", "the email or the password is wrong");
}

// A new user's email, name and mobile as stored ("" for no mobile), whichever are acceptable.
struct NewUserFields {
    std::string email;
    std::string name;
    std::string mobile;
};

// Normalises the fields that every way of making a user checks alike, appending one field error to
// `fields` for each one that is not acceptable.
NewUserFields NormalizeNewUser(const SignUpInput& input, std::vector<core::FieldError>& fields) {
    NewUserFields out;
    if (auto r = NormalizeEmail(input.email); r.ok()) {
        out.email = std::move(*r);
    } else {
        fields.push_back(r.error().fields.front());
    }
    if (auto r = NormalizeName(input.name); r.ok()) {
        out.name = std::move(*r);
    } else {
        fields.push_back(r.error().fields.front());
    }
    std::string_view raw_mobile = input.mobile ? TrimAscii(*input.mobile) : std::string_view();
    if (!raw_mobile.empty()) {
        if (auto normalized = core::NormalizeKoreanMobile(raw_mobile)) {
            out.mobile = std::move(*normalized);
        } else {
            fields.push_back({"mobile", "invalid_mobile", "must be a Korean mobile number like 010-1234-5678"});
        }
    }
    return out;
}

// Writes an accepted new user with `hash`, and runs `hook` (when set) in the same transaction. Whichever
// unique key clashes, the insert does nothing and the answer says which one.
core::Result<User> InsertNewUser(store::Db& db, core::Clock& clock, core::Random& random, NewUserFields fields,
                                 std::string_view hash, const NewUserHook& hook) {
    User user;
    user.id = UserId::New(random);
    user.email = std::move(fields.email);
    if (!fields.mobile.empty()) user.mobile = std::move(fields.mobile);
    user.name = std::move(fields.name);
    user.created_at = user.updated_at = clock.Now();
    std::int64_t now = core::ToUnixMicros(user.created_at);
    store::Value mobile_value = user.mobile ? store::Value(std::string_view(*user.mobile)) : store::Value(nullptr);

    JANGTEO_TRY_STATUS(db.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t inserted,
                    tx.Exec(kInsertUser, {user.id.key(), std::string_view(user.email), mobile_value,
                                          std::string_view(user.name), hash, now}));
        if (inserted == 1) return hook ? hook(tx, user) : core::Status();
        JANGTEO_TRY(store::Rows by_email, tx.Query(kFindUserByEmail, {std::string_view(user.email)}));
        if (!by_email.empty()) {
            core::Error e = core::Error::AlreadyExists("email_taken", "an account with this email address exists");
            e.fields.push_back({"email", "email_taken", "is already registered"});
            return e;
        }
        if (user.mobile) {
            JANGTEO_TRY(store::Rows by_mobile, tx.Query(kCountUsersByMobile, {mobile_value}));
            if (by_mobile[0].Int(0) > 0) {
                core::Error e = core::Error::AlreadyExists("mobile_taken", "an account with this mobile number exists");
                e.fields.push_back({"mobile", "mobile_taken", "is already registered"});
                return e;
            }
        }
        // Only a clash of the random 63-bit id is left: vanishingly rare, and a retry succeeds.
        return core::Error::Unavailable("user_id_clash", "please try again");
    }));
    return user;
}

}  // namespace

std::string_view UserStatusName(UserStatus status) {
    switch (status) {
        case UserStatus::kActive: return "active";
        case UserStatus::kDisabled: return "disabled";
    }
    return "disabled";
}

core::Result<std::string> NormalizeEmail(std::string_view text, std::string_view field) {
    std::string_view trimmed = TrimAscii(text);
    std::string f(field);
    if (trimmed.empty())
        return core::Error::Invalid("invalid_email", "an email address is required", {{f, "required", "is required"}});
    if (trimmed.size() > kMaxEmailBytes) {
        return core::Error::Invalid("invalid_email", "the email address is too long",
                                    {{f, "email_too_long", "must be at most 254 characters"}});
    }
    std::string email = AsciiLower(trimmed);
    std::size_t at = email.find('@');
    bool ok = at != std::string::npos && email.find('@', at + 1) == std::string::npos &&
              ValidLocalPart(std::string_view(email).substr(0, at)) &&
              ValidDomain(std::string_view(email).substr(at + 1));
    if (!ok) {
        return core::Error::Invalid("invalid_email", "the email address is not valid",
                                    {{f, "invalid_email", "must be an email address like name@example.kr"}});
    }
    return email;
}

core::Status ResetPasswordHash(store::Tx& tx, UserId id, std::string_view hash, core::TimePoint now) {
    JANGTEO_TRY(std::int64_t changed, tx.Exec(kResetPasswordHash, {id.key(), hash, core::ToUnixMicros(now)}));
    if (changed != 1) return core::Error::NotFound("user_not_found", "no such active user");
    return {};
}

core::Status EraseUserInTx(store::Tx& tx, UserId id, core::TimePoint now) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetUser, {id.key()}));
    if (rows.empty()) return core::Error::NotFound("user_not_found", "no such user");
    const UserRow row = ReadUser(rows[0]);
    if (row.user.status != UserStatus::kActive) {
        return core::Error::FailedPrecondition("account_erased", "this account was closed before");
    }
    const std::int64_t at = core::ToUnixMicros(now);
    const std::string placeholder = "erased+" + id.ToString() + "@erased.invalid";
    JANGTEO_TRY(std::int64_t changed, tx.Exec(kEraseUser, {id.key(), std::string_view(placeholder), at}));
    if (changed != 1) return core::Error::FailedPrecondition("account_erased", "this account was closed before");
    JANGTEO_TRY(std::int64_t sessions, tx.Exec(kEraseSessions, {id.key(), at}));
    (void)sessions;
    const std::string mobile = row.user.mobile.value_or(row.user.email);
    JANGTEO_TRY(std::int64_t dropped,
                tx.Exec(kDropOutbox, {std::string_view(row.user.email), std::string_view(mobile)}));
    (void)dropped;
    return {};
}

core::Result<User> UserService::SignUp(const SignUpInput& input) {
    std::vector<core::FieldError> fields;
    NewUserFields user = NormalizeNewUser(input, fields);
    if (auto weak = CheckPasswordPolicy(input.password, {user.email, user.mobile})) fields.push_back(std::move(*weak));
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_sign_up", "some fields are not acceptable", std::move(fields));
    }
    JANGTEO_TRY(std::string hash, hasher_.Hash(input.password));
    return InsertNewUser(db_, clock_, random_, std::move(user), hash, new_user_hook_);
}

core::Result<User> UserService::CreateWithPasswordHash(const SignUpInput& input, std::string_view password_hash) {
    std::vector<core::FieldError> fields;
    NewUserFields user = NormalizeNewUser(input, fields);
    if (!password_hash.starts_with("$argon2id$")) {
        fields.push_back({"password_hash", "invalid_password_hash", "must be an Argon2id hash made by the hasher"});
    }
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_sign_up", "some fields are not acceptable", std::move(fields));
    }
    return InsertNewUser(db_, clock_, random_, std::move(user), password_hash, new_user_hook_);
}

core::Result<User> UserService::Authenticate(std::string_view email, std::string_view password) {
    // No stored password is longer than the policy allows, so a longer one cannot match; refusing it
    // here keeps anyone from making the server hash megabytes. It tells nothing about the account.
    if (password.size() > kMaxPasswordBytes) return BadCredentials();
    std::string key = AsciiLower(TrimAscii(email));
    JANGTEO_TRY(std::optional<UserRow> row, LoadByEmail(db_, key));
    if (!row) {
        hasher_.VerifyDummy(password);
        return BadCredentials();
    }
    if (!hasher_.Verify(row->password_hash, password)) return BadCredentials();
    if (row->user.status != UserStatus::kActive) {
        return core::Error::PermissionDenied("user_disabled", "this account is disabled");
    }
    if (hasher_.NeedsRehash(row->password_hash)) {
        // Best effort: sign-in succeeds even if the upgrade does not; the next sign-in tries again.
        if (auto fresh = hasher_.Hash(password); fresh.ok()) {
            std::int64_t now = core::ToUnixMicros(clock_.Now());
            auto st = db_.Write([&](store::Tx& tx) -> core::Status {
                JANGTEO_TRY_STATUS(tx.Exec(kReplacePasswordHash, {row->user.id.key(), std::string_view(*fresh), now,
                                                                  std::string_view(row->password_hash)}));
                return {};
            });
            if (st.ok()) row->user.updated_at = core::FromUnixMicros(now);
        }
    }
    return std::move(row->user);
}

core::Result<User> UserService::Get(UserId id) {
    JANGTEO_TRY(UserRow row, LoadById(db_, id));
    return std::move(row.user);
}

core::Result<User> UserService::GetInTx(store::Tx& tx, UserId id) {
    JANGTEO_TRY(store::Rows rows, tx.Query(kGetUser, {id.key()}));
    if (rows.empty()) return core::Error::NotFound("user_not_found", "no such user");
    UserRow row = ReadUser(rows[0]);
    return std::move(row.user);
}

core::Result<User> UserService::FindByEmail(std::string_view email) {
    JANGTEO_TRY(std::optional<UserRow> row, LoadByEmail(db_, AsciiLower(TrimAscii(email))));
    if (!row) return core::Error::NotFound("user_not_found", "no such user");
    return std::move(row->user);
}

core::Status UserService::ChangePassword(UserId id, std::string_view current_password, std::string_view new_password) {
    JANGTEO_TRY(UserRow row, LoadById(db_, id));
    if (current_password.size() > kMaxPasswordBytes || !hasher_.Verify(row.password_hash, current_password)) {
        return core::Error::Invalid("wrong_password", "the current password is wrong",
                                    {{"current_password", "wrong_password", "is not your current password"}});
    }
    if (row.user.status != UserStatus::kActive) {
        return core::Error::PermissionDenied("user_disabled", "this account is disabled");
    }
    if (auto weak = CheckPasswordPolicy(new_password, {row.user.email, row.user.mobile.value_or("")}, "new_password")) {
        return core::Error::Invalid("invalid_password", "the new password is not acceptable", {std::move(*weak)});
    }
    JANGTEO_TRY(std::string hash, hasher_.Hash(new_password));
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t changed, tx.Exec(kReplacePasswordHash, {id.key(), std::string_view(hash), now,
                                                                         std::string_view(row.password_hash)}));
        if (changed != 1) {
            return core::Error::Conflict("password_changed_concurrently",
                                         "the password was changed meanwhile; please try again");
        }
        return {};
    });
}

}  // namespace jangteo::platform
