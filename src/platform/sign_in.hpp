// Signing up, in and out as flows over the user, session and rate-limit services, with their audit
// events: what the account routes call, and what tests and the demo seed drive without HTTP.
//
//   platform::SignInService accounts(db, clock, random, users, sessions, limits);
//   auto in = accounts.SignIn("minsu@example.kr", password, user_agent, client_address);
//   // in->user, in->session.token (for the cookie), in->session.csrf_token (for the page)
//
// Sign-in counts failures per account and per client address (rate_limit.hpp) and refuses, before
// it looks at the password, once either limit is reached: 429 with Retry-After. A success clears
// the account's count. Every sign-in and every failure is in the audit log.
#pragma once

#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "platform/rate_limit.hpp"
#include "platform/session.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

struct SignedIn {
    User user;
    NewSession session;
};

class SignInService {
public:
    SignInService(store::Db& db, core::Clock& clock, core::Random& random, UserService& users, SessionService& sessions,
                  RateLimiter& limits)
        : db_(db), clock_(clock), random_(random), users_(users), sessions_(sessions), limits_(limits) {}

    // A new account, signed in at once. Errors as UserService::SignUp; kResourceExhausted
    // "rate_limited" after kSignUpPerAddress accounts from one address. Records "user.signed_up".
    core::Result<SignedIn> SignUp(const SignUpInput& input, std::string_view user_agent,
                                  std::string_view client_address);

    // Errors as UserService::Authenticate, and "rate_limited" (with retry_after_seconds). Records
    // "user.signed_in" or "user.sign_in_failed".
    core::Result<SignedIn> SignIn(std::string_view email, std::string_view password, std::string_view user_agent,
                                  std::string_view client_address);

    // Ends `session`; records "user.signed_out".
    core::Status SignOut(const Session& session, std::string_view client_address);

    // Changes the password and signs out every other session of the user; records
    // "user.password_changed". Errors as UserService::ChangePassword.
    core::Result<std::int64_t> ChangePassword(const Session& session, std::string_view current_password,
                                              std::string_view new_password, std::string_view client_address);

private:
    core::Status Audit(std::string_view action, std::optional<UserId> user, std::string subject,
                       std::string_view client_address, core::json::object detail = {});

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    UserService& users_;
    SessionService& sessions_;
    RateLimiter& limits_;
};

}  // namespace jangteo::platform
