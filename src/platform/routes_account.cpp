// Sign-up, sign-in and -out, my page (who I am, my sessions, my password) and the password reset.
#include <algorithm>

#include "platform/http_util.hpp"
#include "platform/merchant.hpp"
#include "platform/operator_admin.hpp"
#include "platform/password_reset.hpp"
#include "platform/routes.hpp"
#include "platform/sign_in.hpp"
#include "platform/user.hpp"

namespace jangteo::platform::web {

namespace {

constexpr std::size_t kMaxPasswordInputBytes = 4096;

json::object UserJson(const User& user) {
    return json::object{{"id", user.id.ToString()},
                        {"email", user.email},
                        {"mobile", user.mobile ? json::value(*user.mobile) : json::value(nullptr)},
                        {"name", user.name},
                        {"created_at", Time(user.created_at)}};
}

json::object UserSchema() {
    return ObjectSchema(json::array{"id", "email", "mobile", "name", "created_at"},
                        json::object{{"id", IdSchema("usr")},
                                     {"email", StringSchema()},
                                     {"mobile", json::object{{"type", json::array{"string", "null"}}}},
                                     {"name", StringSchema()},
                                     {"created_at", TimeSchema()}});
}

json::object SessionBrief(const Session& s) {
    return json::object{
        {"id", s.id.ToString()}, {"created_at", Time(s.created_at)}, {"expires_at", Time(s.expires_at)}};
}

json::object SessionBriefSchema() {
    return ObjectSchema(
        json::array{"id", "created_at", "expires_at"},
        json::object{{"id", IdSchema("ses")}, {"created_at", TimeSchema()}, {"expires_at", TimeSchema()}});
}

json::object SignedInSchema() {
    return ObjectSchema(
        json::array{"user", "csrf_token", "session"},
        json::object{{"user", UserSchema()}, {"csrf_token", StringSchema()}, {"session", SessionBriefSchema()}});
}

// The answer of sign-up and sign-in: the user, the page's CSRF token, and the cookie.
http::Response SignedInResponse(const Services& s, const SignedIn& in) {
    http::Response r = http::Response::Json(201, json::object{{"user", UserJson(in.user)},
                                                              {"csrf_token", in.session.csrf_token},
                                                              {"session", SessionBrief(in.session.session)}});
    auto max_age =
        std::chrono::duration_cast<std::chrono::seconds>(in.session.session.expires_at - in.session.session.created_at);
    r.SetHeader("Set-Cookie", SessionCookie(s.cookies, in.session.token, max_age));
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

std::string_view UserAgent(const http::Request& request) {
    return request.Header("user-agent").value_or("");
}

// Passwords far longer than any policy allows are refused before hashing, so that nobody can make
// the server hash megabytes.
core::Status CheckPasswordSize(std::string_view password, std::string_view field) {
    if (password.size() > kMaxPasswordInputBytes) {
        std::string f(field);
        return core::Error::Invalid("invalid_password", "the password is too long",
                                    {{f, "password_too_long", "is too long"}});
    }
    return {};
}

json::object MembershipJson(const MembershipView& m) {
    return json::object{{"merchant_id", m.merchant_id.ToString()},
                        {"merchant_name", Localized(m.name_ko, m.name_en)},
                        {"merchant_status", MerchantStatusName(m.status)},
                        {"role", MemberRoleName(m.role)}};
}

json::object MeSchema() {
    return ObjectSchema(
        json::array{"user", "csrf_token", "session", "operator_admin", "memberships"},
        json::object{
            {"user", UserSchema()},
            {"csrf_token", StringSchema()},
            {"session", SessionBriefSchema()},
            {"operator_admin", json::object{{"type", "boolean"}}},
            {"memberships",
             ArrayOf(ObjectSchema(json::array{"merchant_id", "merchant_name", "merchant_status", "role"},
                                  json::object{{"merchant_id", IdSchema("mrc")},
                                               {"merchant_name", LocalizedSchema()},
                                               {"merchant_status", StringSchema()},
                                               {"role", json::object{{"enum", json::array{"owner", "staff"}}}}}))}});
}

}  // namespace

void AddAccountRoutes(http::Router& router, Services& s) {
    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/users",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    SignUpInput input;
                    std::vector<core::FieldError> missing;
                    for (auto [field, target] : {std::pair{"email", &input.email}, std::pair{"name", &input.name},
                                                 std::pair{"password", &input.password}}) {
                        auto v = RequiredString(body, field);
                        if (v.ok()) {
                            *target = std::move(*v);
                        } else {
                            missing.push_back(v.error().fields.at(0));
                        }
                    }
                    JANGTEO_TRY(input.mobile, OptionalString(body, "mobile"));
                    if (!missing.empty()) {
                        return core::Error::Invalid("invalid_sign_up", "some fields are missing", std::move(missing));
                    }
                    JANGTEO_TRY_STATUS(CheckPasswordSize(input.password, "password"));
                    JANGTEO_TRY(SignedIn in, s.accounts.SignUp(input, UserAgent(request), request.remote_address));
                    return SignedInResponse(s, in);
                },
                .doc = {.summary = "Sign up (and sign in)",
                        .description = "Creates a customer account and signs it in: the answer sets the session cookie "
                                       "and carries the CSRF token that unsafe requests must send in X-CSRF-Token. "
                                       "Field errors name the field and a code (password_too_short, email_taken, …).",
                        .tag = "account",
                        .operation_id = "signUp",
                        .request_schema = ObjectSchema(json::array{"email", "name", "password"},
                                                       json::object{{"email", StringSchema()},
                                                                    {"mobile", StringSchema()},
                                                                    {"name", StringSchema()},
                                                                    {"password", StringSchema()}}),
                        .success_status = 201,
                        .response_schema = SignedInSchema(),
                        .error_statuses = {403, 409, 422, 429}},
                .body = http::BodyKind::kJson,
                .access = http::kPublicAccess});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/sessions",
         .handler = [&s](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(std::string email, RequiredString(body, "email"));
             JANGTEO_TRY(std::string password, RequiredString(body, "password"));
             JANGTEO_TRY_STATUS(CheckPasswordSize(password, "password"));
             JANGTEO_TRY(SignedIn in, s.accounts.SignIn(email, password, UserAgent(request), request.remote_address));
             return SignedInResponse(s, in);
         },
         .doc = {.summary = "Sign in",
                 .description = "Checks the email and password and starts a session (cookie and CSRF token). "
                                "Failures are counted per account and per client address; past the limit the "
                                "answer is 429 with Retry-After, before the password is looked at.",
                 .tag = "account",
                 .operation_id = "signIn",
                 .request_schema = ObjectSchema(json::array{"email", "password"},
                                                json::object{{"email", StringSchema()}, {"password", StringSchema()}}),
                 .success_status = 201,
                 .response_schema = SignedInSchema(),
                 .error_statuses = {401, 403, 422, 429}},
         .body = http::BodyKind::kJson,
         .access = http::kPublicAccess});

    router.Add({.method = http::Method::kDelete,
                .pattern = "/api/v1/sessions/current",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY_STATUS(s.accounts.SignOut(*caller.session, caller.client_address));
                    http::Response r = http::Response::Empty(204);
                    r.SetHeader("Set-Cookie", ClearedSessionCookie(s.cookies));
                    return r;
                },
                .doc = {.summary = "Sign out",
                        .description = "Ends the session of the cookie and removes the cookie.",
                        .tag = "account",
                        .operation_id = "signOut",
                        .success_status = 204},
                .access = http::kUserAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/me",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(User user, s.users.Get(*caller.user));
                    JANGTEO_TRY(bool admin, s.admins.IsOperatorAdmin(user.id));
                    JANGTEO_TRY(std::vector<MembershipView> memberships, s.merchants.ListForUser(user.id));
                    json::array items;
                    for (const auto& m : memberships) items.push_back(MembershipJson(m));
                    http::Response r =
                        http::Response::Json(200, json::object{{"user", UserJson(user)},
                                                               {"csrf_token", caller.csrf_token},
                                                               {"session", SessionBrief(*caller.session)},
                                                               {"operator_admin", admin},
                                                               {"memberships", std::move(items)}});
                    r.SetHeader("Cache-Control", "no-store");
                    return r;
                },
                .doc = {.summary = "Who is signed in",
                        .description = "The signed-in user, the CSRF token of the session, whether the user is an "
                                       "operator admin, and the merchants the user belongs to. 401 when nobody is "
                                       "signed in.",
                        .tag = "account",
                        .operation_id = "getMe",
                        .response_schema = MeSchema()},
                .access = http::kUserAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/me/sessions",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(std::vector<Session> list, s.sessions.List(*caller.user));
                    json::array items;
                    for (const auto& x : list) {
                        items.push_back(json::object{{"id", x.id.ToString()},
                                                     {"created_at", Time(x.created_at)},
                                                     {"last_seen_at", Time(x.last_seen_at)},
                                                     {"expires_at", Time(x.expires_at)},
                                                     {"user_agent", x.user_agent},
                                                     {"client_address", x.client_address},
                                                     {"current", x.id == caller.session->id}});
                    }
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "My sessions",
                        .description = "The signed-in user's live sessions, newest first, with the device and "
                                       "address each started from; `current` marks this one.",
                        .tag = "account",
                        .operation_id = "listMySessions",
                        .response_schema =
                            ListSchema(ObjectSchema(json::array{"id", "created_at", "last_seen_at", "expires_at",
                                                                "user_agent", "client_address", "current"},
                                                    json::object{{"id", IdSchema("ses")},
                                                                 {"created_at", TimeSchema()},
                                                                 {"last_seen_at", TimeSchema()},
                                                                 {"expires_at", TimeSchema()},
                                                                 {"user_agent", StringSchema()},
                                                                 {"client_address", StringSchema()},
                                                                 {"current", json::object{{"type", "boolean"}}}}),
                                       false)},
                .access = http::kUserAccess});

    router.Add({.method = http::Method::kDelete,
                .pattern = "/api/v1/me/sessions/{session_id:ses}",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(SessionId id, SessionId::Parse(request.Param("session_id")));
                    JANGTEO_TRY_STATUS(s.sessions.Revoke(*caller.user, id));
                    http::Response r = http::Response::Empty(204);
                    if (id == caller.session->id) r.SetHeader("Set-Cookie", ClearedSessionCookie(s.cookies));
                    return r;
                },
                .doc = {.summary = "End one of my sessions",
                        .description = "Signs that device out. Another user's session answers 404.",
                        .tag = "account",
                        .operation_id = "revokeMySession",
                        .success_status = 204,
                        .error_statuses = {404}},
                .access = http::kUserAccess});

    router.Add({.method = http::Method::kPut,
                .pattern = "/api/v1/me/password",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::string current, RequiredString(body, "current_password"));
                    JANGTEO_TRY(std::string next, RequiredString(body, "new_password"));
                    JANGTEO_TRY_STATUS(CheckPasswordSize(current, "current_password"));
                    JANGTEO_TRY_STATUS(CheckPasswordSize(next, "new_password"));
                    JANGTEO_TRY(std::int64_t ended,
                                s.accounts.ChangePassword(*caller.session, current, next, caller.client_address));
                    (void)ended;
                    return http::Response::Empty(204);
                },
                .doc = {.summary = "Change my password",
                        .description = "Needs the current password. Every other session of the user is signed out.",
                        .tag = "account",
                        .operation_id = "changeMyPassword",
                        .request_schema = ObjectSchema(
                            json::array{"current_password", "new_password"},
                            json::object{{"current_password", StringSchema()}, {"new_password", StringSchema()}}),
                        .success_status = 204,
                        .error_statuses = {422}},
                .body = http::BodyKind::kJson,
                .access = http::kUserAccess});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/password-resets",
         .handler = [&s](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(std::string email, RequiredString(body, "email"));
             JANGTEO_TRY(RateDecision by_address, s.limits.Hit(kPasswordResetPerAddress, request.remote_address));
             if (!by_address.allowed) return RateLimited(by_address);
             JANGTEO_TRY_STATUS(s.resets.Request(email, request.remote_address));
             return http::Response::Json(202, json::object{{"status", "accepted"}});
         },
         .doc = {.summary = "Ask for a password reset mail",
                 .description = "Always 202 for a well-formed email, whether or not an account has it, so that "
                                "nobody can learn who has an account. When one does, a mail with a one-time link "
                                "(valid for an hour) is sent.",
                 .tag = "account",
                 .operation_id = "requestPasswordReset",
                 .request_schema = ObjectSchema(json::array{"email"}, json::object{{"email", StringSchema()}}),
                 .success_status = 202,
                 .response_schema = ObjectSchema(json::array{"status"}, json::object{{"status", StringSchema()}}),
                 .error_statuses = {422, 429}},
         .body = http::BodyKind::kJson,
         .access = http::kPublicAccess});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/password-resets/confirm",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::string token, RequiredString(body, "token"));
                    JANGTEO_TRY(std::string next, RequiredString(body, "new_password"));
                    JANGTEO_TRY_STATUS(CheckPasswordSize(next, "new_password"));
                    JANGTEO_TRY_STATUS(s.resets.Confirm(token, next, request.remote_address));
                    return http::Response::Empty(204);
                },
                .doc = {.summary = "Set a new password with a reset token",
                        .description = "The token from the mail works once and for an hour. Every session of the user "
                                       "is signed out.",
                        .tag = "account",
                        .operation_id = "confirmPasswordReset",
                        .request_schema =
                            ObjectSchema(json::array{"token", "new_password"},
                                         json::object{{"token", StringSchema()}, {"new_password", StringSchema()}}),
                        .success_status = 204,
                        .error_statuses = {422}},
                .body = http::BodyKind::kJson,
                .access = http::kPublicAccess});
}

}  // namespace jangteo::platform::web
