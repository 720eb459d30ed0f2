// API keys of a merchant, the list of scopes, and the audit log.
#include "platform/api_key.hpp"
#include "platform/audit.hpp"
#include "platform/http_util.hpp"
#include "platform/routes.hpp"
#include "platform/user.hpp"

namespace jangteo::platform::web {

namespace {

constexpr http::Access kOwnerWork{.audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner};
// The audit log stays readable to owners while the merchant is suspended: that is when it matters.
constexpr http::Access kOwnerReads{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner, .inactive_merchant = true};

json::object KeyJson(const ApiKey& k) {
    json::array scopes;
    for (const auto& s : k.scopes) scopes.emplace_back(s);
    json::value created_by = nullptr;
    if (k.created_by) created_by = json::object{{"id", k.created_by->ToString()}, {"name", k.created_by_name}};
    return json::object{{"id", k.id.ToString()},
                        {"name", k.name},
                        {"scopes", std::move(scopes)},
                        {"prefix", k.prefix},
                        {"created_at", Time(k.created_at)},
                        {"last_used_at", Time(k.last_used_at)},
                        {"revoked_at", Time(k.revoked_at)},
                        {"created_by", std::move(created_by)},
                        {"device", k.location_key.has_value()}};
}

json::object KeySchema() {
    json::object nullable_time{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
    return ObjectSchema(
        json::array{"id", "name", "scopes", "prefix", "created_at", "last_used_at", "revoked_at", "created_by",
                    "device"},
        json::object{
            {"id", IdSchema("key")},
            {"name", StringSchema()},
            {"scopes", ArrayOf(StringSchema())},
            {"prefix", StringSchema()},
            {"created_at", TimeSchema()},
            {"last_used_at", nullable_time},
            {"revoked_at", nullable_time},
            {"created_by", json::object{{"type", json::array{"object", "null"}}}},
            {"device", json::object{{"type", "boolean"}, {"description", "a POS device's key, bound to a location"}}}});
}

json::object AuditJson(const AuditRecord& r) {
    const AuditEvent& e = r.event;
    return json::object{{"id", r.id.ToString()},
                        {"at", Time(r.occurred_at)},
                        {"action", e.action},
                        {"actor_user_id", e.actor_user ? json::value(e.actor_user->ToString()) : nullptr},
                        {"actor_key_id", e.actor_key ? json::value(e.actor_key->ToString()) : nullptr},
                        {"merchant_id", e.merchant ? json::value(e.merchant->ToString()) : nullptr},
                        {"subject", e.subject},
                        {"client_address", e.client_address},
                        {"detail", e.detail}};
}

json::object AuditSchema() {
    json::object nullable{{"type", json::array{"string", "null"}}};
    return ObjectSchema(json::array{"id", "at", "action", "actor_user_id", "actor_key_id", "merchant_id", "subject",
                                    "client_address", "detail"},
                        json::object{{"id", IdSchema("aud")},
                                     {"at", TimeSchema()},
                                     {"action", StringSchema()},
                                     {"actor_user_id", nullable},
                                     {"actor_key_id", nullable},
                                     {"merchant_id", nullable},
                                     {"subject", StringSchema()},
                                     {"client_address", StringSchema()},
                                     {"detail", json::object{{"type", "object"}}}});
}

std::vector<http::QueryParamDoc> AuditQueryDocs() {
    return {{.name = "action", .description = "only events of this action, e.g. user.sign_in_failed"},
            {.name = "cursor", .description = "next_cursor of the previous page"},
            {.name = "limit",
             .description = "page size",
             .schema = json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 200}}}};
}

core::Result<http::Response> AuditPageResponse(AuditLog& log, const http::Request& request,
                                               std::optional<MerchantId> merchant) {
    JANGTEO_TRY(Paging paging, PagingOf(request));
    AuditQuery query{
        .merchant = merchant, .action = request.Query("action"), .cursor = paging.cursor, .limit = paging.limit};
    JANGTEO_TRY(AuditPage page, log.List(query));
    json::array items;
    for (const auto& r : page.items) items.push_back(AuditJson(r));
    return http::Response::Json(
        200, json::object{{"items", std::move(items)},
                          {"next_cursor", page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr)}});
}

MerchantId PathMerchant(const http::Request& request) {
    return MerchantId::Parse(request.Param(http::kMerchantParam)).value();
}

}  // namespace

