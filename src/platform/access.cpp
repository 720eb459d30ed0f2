#include "platform/access.hpp"

#include <strings.h>

#include "http/router.hpp"
#include "platform/membership.hpp"
#include "platform/operator_admin.hpp"

namespace jangteo::platform {

namespace {

bool IsUnsafe(http::Method method) {
    return method != http::Method::kGet && method != http::Method::kHead && method != http::Method::kOptions;
}

core::Error NotSignedIn() {
    return core::Error::Unauthenticated("not_signed_in", "sign in to use this");
}

core::Error MerchantNotFound() {
    // The same answer whether the merchant does not exist or the caller is not one of its members:
    // ids of other merchants' objects are never confirmed.
    return core::Error::NotFound("merchant_not_found", "no such merchant");
}

// The host (and port) of an Origin header value: "https://shop.example.kr:8443" → "shop.example.kr:8443".
std::string_view OriginHost(std::string_view origin) {
    auto scheme = origin.find("://");
    if (scheme == std::string_view::npos) return {};
    return origin.substr(scheme + 3);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string SessionCookie(const CookieOptions& options, std::string_view token, std::chrono::seconds max_age) {
    std::string out(options.Name());
    out += '=';
    out.append(token);
    out += "; Path=/; Max-Age=";
    out += std::to_string(max_age.count());
    out += "; HttpOnly; SameSite=Lax";
    if (options.secure) out += "; Secure";
    return out;
}

std::string ClearedSessionCookie(const CookieOptions& options) {
    std::string out(options.Name());
    out += "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
    if (options.secure) out += "; Secure";
    return out;
}

std::optional<std::string_view> CookieValue(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        std::size_t end = header.find(';');
        std::string_view pair = header.substr(0, end);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
            std::string_view value = pair.substr(name.size() + 1);
            while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return value;
        }
        if (end == std::string_view::npos) break;
        header.remove_prefix(end + 1);
    }
    return std::nullopt;
}

core::Status AccessPolicy::Authorize(http::Request& request) {
    const http::Access& access = request.route->access;
    bool unsafe = IsUnsafe(request.method);
    // A browser always names the page's origin on unsafe requests; one from another site is refused
    // whatever it carries, so that neither a signed-in nor a signed-out page can be made to post here.
    if (unsafe) {
        if (auto origin = request.Header("origin"); origin && *origin != "null") {
            auto host = request.Header("host");
            if (!host || !EqualsIgnoreCase(OriginHost(*origin), *host)) {
                return core::Error::PermissionDenied("cross_origin", "requests from other sites are not accepted");
            }
        }
    }
    if (access.audience == http::Audience::kPublic) return {};

    Caller caller;
    caller.client_address = request.remote_address;
    if (access.audience == http::Audience::kShopper) return AuthorizeShopper(request, unsafe, caller);
    if (auto authorization = request.Header("authorization")) {
        constexpr std::string_view kBearer = "Bearer ";
        if (authorization->size() <= kBearer.size() || !EqualsIgnoreCase(authorization->substr(0, 7), kBearer)) {
            return core::Error::Unauthenticated("bad_authorization", "the Authorization header must be Bearer <key>");
        }
        JANGTEO_TRY_STATUS(AuthorizeKey(request, access, authorization->substr(kBearer.size()), caller));
        request.auth = std::move(caller);
        return {};
    }

    auto cookie_header = request.Header("cookie");
    std::optional<std::string_view> token;
    if (cookie_header) token = CookieValue(*cookie_header, cookies_.Name());
    if (!token) return NotSignedIn();
    JANGTEO_TRY(Session session, sessions_.Resolve(*token));
    if (unsafe) {
        auto csrf = request.Header("x-csrf-token");
        if (!csrf || !sessions_.CheckCsrf(session, *csrf)) {
            return core::Error::PermissionDenied("csrf_failed",
                                                 "the X-CSRF-Token header is missing or wrong; reload the page");
        }
    }
    caller.user = session.user_id;
    caller.session = std::move(session);
    caller.csrf_token = CsrfTokenFor(*token);

    switch (access.audience) {
        case http::Audience::kUser: break;
        case http::Audience::kOperator: {
            JANGTEO_TRY(bool admin, admins_.IsOperatorAdmin(*caller.user));
            if (!admin) return core::Error::PermissionDenied("operator_only", "only the operator's admins may do this");
            caller.operator_admin = true;
            break;
        }
        case http::Audience::kMerchant: JANGTEO_TRY_STATUS(AuthorizeMerchant(request, access, caller)); break;
        default: return core::Error::Internal("bad_access", "a route has no access declaration");
    }
    request.auth = std::move(caller);
    return {};
}

core::Status AccessPolicy::AuthorizeShopper(http::Request& request, bool unsafe, Caller& caller) {
    if (request.Header("authorization")) {
        return core::Error::PermissionDenied("api_key_not_accepted", "this route is for people, not API keys");
    }
    std::optional<std::string_view> token;
    if (auto cookie_header = request.Header("cookie")) token = CookieValue(*cookie_header, cookies_.Name());
    if (token) {
        // A session that ended (signed out elsewhere, expired) leaves a guest, not an error: the cart
        // still works.
        auto session = sessions_.Resolve(*token);
        if (session.ok()) {
            if (unsafe) {
                auto csrf = request.Header("x-csrf-token");
                if (!csrf || !sessions_.CheckCsrf(*session, *csrf)) {
                    return core::Error::PermissionDenied(
                        "csrf_failed", "the X-CSRF-Token header is missing or wrong; reload the page");
                }
            }
            caller.user = session->user_id;
            caller.csrf_token = CsrfTokenFor(*token);
            caller.session = std::move(*session);
        } else if (session.error().code != core::ErrorCode::kUnauthenticated) {
            return std::move(session).error();
        }
    }
    request.auth = std::move(caller);
    return {};
}

core::Status AccessPolicy::AuthorizeKey(http::Request& request, const http::Access& access, std::string_view secret,
                                        Caller& caller) {
    JANGTEO_TRY(ResolvedApiKey key, keys_.Resolve(secret));
    if (access.audience != http::Audience::kMerchant) {
        return core::Error::PermissionDenied("api_key_not_accepted", "this route is for people, not API keys");
    }
    // Another merchant's key learns nothing about this merchant, not even which routes keys may use.
    JANGTEO_TRY(MerchantId merchant, MerchantId::Parse(request.Param(http::kMerchantParam)));
    if (merchant != key.merchant_id) return MerchantNotFound();
    if (access.key_scope.empty()) {
        return core::Error::PermissionDenied("api_key_not_accepted", "this route is for people, not API keys");
    }
    if (!key.Has(access.key_scope)) {
        return core::Error::PermissionDenied("scope_missing",
                                             "the API key lacks the scope " + std::string(access.key_scope));
    }
    if (key.merchant_status != "approved" && !access.inactive_merchant) {
        return core::Error::PermissionDenied("merchant_inactive", "the merchant is not approved to trade now");
    }
    caller.merchant = merchant;
    caller.key = std::move(key);
    return {};
}

core::Status AccessPolicy::AuthorizeMerchant(http::Request& request, const http::Access& access, Caller& caller) {
    JANGTEO_TRY(MerchantId merchant, MerchantId::Parse(request.Param(http::kMerchantParam)));
    JANGTEO_TRY(std::optional<MerchantAccess> membership, memberships_.AccessOf(*caller.user, merchant));
    if (!membership) return MerchantNotFound();
    bool owner = membership->role == MemberRole::kOwner;
    if (access.role == http::MerchantRole::kOwner && !owner) {
        return core::Error::PermissionDenied("owner_only", "only the merchant's owners may do this");
    }
    if (membership->merchant_status != MerchantStatus::kApproved && !access.inactive_merchant) {
        return core::Error::PermissionDenied("merchant_inactive", "the merchant is not approved to trade now");
    }
    caller.merchant = merchant;
    caller.role = owner ? http::MerchantRole::kOwner : http::MerchantRole::kStaff;
    return {};
}

}  // namespace jangteo::platform
