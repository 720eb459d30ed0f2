// Sign-in sessions below the HTTP layer: a session is made at sign-in and handed to the browser as
// two secrets, a session token (for an HttpOnly cookie) and a CSRF token (for the page to send back
// in a header on unsafe methods). The store keeps only their SHA-256, so a leaked database or backup
// signs nobody in. The routes only read the cookie and header and call this service.
//
//   platform::SessionService sessions(db, clock, random, {});
//   auto made = sessions.Create(user.id, user_agent, client_address);     // Result<NewSession>
//   // Set-Cookie: <name>=made->token; HttpOnly; Secure; SameSite=Lax; send made->csrf_token to the page
//   auto session = sessions.Resolve(cookie_value);                        // Result<Session>
//   if (unsafe_method && !sessions.CheckCsrf(*session, header_value)) { /* refuse */ }
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

struct SessionOptions {
    // Signed out after this long without a request. Judged from the stored last-seen time, which
    // lags by up to touch_interval, so a session may end that much earlier than idle_timeout.
    std::chrono::microseconds idle_timeout = std::chrono::hours(2);
    // Signed out this long after sign-in whatever the activity: a stolen token does not live forever.
    std::chrono::microseconds absolute_timeout = std::chrono::hours(24 * 30);
    // Last-seen is written at most this often, so that a busy user does not write on every request.
    std::chrono::microseconds touch_interval = std::chrono::seconds(60);
};

// Tokens: 32 random bytes as base64url without padding, always 43 characters of [A-Za-z0-9_-].
inline constexpr std::size_t kSessionTokenBytes = 32;
inline constexpr std::size_t kSessionTokenChars = 43;
// User agents are cut to this many bytes before they are stored.
inline constexpr std::size_t kMaxUserAgentBytes = 256;
inline constexpr std::size_t kMaxClientAddressBytes = 64;

// A new token from `random` (production gives the kernel's generator).
std::string NewSessionToken(core::Random& random);
// The base64url form (no padding) of `bytes`.
std::string EncodeBase64Url(const std::array<std::uint8_t, kSessionTokenBytes>& bytes);
// Whether `token` has the exact shape NewSessionToken makes (length, alphabet, zero padding bits).
// Anything else is refused before the database is asked.
bool IsWellFormedSessionToken(std::string_view token);
// SHA-256 of `token` as 64 lower-case hex digits: the stored form.
std::string HashSessionToken(std::string_view token);
// The CSRF token of the session whose token this is: SHA-256 of the token under a domain prefix,
// in the same 43-character form. Only someone who holds the session token can know it, and the page
// that lost it (a reload) gets it again from the server without the session changing, so every tab
// of one browser keeps working.
std::string CsrfTokenFor(std::string_view session_token);
// Keeps printable ASCII and turns every other byte into '?', then cuts to `max_bytes`: headers are
// outside input, and PostgreSQL refuses text that is not UTF-8.
std::string SanitizeHeaderText(std::string_view text, std::size_t max_bytes);

// A session as callers see it. The CSRF hash rides along after Resolve, so that CheckCsrf needs no
// second query, but it is private: no renderer can put it in a response. The token hash is never
// loaded into it.
class Session {
public:
    SessionId id;
    UserId user_id;
    core::TimePoint created_at;
    core::TimePoint last_seen_at;
    core::TimePoint expires_at;  // the absolute end
    std::string user_agent;
    std::string client_address;

private:
    friend class SessionService;
    std::string csrf_hash_;  // empty in List results: CheckCsrf then answers false
};

// What Create answers: the secrets exist only here and in the browser.
struct NewSession {
    Session session;
    std::string token;       // for the session cookie
    std::string csrf_token;  // for the page, sent back in a header on unsafe methods
};

// Thread-safe: holds references and constants only.
class SessionService {
public:
    SessionService(store::Db& db, core::Clock& clock, core::Random& random, SessionOptions options = {})
        : db_(db), clock_(clock), random_(random), options_(options) {}

    const SessionOptions& options() const { return options_; }

    // A new session for `user_id` (who must exist). The user agent and address are kept so that the
    // user can tell their sessions apart in the list.
    core::Result<NewSession> Create(UserId user_id, std::string_view user_agent, std::string_view client_address);

    // The live session of `token`. kUnauthenticated "session_invalid" when the token is malformed,
    // unknown or revoked, or its user is disabled; "session_expired" when the absolute end or the idle timeout has
    // passed. Writes last-seen only when more than touch_interval has passed since the stored one.
    core::Result<Session> Resolve(std::string_view token);

    // Whether `csrf_token` is the one made with `session` (from Resolve or Create), compared in
    // constant time.
    bool CheckCsrf(const Session& session, std::string_view csrf_token) const;

    // The user's live sessions, newest first.
    core::Result<std::vector<Session>> List(UserId user_id);

    // Ends one of the user's sessions. A session of another user, an unknown or an already revoked
    // one answers kNotFound "session_not_found" and changes nothing.
    core::Status Revoke(UserId user_id, SessionId session_id);

    // Ends all the user's sessions but `keep` ("sign out everywhere else", after a password change);
    // answers how many were ended.
    core::Result<std::int64_t> RevokeAllExcept(UserId user_id, std::optional<SessionId> keep);

    // Deletes up to `limit` rows that expired or were revoked more than a day ago; answers how many.
    // For a background task, which calls it until it answers less than `limit`.
    core::Result<std::int64_t> PurgeExpired(std::int64_t limit = 1000);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    SessionOptions options_;
};

}  // namespace jangteo::platform