void AddKeyRoutes(http::Router& router, Services& s) {
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/api-key-scopes",
                .handler = [](http::Request&) -> core::Result<http::Response> {
                    json::array items;
                    for (const auto& scope : ApiKeyScopes()) {
                        items.push_back(
                            json::object{{"scope", scope.scope},
                                         {"description", Localized(scope.description_ko, scope.description_en)}});
                    }
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "The scopes an API key may hold",
                        .tag = "merchants",
                        .operation_id = "listApiKeyScopes",
                        .response_schema = ListSchema(
                            ObjectSchema(json::array{"scope", "description"},
                                         json::object{{"scope", StringSchema()}, {"description", LocalizedSchema()}}),
                            false)},
                .access = http::kPublicAccess,
                .may_block = false});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/api-keys",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(std::vector<ApiKey> keys, s.keys.List(PathMerchant(request)));
                    json::array items;
                    for (const auto& k : keys) items.push_back(KeyJson(k));
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "The merchant's API keys",
                        .description = "Live keys first, each newest first. The secret is never shown again; the "
                                       "prefix tells keys apart.",
                        .tag = "merchants",
                        .operation_id = "listApiKeys",
                        .response_schema = ListSchema(KeySchema(), false)},
                .access = kOwnerWork});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/api-keys",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    NewApiKeyInput input;
                    JANGTEO_TRY(input.name, RequiredString(body, "name"));
                    JANGTEO_TRY(input.scopes, StringArray(body, "scopes", 32));
                    JANGTEO_TRY(NewApiKey made,
                                s.keys.Create(PathMerchant(request), *caller.user, input, caller.client_address));
                    if (auto me = s.users.Get(*caller.user); me.ok()) made.key.created_by_name = me->name;
                    http::Response r =
                        http::Response::Json(201, json::object{{"key", KeyJson(made.key)}, {"secret", made.secret}});
                    r.SetHeader("Cache-Control", "no-store");
                    return r;
                },
                .doc = {.summary = "Create an API key",
                        .description = "Answers the secret once (jtk_…): it is stored only as a hash and cannot be "
                                       "shown again. Send it as `Authorization: Bearer <secret>`.",
                        .tag = "merchants",
                        .operation_id = "createApiKey",
                        .request_schema =
                            ObjectSchema(json::array{"name", "scopes"},
                                         json::object{{"name", StringSchema()}, {"scopes", ArrayOf(StringSchema())}}),
                        .success_status = 201,
                        .response_schema = ObjectSchema(json::array{"key", "secret"},
                                                        json::object{{"key", KeySchema()}, {"secret", StringSchema()}}),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kOwnerWork});

    router.Add({.method = http::Method::kDelete,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/api-keys/{key_id:key}",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(ApiKeyId id, ApiKeyId::Parse(request.Param("key_id")));
                    JANGTEO_TRY_STATUS(s.keys.Revoke(PathMerchant(request), id, *caller.user, caller.client_address));
                    return http::Response::Empty(204);
                },
                .doc = {.summary = "Revoke an API key",
                        .description = "At once: the next request with it is refused.",
                        .tag = "merchants",
                        .operation_id = "revokeApiKey",
                        .success_status = 204,
                        .error_statuses = {404}},
                .access = kOwnerWork});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/audit-events",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    return AuditPageResponse(s.audit, request, PathMerchant(request));
                },
                .doc = {.summary = "The merchant's audit log",
                        .description = "Security events of this merchant (status changes, members, invitations, "
                                       "API keys), newest first.",
                        .tag = "merchants",
                        .operation_id = "listMerchantAuditEvents",
                        .response_schema = ListSchema(AuditSchema(), true),
                        .error_statuses = {422},
                        .query = AuditQueryDocs()},
                .access = kOwnerReads});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/operator/audit-events",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    return AuditPageResponse(s.audit, request, std::nullopt);
                },
                .doc = {.summary = "The whole audit log",
                        .description = "Every security event of the platform (sign-ins and failures, status and "
                                       "role changes, API keys), newest first.",
                        .tag = "operator",
                        .operation_id = "listAuditEvents",
                        .response_schema = ListSchema(AuditSchema(), true),
                        .error_statuses = {422},
                        .query = AuditQueryDocs()},
                .access = http::kOperatorAccess});
}

}  // namespace jangteo::platform::web
