// Price parity over HTTP: the merchant's policies (owners change them; staff and catalog:read keys
// read them) and the report of the variants that break them now (docs/price-parity.md).
#include "catalog/price_policy.hpp"
#include "catalog/routes.hpp"
#include "platform/http_util.hpp"

namespace jangteo::catalog {

namespace json = core::json;
using platform::web::ArrayOf;
using platform::web::BodyObject;
using platform::web::BodyReader;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::ObjectSchema;
using platform::web::PagingOf;
using platform::web::StringSchema;
using platform::web::Time;
using platform::web::TimeSchema;

namespace {

constexpr http::Access kPolicyRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "catalog:read"};
constexpr http::Access kPolicyWrite{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner, .key_scope = "catalog:write"};

json::object Int() {
    return json::object{{"type", "integer"}};
}

json::value PolicyJson(const std::optional<ParityPolicy>& policy) {
    if (!policy) return nullptr;
    return json::object{{"rule", ParityRuleName(policy->rule)},
                        {"tolerance_bp", policy->tolerance_bp},
                        {"enforcement", ParityEnforcementName(policy->enforcement)}};
}

json::object PoliciesJson(const ParityPolicies& p) {
    return json::object{{"online", PolicyJson(p.online)},
                        {"business", PolicyJson(p.business)},
                        {"version", p.version},
                        {"updated_at", Time(p.updated_at)}};
}

json::object PolicySchema() {
    json::object policy =
        ObjectSchema(json::array{"rule", "enforcement"},
                     json::object{{"rule", json::object{{"enum", json::array{"equal", "within"}}}},
                                  {"tolerance_bp", json::object{{"type", "integer"},
                                                                {"minimum", 0},
                                                                {"maximum", kMaxParityToleranceBp},
                                                                {"description", "basis points: 500 is ±5%"}}},
                                  {"enforcement", json::object{{"enum", json::array{"warn", "refuse"}}}}});
    policy["type"] = json::array{"object", "null"};
    return policy;
}

json::object PoliciesSchema(bool input) {
    json::object properties{{"online", PolicySchema()}, {"business", PolicySchema()}, {"version", Int()}};
    if (input) return ObjectSchema(json::array{"version"}, std::move(properties));
    properties["updated_at"] = json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
    return ObjectSchema(json::array{"online", "business", "version", "updated_at"}, std::move(properties));
}

// A list's policy in a body: null or absent for none.
std::optional<ParityPolicy> ReadPolicy(BodyReader& read, const json::object& body, const std::string& list) {
    const json::object* o = read.Object(body, list, list, false);
    if (o == nullptr) return std::nullopt;
    ParityPolicy policy;
    std::string rule = read.Text(*o, "rule", list + ".rule", true);
    if (!rule.empty()) {
        if (auto r = ParseParityRule(rule)) {
            policy.rule = *r;
        } else {
            read.errors.push_back({list + ".rule", "unknown_rule", "must be equal or within"});
        }
    }
    policy.tolerance_bp = read.Whole(*o, "tolerance_bp", list + ".tolerance_bp", false).value_or(0);
    std::string enforcement = read.Text(*o, "enforcement", list + ".enforcement", true);
    if (!enforcement.empty()) {
        if (auto e = ParseParityEnforcement(enforcement)) {
            policy.enforcement = *e;
        } else {
            read.errors.push_back({list + ".enforcement", "unknown_enforcement", "must be warn or refuse"});
        }
    }
    return policy;
}

json::object BreachJson(const ParityBreach& b) {
    return json::object{{"price_list", SalesChannelName(b.list)},
                        {"price_won", b.price.won()},
                        {"price_source", PriceSourceName(b.price_source)},
                        {"shop_price_won", b.shop.won()},
                        {"shop_price_source", PriceSourceName(b.shop_source)},
                        {"min_won", b.allowed.min.won()},
                        {"max_won", b.allowed.max.won()},
                        {"difference_bp", b.difference_bp ? json::value(*b.difference_bp) : json::value(nullptr)},
                        {"rule", ParityRuleName(b.policy.rule)},
                        {"tolerance_bp", b.policy.tolerance_bp},
                        {"enforcement", ParityEnforcementName(b.policy.enforcement)}};
}

json::object ViolationPageSchema() {
    json::object source{{"enum", json::array{"base", "channel", "sale"}}};
    json::object breach = ObjectSchema(
        json::array{"price_list", "price_won", "price_source", "shop_price_won", "shop_price_source", "min_won",
                    "max_won", "difference_bp", "rule", "tolerance_bp", "enforcement"},
        json::object{{"price_list", json::object{{"enum", json::array{"online", "business"}}}},
                     {"price_won", Int()},
                     {"price_source", source},
                     {"shop_price_won", Int()},
                     {"shop_price_source", source},
                     {"min_won", Int()},
                     {"max_won", Int()},
                     {"difference_bp",
                      json::object{{"type", json::array{"integer", "null"}},
                                   {"description", "(price − shop) ÷ shop in basis points; null when shop is 0"}}},
                     {"rule", json::object{{"enum", json::array{"equal", "within"}}}},
                     {"tolerance_bp", Int()},
                     {"enforcement", json::object{{"enum", json::array{"warn", "refuse"}}}}});
    json::object item =
        ObjectSchema(json::array{"product_id", "variant_id", "sku", "title_ko", "title_en", "status", "breaches"},
                     json::object{{"product_id", IdSchema("prd")},
                                  {"variant_id", IdSchema("var")},
                                  {"sku", StringSchema()},
                                  {"title_ko", StringSchema()},
                                  {"title_en", StringSchema()},
                                  {"status", json::object{{"enum", json::array{"draft", "active"}}}},
                                  {"breaches", ArrayOf(std::move(breach))}});
    return ObjectSchema(json::array{"items", "next_cursor", "evaluated_at"},
                        json::object{{"items", ArrayOf(std::move(item))},
                                     {"next_cursor", json::object{{"type", json::array{"string", "null"}}}},
                                     {"evaluated_at", TimeSchema()}});
}

}  // namespace

