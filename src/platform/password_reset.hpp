// Password reset by email link. A person who forgot their password asks for a link by email
// address; the mail (through the outbox) carries `<public_url>/reset-password#token=<token>`, whose
// page sends the token back with a new password. The token is 256 random bits of which only the
// SHA-256 is stored; it works once, for an hour. A successful reset ends every session of the user
// and every other reset link, and tells the user by mail.
//
//   platform::PasswordResetService resets(db, clock, random, hasher, {.public_url = "https://jangteo.example.kr"},
//                                         &dispatcher);
//   resets.Request("minsu@example.kr", client_address);    // OK for any well-formed address
//   resets.Confirm(token_from_page, "새로운부산바다비밀번호", client_address);
//
// Request answers the same for unknown, disabled and known addresses, so that it tells nobody who
// has an account. (It does one write more for a known address, a few milliseconds.)
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/outbox.hpp"
#include "platform/password.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

struct ResetOptions {
    std::chrono::microseconds lifetime = std::chrono::hours(1);  // how long a link works
    // Where the web app is, as http(s)://host[:port] without a path (the `public_url` setting).
    std::string public_url = "http://127.0.0.1:8080";
};

// At most this many links that are still usable, asked for within the window, per user; beyond that
// Request quietly sends nothing, so that nobody can flood a mailbox through the form.
inline constexpr int kMaxLiveResetRequests = 3;
inline constexpr std::chrono::hours kResetRequestWindow{1};

// The texts of the two mails, Korean first with the English below it, expiry and times in Korea's
// time. Pure, for tests and for a preview.
struct MailText {
    std::string subject;
    std::string body;
};
MailText ResetRequestMail(const User& user, std::string_view link, core::TimePoint expires_at);
MailText PasswordChangedMail(const User& user, core::TimePoint changed_at);
// The link of a reset mail: `<public_url>/reset-password#token=<token>`. The token rides in the
// fragment, which browsers never send to a server, so it stays out of access logs and Referer headers.
std::string ResetLink(std::string_view public_url, std::string_view token);

// Thread-safe: holds references and constants only. Hashing runs outside every transaction.
class PasswordResetService {
public:
    // `waker` (optional) is told after a commit that enqueued a mail.
    PasswordResetService(store::Db& db, core::Clock& clock, core::Random& random, const PasswordHasher& hasher,
                         ResetOptions options = {}, OutboxWaker* waker = nullptr);

    // Sends a reset link to `email` if it is the address of an active user and fewer than
    // kMaxLiveResetRequests of their links are live; answers OK for every well-formed address
    // either way. A malformed address answers kInvalidArgument "invalid_email" (field email). The
    // token, the mail (kind "password_reset") and the audit event "user.password_reset_requested"
    // are written in one transaction.
    core::Status Request(std::string_view email, std::string_view client_address);

    // Sets `new_password` for the user of `token`. A malformed, unknown, used or revoked token answers
    // kInvalidArgument "reset_token_invalid", an expired one "reset_token_expired" (field token); a
    // password the policy refuses "invalid_password" (field new_password); a disabled user
    // kPermissionDenied "user_disabled". Each changes nothing. On success, in one transaction: the
    // token is used (a compare-and-set, so that of two confirmations racing one wins), the hash is
    // replaced, every session of the user and every other live link is revoked, a notice (kind
    // "password_changed") is enqueued and "user.password_reset" is audited.
    core::Status Confirm(std::string_view token, std::string_view new_password, std::string_view client_address);

    // Deletes up to `limit` rows that expired more than a day ago; answers how many. For a
    // background task, which calls it until it answers less than `limit`.
    core::Result<std::int64_t> PurgeExpired(std::int64_t limit = 1000);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    const PasswordHasher& hasher_;
    const ResetOptions options_;
    OutboxWaker* waker_;
    UserService users_;
};

}  // namespace jangteo::platform
