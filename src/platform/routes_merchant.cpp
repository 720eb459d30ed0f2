// Merchant applications, the operator's decisions, a merchant's members and staff invitations.
#include <unordered_map>

#include "core/validate.hpp"
#include "platform/http_util.hpp"
#include "platform/industry.hpp"
#include "platform/invitation.hpp"
#include "platform/membership.hpp"
#include "platform/merchant.hpp"
#include "platform/region.hpp"
#include "platform/routes.hpp"
#include "platform/user.hpp"

namespace jangteo::platform::web {

namespace {

constexpr http::Access kMemberReads{
    .audience = http::Audience::kMerchant, .key_scope = "merchant:read", .inactive_merchant = true};
constexpr http::Access kOwnerWork{.audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner};
constexpr http::Access kStaffWork{.audience = http::Audience::kMerchant};

// Industry names by code, read once per request that renders merchants (a small table).
using IndustryNames = std::unordered_map<std::string, std::pair<std::string, std::string>>;

core::Result<IndustryNames> LoadIndustryNames(IndustryService& industries) {
    JANGTEO_TRY(std::vector<Industry> all, industries.ListIndustries(true));
    IndustryNames out;
    for (auto& i : all) out.emplace(std::move(i.code), std::pair{std::move(i.name_ko), std::move(i.name_en)});
    return out;
}

json::object CodeName(std::string_view code, std::string_view ko, std::string_view en) {
    return json::object{{"code", code}, {"name", Localized(ko, en)}};
}

json::object MerchantJson(const Merchant& m, const Region& region, const IndustryNames& industries) {
    json::object industry = CodeName(m.industry_code, m.industry_code, m.industry_code);
    if (auto it = industries.find(m.industry_code); it != industries.end()) {
        industry = CodeName(m.industry_code, it->second.first, it->second.second);
    }
    json::object district = CodeName(m.district_code, m.district_code, m.district_code);
    if (const District* d = region.Find(m.district_code)) district = CodeName(d->code, d->name_ko, d->name_en);
    return json::object{{"id", m.id.ToString()},
                        {"name", Localized(m.name_ko, m.name_en)},
                        {"business_number", m.business_number},
                        {"business_number_formatted", core::FormatBusinessNumber(m.business_number)},
                        {"representative", m.representative},
                        {"industry", std::move(industry)},
                        {"district", std::move(district)},
                        {"address", m.address},
                        {"phone", m.phone},
                        {"status", MerchantStatusName(m.status)},
                        {"created_at", Time(m.created_at)},
                        {"updated_at", Time(m.updated_at)}};
}

json::object DetailJson(const MerchantDetail& d, const Region& region, const IndustryNames& industries) {
    json::object out = MerchantJson(d.merchant, region, industries);
    json::array history;
    for (const auto& h : d.history) {
        history.push_back(
            json::object{{"from", h.from ? json::value(MerchantStatusName(*h.from)) : json::value(nullptr)},
                         {"to", MerchantStatusName(h.to)},
                         {"reason", h.reason},
                         {"actor", json::object{{"id", h.actor.ToString()}, {"name", h.actor_name}}},
                         {"at", Time(h.changed_at)}});
    }
    out["history"] = std::move(history);
    return out;
}

json::object CodeNameSchema() {
    return ObjectSchema(json::array{"code", "name"},
                        json::object{{"code", StringSchema()}, {"name", LocalizedSchema()}});
}

json::object StatusSchema() {
    return json::object{{"enum", json::array{"applied", "approved", "rejected", "suspended", "closed"}}};
}

json::object MerchantSchema() {
    return ObjectSchema(json::array{"id", "name", "business_number", "business_number_formatted", "representative",
                                    "industry", "district", "address", "phone", "status", "created_at", "updated_at"},
                        json::object{{"id", IdSchema("mrc")},
                                     {"name", LocalizedSchema()},
                                     {"business_number", json::object{{"type", "string"}, {"pattern", "^[0-9]{10}$"}}},
                                     {"business_number_formatted", StringSchema()},
                                     {"representative", StringSchema()},
                                     {"industry", CodeNameSchema()},
                                     {"district", CodeNameSchema()},
                                     {"address", StringSchema()},
                                     {"phone", StringSchema()},
                                     {"status", StatusSchema()},
                                     {"created_at", TimeSchema()},
                                     {"updated_at", TimeSchema()}});
}

json::object DetailSchema() {
    json::object schema = MerchantSchema();
    schema["properties"].as_object()["history"] = ArrayOf(ObjectSchema(
        json::array{"from", "to", "reason", "actor", "at"},
        json::object{{"from", json::object{{"type", json::array{"string", "null"}}}},
                     {"to", StatusSchema()},
                     {"reason", StringSchema()},
                     {"actor", ObjectSchema(json::array{"id", "name"},
                                            json::object{{"id", IdSchema("usr")}, {"name", StringSchema()}})},
                     {"at", TimeSchema()}}));
    schema["required"].as_array().emplace_back("history");
    return schema;
}

json::object InvitationJson(const Invitation& i) {
    return json::object{{"id", i.id.ToString()},
                        {"email", i.email},
                        {"role", MemberRoleName(i.role)},
                        {"created_at", Time(i.created_at)},
                        {"expires_at", Time(i.expires_at)},
                        {"status", InvitationStatusName(i.status)}};
}

json::object InvitationSchema() {
    return ObjectSchema(
        json::array{"id", "email", "role", "created_at", "expires_at", "status"},
        json::object{{"id", IdSchema("inv")},
                     {"email", StringSchema()},
                     {"role", json::object{{"enum", json::array{"owner", "staff"}}}},
                     {"created_at", TimeSchema()},
                     {"expires_at", TimeSchema()},
                     {"status", json::object{{"enum", json::array{"pending", "accepted", "revoked", "expired"}}}}});
}

core::Result<MemberRole> RoleField(const json::object& body, std::string_view field) {
    JANGTEO_TRY(std::string text, RequiredString(body, field));
    auto role = ParseMemberRole(text);
    if (!role) {
        std::string f(field);
        return core::Error::Invalid("invalid_role", "the role must be owner or staff",
                                    {{f, "invalid_role", "must be owner or staff"}});
    }
    return *role;
}

MerchantId PathMerchant(const http::Request& request) {
    // The router matched {merchant_id:mrc}, so the value parses.
    return MerchantId::Parse(request.Param(http::kMerchantParam)).value();
}

}  // namespace

void AddMerchantRoutes(http::Router& router, Services& s) {
    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants",
         .handler = [&s](http::Request& request) -> core::Result<http::Response> {
             const Caller& caller = CallerOf(request);
             JANGTEO_TRY(json::object body, BodyObject(request));
             MerchantInput input;
             for (auto [field, target] :
                  {std::pair{"name_ko", &input.name_ko}, std::pair{"name_en", &input.name_en},
                   std::pair{"business_number", &input.business_number},
                   std::pair{"representative", &input.representative}, std::pair{"industry_code", &input.industry_code},
                   std::pair{"district_code", &input.district_code}, std::pair{"address", &input.address},
                   std::pair{"phone", &input.phone}}) {
                 JANGTEO_TRY(std::optional<std::string> v, OptionalString(body, field));
                 if (v) *target = std::move(*v);
             }
             JANGTEO_TRY(Merchant m, s.merchants.Apply(*caller.user, input, caller.client_address));
             JANGTEO_TRY(IndustryNames names, LoadIndustryNames(s.industries));
             return http::Response::Json(201, MerchantJson(m, s.region, names));
         },
         .doc = {.summary = "Apply to sell on the portal",
                 .description = "Creates a merchant in status applied with the caller as its owner; the operator "
                                "approves or rejects it. Every field problem is answered at once, one field error "
                                "per field (business_number: bad check digit, phone: invalid_phone, …).",
                 .tag = "merchants",
                 .operation_id = "applyMerchant",
                 .request_schema = ObjectSchema(json::array{"name_ko", "business_number", "representative",
                                                            "industry_code", "district_code", "address", "phone"},
                                                json::object{{"name_ko", StringSchema()},
                                                             {"name_en", StringSchema()},
                                                             {"business_number", StringSchema()},
                                                             {"representative", StringSchema()},
                                                             {"industry_code", StringSchema()},
                                                             {"district_code", StringSchema()},
                                                             {"address", StringSchema()},
                                                             {"phone", StringSchema()}}),
                 .success_status = 201,
                 .response_schema = MerchantSchema(),
                 .error_statuses = {409, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kUserAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(MerchantDetail d, s.merchants.Get(PathMerchant(request)));
                    JANGTEO_TRY(IndustryNames names, LoadIndustryNames(s.industries));
                    return http::Response::Json(200, DetailJson(d, s.region, names));
                },
                .doc = {.summary = "A merchant, with its status history",
                        .description = "For the merchant's owners and staff (also while the application waits or "
                                       "the merchant is suspended) and its API keys with merchant:read.",
                        .tag = "merchants",
                        .operation_id = "getMerchant",
                        .response_schema = DetailSchema()},
                .access = kMemberReads});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/operator/merchants",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(Paging paging, PagingOf(request));
                    MerchantQuery query;
                    query.cursor = paging.cursor;
                    query.limit = paging.limit;
                    if (auto status = request.Query("status"); status && !status->empty()) {
                        query.status = ParseMerchantStatus(*status);
                        if (!query.status) {
                            return core::Error::Invalid("bad_status", "unknown status",
                                                        {{"status", "invalid_status", "is not a merchant status"}});
                        }
                    }
                    query.district_code = request.Query("district").value_or("");
                    query.industry_code = request.Query("industry").value_or("");
                    query.text = request.Query("q").value_or("");
                    JANGTEO_TRY(MerchantPage page, s.merchants.List(query));
                    JANGTEO_TRY(IndustryNames names, LoadIndustryNames(s.industries));
                    json::array items;
                    for (const auto& m : page.items) items.push_back(MerchantJson(m, s.region, names));
                    return http::Response::Json(
                        200,
                        json::object{{"items", std::move(items)},
                                     {"next_cursor", page.next_cursor ? json::value(*page.next_cursor) : nullptr}});
                },
                .doc = {.summary = "The operator's list of merchants and applications",
                        .description = "Newest first, by pages (pass next_cursor as cursor). Filters: status, district "
                                       "code, industry code, and q (part of a name or of the business number).",
                        .tag = "operator",
                        .operation_id = "listMerchants",
                        .response_schema = ListSchema(MerchantSchema(), true),
                        .error_statuses = {422},
                        .query = {{.name = "status", .description = "applied, approved, rejected, suspended or closed"},
                                  {.name = "district", .description = "a district code of the region"},
                                  {.name = "industry", .description = "an industry code"},
                                  {.name = "q", .description = "part of a name or of the business number"},
                                  {.name = "cursor", .description = "next_cursor of the previous page"},
                                  {.name = "limit",
                                   .description = "page size",
                                   .schema = json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 200}}}}},
                .access = http::kOperatorAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/operator/merchants/{merchant_id:mrc}",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(MerchantDetail d, s.merchants.Get(PathMerchant(request)));
                    JANGTEO_TRY(IndustryNames names, LoadIndustryNames(s.industries));
                    return http::Response::Json(200, DetailJson(d, s.region, names));
                },
                .doc = {.summary = "A merchant as the operator sees it, with its history",
                        .tag = "operator",
                        .operation_id = "getMerchantForOperator",
                        .response_schema = DetailSchema(),
                        .error_statuses = {404}},
                .access = http::kOperatorAccess});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/operator/merchants/{merchant_id:mrc}/status",
         .handler = [&s](http::Request& request) -> core::Result<http::Response> {
             const Caller& caller = CallerOf(request);
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(std::string status_text, RequiredString(body, "status"));
             JANGTEO_TRY(std::optional<std::string> reason, OptionalString(body, "reason"));
             auto to = ParseMerchantStatus(status_text);
             if (!to || *to == MerchantStatus::kApplied) {
                 return core::Error::Invalid(
                     "invalid_status", "status must be approved, rejected, suspended or closed",
                     {{"status", "invalid_status", "must be approved, rejected, suspended or closed"}});
             }
             MerchantId id = PathMerchant(request);
             JANGTEO_TRY(Merchant changed,
                         s.merchants.ChangeStatus(id, *to, *caller.user, reason.value_or(""), caller.client_address));
             (void)changed;
             JANGTEO_TRY(MerchantDetail d, s.merchants.Get(id));
             JANGTEO_TRY(IndustryNames names, LoadIndustryNames(s.industries));
             return http::Response::Json(200, DetailJson(d, s.region, names));
         },
         .doc = {.summary = "Approve, reject, suspend, reinstate or close a merchant",
                 .description = "status approved (from applied, or from suspended to reinstate), rejected, "
                                "suspended or closed. A reason is required for rejected, suspended and closed; it "
                                "is kept in the history with who decided and when. A change the lifecycle does not "
                                "allow, or one that another admin made first, answers 409.",
                 .tag = "operator",
                 .operation_id = "changeMerchantStatus",
                 .request_schema = ObjectSchema(
                     json::array{"status"},
                     json::object{
                         {"status", json::object{{"enum", json::array{"approved", "rejected", "suspended", "closed"}}}},
                         {"reason", StringSchema()}}),
                 .response_schema = DetailSchema(),
                 .error_statuses = {404, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kOperatorAccess});

    // Members.
    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/members",
         .handler = [&s](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(std::vector<Member> members, s.memberships.ListMembers(PathMerchant(request)));
             json::array items;
             for (const auto& m : members) {
                 items.push_back(json::object{
                     {"user", json::object{{"id", m.user_id.ToString()},
                                           {"name", m.name},
                                           {"email", m.email},
                                           {"mobile", m.mobile ? json::value(*m.mobile) : json::value(nullptr)}}},
                     {"role", MemberRoleName(m.role)},
                     {"since", Time(m.since)}});
             }
             return http::Response::Json(200, json::object{{"items", std::move(items)}});
         },
         .doc = {.summary = "The merchant's people",
                 .description = "Owners first, then staff, each by how long they have been members.",
                 .tag = "merchants",
                 .operation_id = "listMembers",
                 .response_schema = ListSchema(
                     ObjectSchema(json::array{"user", "role", "since"},
                                  json::object{{"user", ObjectSchema(json::array{"id", "name", "email", "mobile"},
                                                                     json::object{{"id", IdSchema("usr")},
                                                                                  {"name", StringSchema()},
                                                                                  {"email", StringSchema()},
                                                                                  {"mobile", json::object{}}})},
                                               {"role", StringSchema()},
                                               {"since", TimeSchema()}}),
                     false)},
         .access = kStaffWork});

    router.Add({.method = http::Method::kPut,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/members/{user_id:usr}",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(MemberRole role, RoleField(body, "role"));
                    JANGTEO_TRY(UserId user, UserId::Parse(request.Param("user_id")));
                    JANGTEO_TRY_STATUS(s.memberships.ChangeRole(PathMerchant(request), user, role, *caller.user,
                                                                caller.client_address));
                    return http::Response::Empty(204);
                },
                .doc = {.summary = "Change a member's role",
                        .description = "owner or staff. A merchant always keeps at least one owner (409 last_owner).",
                        .tag = "merchants",
                        .operation_id = "changeMemberRole",
                        .request_schema =
                            ObjectSchema(json::array{"role"},
                                         json::object{{"role", json::object{{"enum", json::array{"owner", "staff"}}}}}),
                        .success_status = 204,
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kOwnerWork});

    router.Add({.method = http::Method::kDelete,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/members/{user_id:usr}",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(UserId user, UserId::Parse(request.Param("user_id")));
                    JANGTEO_TRY_STATUS(
                        s.memberships.RemoveMember(PathMerchant(request), user, *caller.user, caller.client_address));
                    return http::Response::Empty(204);
                },
                .doc = {.summary = "Remove a member",
                        .description = "The last owner cannot be removed (409 last_owner).",
                        .tag = "merchants",
                        .operation_id = "removeMember",
                        .success_status = 204,
                        .error_statuses = {409}},
                .access = kOwnerWork});

    // Invitations.
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/invitations",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(std::vector<Invitation> list, s.invitations.List(PathMerchant(request)));
                    json::array items;
                    for (const auto& i : list) items.push_back(InvitationJson(i));
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "The merchant's invitations",
                        .description = "Newest first, with their status now (pending, accepted, revoked, expired).",
                        .tag = "merchants",
                        .operation_id = "listInvitations",
                        .response_schema = ListSchema(InvitationSchema(), false)},
                .access = kOwnerWork});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/invitations",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::string email, RequiredString(body, "email"));
                    MemberRole role = MemberRole::kStaff;
                    if (body.contains("role")) {
                        JANGTEO_TRY(role, RoleField(body, "role"));
                    }
                    JANGTEO_TRY(Invitation made, s.invitations.Invite(PathMerchant(request), email, role, *caller.user,
                                                                      caller.client_address));
                    return http::Response::Json(201, InvitationJson(made));
                },
                .doc = {.summary = "Invite a person by email",
                        .description = "Sends a mail with a one-time link that expires after a week. Inviting the same "
                                       "address again replaces the pending invitation with a fresh link.",
                        .tag = "merchants",
                        .operation_id = "createInvitation",
                        .request_schema =
                            ObjectSchema(json::array{"email"},
                                         json::object{{"email", StringSchema()},
                                                      {"role", json::object{{"enum", json::array{"owner", "staff"}}}}}),
                        .success_status = 201,
                        .response_schema = InvitationSchema(),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kOwnerWork});

    router.Add({.method = http::Method::kDelete,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/invitations/{invitation_id:inv}",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(InvitationId id, InvitationId::Parse(request.Param("invitation_id")));
                    JANGTEO_TRY_STATUS(
                        s.invitations.Revoke(PathMerchant(request), id, *caller.user, caller.client_address));
                    return http::Response::Empty(204);
                },
                .doc = {.summary = "Revoke a pending invitation",
                        .tag = "merchants",
                        .operation_id = "revokeInvitation",
                        .success_status = 204,
                        .error_statuses = {404}},
                .access = kOwnerWork});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/invitations/lookup",
         .handler = [&s](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             JANGTEO_TRY(std::string token, RequiredString(body, "token"));
             JANGTEO_TRY(InvitationPreview p, s.invitations.Lookup(token));
             return http::Response::Json(
                 200,
                 json::object{{"merchant", json::object{{"id", p.merchant_id.ToString()},
                                                        {"name", Localized(p.merchant_name_ko, p.merchant_name_en)}}},
                              {"email", p.email},
                              {"role", MemberRoleName(p.role)},
                              {"expires_at", Time(p.expires_at)}});
         },
         .doc = {.summary = "What an invitation link is for",
                 .description = "The merchant, address and role of the invitation whose token the link "
                                "carries, before the person signs in and accepts it.",
                 .tag = "merchants",
                 .operation_id = "lookupInvitation",
                 .request_schema = ObjectSchema(json::array{"token"}, json::object{{"token", StringSchema()}}),
                 .response_schema = ObjectSchema(
                     json::array{"merchant", "email", "role", "expires_at"},
                     json::object{
                         {"merchant", ObjectSchema(json::array{"id", "name"},
                                                   json::object{{"id", IdSchema("mrc")}, {"name", LocalizedSchema()}})},
                         {"email", StringSchema()},
                         {"role", StringSchema()},
                         {"expires_at", TimeSchema()}}),
                 .error_statuses = {422}},
         .body = http::BodyKind::kJson,
         .access = http::kPublicAccess});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/invitations/accept",
                .handler = [&s](http::Request& request) -> core::Result<http::Response> {
                    const Caller& caller = CallerOf(request);
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    JANGTEO_TRY(std::string token, RequiredString(body, "token"));
                    JANGTEO_TRY(Joined joined, s.invitations.Accept(token, *caller.user, caller.client_address));
                    return http::Response::Json(200, json::object{{"merchant_id", joined.merchant_id.ToString()},
                                                                  {"role", MemberRoleName(joined.role)}});
                },
                .doc = {.summary = "Accept an invitation",
                        .description = "Makes the signed-in user a member of the merchant with the invited role. "
                                       "The link works once.",
                        .tag = "merchants",
                        .operation_id = "acceptInvitation",
                        .request_schema = ObjectSchema(json::array{"token"}, json::object{{"token", StringSchema()}}),
                        .response_schema =
                            ObjectSchema(json::array{"merchant_id", "role"},
                                         json::object{{"merchant_id", IdSchema("mrc")}, {"role", StringSchema()}}),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = http::kUserAccess});
}

}  // namespace jangteo::platform::web