void AddParityRoutes(http::Router& router, const RouteServices& services) {
    PricePolicyService& policies = services.price_policies;

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/price-policies",
                .handler = [&policies](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(ParityPolicies p, policies.Get(*CallerOf(request).merchant));
                    return http::Response::Json(200, PoliciesJson(p));
                },
                .doc = {.summary = "The merchant's price parity policies",
                        .description = "Per price list compared with the shop price (online, business): the rule "
                                       "(equal, or within ±tolerance_bp basis points), and whether a save that "
                                       "breaks it is warned about or refused; null for no policy. version 0: never "
                                       "saved.",
                        .tag = "catalog",
                        .operation_id = "getPricePolicies",
                        .response_schema = PoliciesSchema(false),
                        .error_statuses = {}},
                .access = kPolicyRead});

    router.Add({.method = http::Method::kPut,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/price-policies",
                .handler = [&policies](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    ParityPolicies wanted;
                    wanted.online = ReadPolicy(read, body, "online");
                    wanted.business = ReadPolicy(read, body, "business");
                    auto version = read.Whole(body, "version", "version", true);
                    if (version && *version < 0) {
                        read.errors.push_back({"version", "out_of_range", "must be the version that was read"});
                    }
                    if (!read.errors.empty()) {
                        return read.Fail("invalid_price_policy", "the price policy has invalid fields");
                    }
                    const platform::Caller& caller = CallerOf(request);
                    PolicyActor actor{.user = caller.user,
                                      .key = caller.key ? std::optional(caller.key->id) : std::nullopt,
                                      .client_address = caller.client_address};
                    JANGTEO_TRY(ParityPolicies saved, policies.Set(*caller.merchant, wanted, *version, actor));
                    return http::Response::Json(200, PoliciesJson(saved));
                },
                .doc = {.summary = "Set the merchant's price parity policies",
                        .description = "Replaces both lists' policies (null or absent: none). rule equal "
                                       "(tolerance_bp 0 or absent) or within (tolerance_bp 1 to 5,000: ±0.01% to "
                                       "±50%); enforcement warn (products are saved with warnings) or refuse (422 "
                                       "price_parity). version as read (409 version_changed). Owners only; "
                                       "recorded in the audit log.",
                        .tag = "catalog",
                        .operation_id = "setPricePolicies",
                        .request_schema = PoliciesSchema(true),
                        .response_schema = PoliciesSchema(false),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kPolicyWrite});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/price-parity/violations",
                .handler = [&policies](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
                    JANGTEO_TRY(ParityViolationPage page,
                                policies.Violations(*CallerOf(request).merchant,
                                                    {.cursor = paging.cursor, .limit = paging.limit}));
                    json::array items;
                    for (const auto& v : page.items) {
                        json::array breaches;
                        for (const auto& b : v.breaches) breaches.push_back(BreachJson(b));
                        items.push_back(json::object{{"product_id", v.product_id.ToString()},
                                                     {"variant_id", v.variant_id.ToString()},
                                                     {"sku", v.sku},
                                                     {"title_ko", v.title_ko},
                                                     {"title_en", v.title_en},
                                                     {"status", ProductStatusName(v.status)},
                                                     {"breaches", std::move(breaches)}});
                    }
                    return http::Response::Json(
                        200, json::object{{"items", std::move(items)},
                                          {"next_cursor",
                                           page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr)},
                                          {"evaluated_at", Time(page.evaluated_at)}});
                },
                .doc = {.summary = "The variants whose prices break the price parity policies now",
                        .description = "Draft and active products' variants, by product and variant, judged at "
                                       "evaluated_at (a sale that has started since the save counts). Each names "
                                       "the broken lists with both prices, the allowed range in won and the "
                                       "difference in basis points. A page reads at most 1,000 variants: it may "
                                       "hold fewer items than limit, even none, and still have a next_cursor.",
                        .tag = "catalog",
                        .operation_id = "listPriceParityViolations",
                        .response_schema = ViolationPageSchema(),
                        .error_statuses = {422},
                        .query = {{"cursor", "from the previous page's next_cursor", {}, false},
                                  {"limit", "1 to 200 (50)", json::object{{"type", "integer"}}, false}}},
                .access = kPolicyRead});
}

}  // namespace jangteo::catalog
