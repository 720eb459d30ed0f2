// The HTTP binding of the platform module: parse, call the service, render. Each file adds the
// routes of one area; every route declares its access (see access.hpp).
//
//   routes.cpp            the operator, reference data (districts, industries, key scopes), validations
//   routes_account.cpp    sign-up, sign-in and -out, my page (me, sessions, password), password reset
//   routes_merchant.cpp   merchant applications, the operator's decisions, members and invitations
//   routes_keys.cpp       API keys and the audit log
#pragma once

#include <string>

#include "http/router.hpp"
#include "platform/access.hpp"

namespace jangteo::platform {

class OperatorService;
class UserService;
class SessionService;
class SignInService;
class RateLimiter;
class MerchantService;
class MembershipService;
class IndustryService;
class OperatorAdminService;
class ApiKeyService;
class AuditLog;
class PasswordResetService;
class InvitationService;
struct Region;

// The services the routes call, owned by the app.
struct Services {
    OperatorService& operators;
    UserService& users;
    SessionService& sessions;
    SignInService& accounts;
    RateLimiter& limits;
    MerchantService& merchants;
    MembershipService& memberships;
    IndustryService& industries;
    OperatorAdminService& admins;
    ApiKeyService& keys;
    AuditLog& audit;
    PasswordResetService& resets;
    InvitationService& invitations;
    const Region& region;
    CookieOptions cookies;
};

void AddRoutes(http::Router& router, Services& services);

namespace web {
void AddReferenceRoutes(http::Router& router, Services& services);
void AddAccountRoutes(http::Router& router, Services& services);
void AddMerchantRoutes(http::Router& router, Services& services);
void AddKeyRoutes(http::Router& router, Services& services);
}  // namespace web

}  // namespace jangteo::platform
