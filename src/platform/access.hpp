// The one access policy of the API. Each route declares in the route table who may call it
// (http::Access: public, any signed-in person, an operator admin, or the members and keys of the
// merchant its path names, with the least role and the key scope); this policy, installed on the
// dispatcher, applies that declaration to every request before any handler runs:
//
//   - credentials: the session cookie (HttpOnly, SameSite=Lax), or `Authorization: Bearer jtk_…`
//     for a merchant's API key, which reaches only merchant routes that name one of its scopes;
//   - CSRF: every unsafe method authenticated by the cookie must send the session's token in
//     X-CSRF-Token, and an unsafe request whose Origin names another host is refused outright;
//   - merchant routes: a person who is not a member of the merchant, and a key of another
//     merchant, get 404 as if the merchant did not exist; staff on an owner route get 403; while
//     the merchant is not approved (applied, suspended, rejected, closed) only routes marked
//     inactive_merchant answer.
//
// Handlers read who is calling with web::CallerOf(request).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "platform/api_key.hpp"
#include "platform/ids.hpp"
#include "platform/session.hpp"

namespace jangteo::platform {

class MembershipService;
class OperatorAdminService;

// Who is calling, as the policy established it.
struct Caller {
    std::optional<Session> session;      // signed in by cookie
    std::string csrf_token;              // of that session, for the page (GET /api/v1/me)
    std::optional<UserId> user;          // the person (absent for an API key)
    std::optional<ResolvedApiKey> key;   // a merchant's program
    bool operator_admin = false;         // known on operator routes only
    std::optional<MerchantId> merchant;  // on merchant routes: the merchant of the path
    http::MerchantRole role = http::MerchantRole::kStaff;
    std::string client_address;
};

struct CookieOptions {
    // Secure cookies (and the __Host- name) when the public address is https.
    bool secure = false;
    std::string_view Name() const { return secure ? "__Host-jangteo_session" : "jangteo_session"; }
};

// The Set-Cookie value that hands `token` to the browser for `max_age`, and the one that removes it.
std::string SessionCookie(const CookieOptions& options, std::string_view token, std::chrono::seconds max_age);
std::string ClearedSessionCookie(const CookieOptions& options);
// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string_view> CookieValue(std::string_view header, std::string_view name);

class AccessPolicy {
public:
    AccessPolicy(SessionService& sessions, ApiKeyService& keys, MembershipService& memberships,
                 OperatorAdminService& admins, CookieOptions cookies)
        : sessions_(sessions), keys_(keys), memberships_(memberships), admins_(admins), cookies_(cookies) {}

    // For Dispatcher::SetAuthorizer.
    core::Status Authorize(http::Request& request);

private:
    core::Status AuthorizeKey(http::Request& request, const http::Access& access, std::string_view secret,
                              Caller& caller);
    core::Status AuthorizeMerchant(http::Request& request, const http::Access& access, Caller& caller);
    core::Status AuthorizeShopper(http::Request& request, bool unsafe, Caller& caller);

    SessionService& sessions_;
    ApiKeyService& keys_;
    MembershipService& memberships_;
    OperatorAdminService& admins_;
    CookieOptions cookies_;
};

}  // namespace jangteo::platform
