// The offline channel's routing and crediting over HTTP (docs/routing.md): the merchant's routing
// policy (staff read, owners change), a location's channel report, and the credit ledger.
#include "channels/pos_report.hpp"
#include "flows/channel_routing.hpp"
#include "flows/routes.hpp"
#include "orders/ids.hpp"
#include "platform/http_util.hpp"

namespace jangteo::flows {

namespace json = core::json;
using platform::web::ArrayOf;
using platform::web::BodyObject;
using platform::web::BodyReader;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::ListSchema;
using platform::web::ObjectSchema;
using platform::web::PagingOf;
using platform::web::StringSchema;
using platform::web::Time;
using platform::web::TimeSchema;

namespace {

constexpr http::Access kRoutingRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "orders:read"};
constexpr http::Access kRoutingWrite{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner, .key_scope = "orders:write"};
constexpr http::Access kReportsRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "reports:read"};

platform::MerchantId PathMerchant(const http::Request& request) {
    return *CallerOf(request).merchant;
}

json::object Int() {
    return json::object{{"type", "integer"}};
}

json::object NullableTime() {
    json::object t = TimeSchema();
    t["type"] = json::array{"string", "null"};
    return t;
}

json::object PolicyJson(const channels::RoutingPolicy& p) {
    json::array priorities;
    for (std::int64_t key : p.priorities) priorities.push_back(json::value(inventory::LocationId(key).ToString()));
    return json::object{{"priorities", std::move(priorities)},
                        {"allow_split", p.allow_split},
                        {"commission_bp", p.commission_bp},
                        {"version", p.version},
                        {"updated_at", Time(p.updated_at)}};
}

json::object PolicySchema() {
    return ObjectSchema(json::array{"priorities", "allow_split", "commission_bp", "version"},
                        json::object{{"priorities", ArrayOf(IdSchema("loc"))},
                                     {"allow_split", json::object{{"type", "boolean"}}},
                                     {"commission_bp", json::object{{"type", "integer"},
                                                                    {"minimum", 0},
                                                                    {"maximum", channels::kMaxCommissionBasisPoints}}},
                                     {"version", Int()},
                                     {"updated_at", NullableTime()}});
}

json::object PolicyInputSchema() {
    json::object schema = PolicySchema();
    schema["properties"].as_object().erase("updated_at");
    return schema;
}

json::object CreditJson(const channels::CreditEntry& e) {
    return json::object{
        {"id", e.id.ToString()},
        {"location_id", inventory::LocationId(e.location_key).ToString()},
        {"order_id", orders::OrderId(e.order_key).ToString()},
        {"kind", channels::CreditKindName(e.kind)},
        {"return_id", e.kind == channels::CreditKind::kReversal ? json::value(orders::ReturnId(e.ref_key).ToString())
                                                                : json::value(nullptr)},
        {"goods_won", e.goods_won},
        {"commission_won", e.commission_won},
        {"rate_bp", e.rate_bp},
        {"actor", json::object{{"kind", e.actor_kind},
                               {"user_id", e.actor_key && e.actor_kind != "provider" && e.actor_kind != "system"
                                               ? json::value(platform::UserId(*e.actor_key).ToString())
                                               : json::value(nullptr)}}},
        {"at", Time(e.at)}};
}

json::object CreditSchema() {
    return ObjectSchema(
        json::array{"id", "location_id", "order_id", "kind", "goods_won", "commission_won", "rate_bp", "at"},
        json::object{{"id", IdSchema("crd")},
                     {"location_id", IdSchema("loc")},
                     {"order_id", IdSchema("ord")},
                     {"kind", json::object{{"enum", json::array{"credit", "reversal"}}}},
                     {"return_id", json::object{{"type", json::array{"string", "null"}}}},
                     {"goods_won", Int()},
                     {"commission_won", Int()},
                     {"rate_bp", Int()},
                     {"actor", json::object{{"type", "object"}}},
                     {"at", TimeSchema()}});
}

std::string DateText(core::TimePoint seoul_midnight) {
    // The Korean calendar day that begins at this instant.
    return core::FormatRfc3339(seoul_midnight + std::chrono::hours(9)).substr(0, 10);
}

json::object ReportJson(const ChannelReport& r) {
    const auto& f = r.fulfilled;
    const auto& c = r.credited;
    return json::object{
        {"location", json::object{{"id", r.location.id.ToString()},
                                  {"kind", inventory::LocationKindName(r.location.kind)},
                                  {"name_ko", r.location.name_ko},
                                  {"name_en", r.location.name_en}}},
        {"from", DateText(r.from)},
        {"to", DateText(r.to - std::chrono::hours(24))},
        {"online_fulfilled",
         json::object{{"orders", f.orders}, {"goods_won", f.goods_won}, {"returned_won", f.returned_won}}},
        {"online_credited", json::object{{"orders", c.credited_orders},
                                         {"goods_won", c.credited_goods_won},
                                         {"commission_won", c.credited_commission_won},
                                         {"reversals", c.reversals},
                                         {"reversed_goods_won", c.reversed_goods_won},
                                         {"reversed_commission_won", c.reversed_commission_won},
                                         {"net_goods_won", c.net_goods_won},
                                         {"net_commission_won", c.net_commission_won}}},
        {"counter", nullptr}};
}

json::object CounterJson(const channels::CounterTotals& c) {
    auto totals = [](const channels::KindTotals& t) { return json::object{{"count", t.count}, {"amount_won", t.won}}; };
    return json::object{{"sales", totals(c.sales)},
                        {"returns", totals(c.returns)},
                        {"imported", totals(c.imported)},
                        {"net_won", c.net_won}};
}

json::object ReportSchema() {
    auto ints = [](std::initializer_list<std::string_view> names) {
        json::object props;
        json::array required;
        for (auto n : names) {
            props[n] = Int();
            required.push_back(json::value(n));
        }
        return ObjectSchema(std::move(required), std::move(props));
    };
    return ObjectSchema(json::array{"location", "from", "to", "online_fulfilled", "online_credited", "counter"},
                        json::object{{"location", json::object{{"type", "object"}}},
                                     {"from", json::object{{"type", "string"}, {"format", "date"}}},
                                     {"to", json::object{{"type", "string"}, {"format", "date"}}},
                                     {"online_fulfilled", ints({"orders", "goods_won", "returned_won"})},
                                     {"online_credited",
                                      ints({"orders", "goods_won", "commission_won", "reversals", "reversed_goods_won",
                                            "reversed_commission_won", "net_goods_won", "net_commission_won"})},
                                     {"counter", json::object{{"type", "object"}}}});
}

// The report's days: ?from=YYYY-MM-DD&to=YYYY-MM-DD, both included, in Korean time; by default the
// 30 days up to today.
core::Result<std::pair<core::TimePoint, core::TimePoint>> PeriodOf(const http::Request& request, core::TimePoint now) {
    std::vector<core::FieldError> errors;
    core::TimePoint today = SeoulDayOf(now);
    core::TimePoint to = today, from = today - std::chrono::days(29);
    auto day = [&](std::string_view name, core::TimePoint& out) {
        auto text = request.Query(name);
        if (!text || text->empty()) return;
        if (auto d = SeoulDay(*text)) {
            out = *d;
        } else {
            errors.push_back({std::string(name), "invalid_date", "must be a date YYYY-MM-DD"});
        }
    };
    day("from", from);
    day("to", to);
    if (!errors.empty()) {
        return core::Error::Invalid("invalid_period", "the period has invalid dates", std::move(errors));
    }
    return std::pair(from, to + std::chrono::days(1));
}

}  // namespace

void AddRoutingRoutes(http::Router& router, const RouteServices& services) {
    ChannelFlows& channel = services.channel_flows;
    channels::CreditService& credits = services.credits;
    core::Clock& clock = services.clock;
    channels::PosReports& counter = services.pos_reports;

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/routing",
                .handler = [&channel](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(channels::RoutingPolicy p, channel.Policy(PathMerchant(request)));
                    return http::Response::Json(200, PolicyJson(p));
                },
                .doc = {.summary = "The merchant's routing policy for web orders",
                        .description =
                            "priorities: the locations preferred to fulfil a delivery, first first (the others "
                            "follow by id); allow_split: whether an order that no one location has in full may be "
                            "split over several; commission_bp: the commission credited to the shop whose territory "
                            "holds the buyer's address, in basis points of the goods. version 0: the defaults "
                            "(no priorities, split allowed, no commission), never saved. docs/routing.md.",
                        .tag = "channels",
                        .operation_id = "getRoutingPolicy",
                        .response_schema = PolicySchema(),
                        .error_statuses = {}},
                .access = kRoutingRead});

    router.Add(
        {.method = http::Method::kPut,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/routing",
         .handler = [&channel](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             RoutingPolicyRequest in;
             if (const json::array* list = read.Array(body, "priorities", "priorities", true)) {
                 if (list->size() > channels::kMaxPriorities) {
                     read.errors.push_back({"priorities", "too_many", "at most 200 locations"});
                 } else {
                     for (std::size_t i = 0; i < list->size(); ++i) {
                         std::string path = "priorities[" + std::to_string(i) + "]";
                         const json::value& v = (*list)[i];
                         std::optional<inventory::LocationId> id;
                         if (v.is_string()) {
                             if (auto parsed = inventory::LocationId::Parse(v.get_string()); parsed.ok()) id = *parsed;
                         }
                         if (id) {
                             in.priorities.push_back(*id);
                         } else {
                             read.errors.push_back({path, "malformed_id", "is not a loc_ id"});
                         }
                     }
                 }
             }
             in.allow_split = read.Bool(body, "allow_split", "allow_split", true).value_or(true);
             in.commission_bp = read.Whole(body, "commission_bp", "commission_bp", true).value_or(0);
             auto version = read.Whole(body, "version", "version", true);
             if (version && *version < 0)
                 read.errors.push_back({"version", "out_of_range", "must be the version read"});
             if (!read.errors.empty())
                 return read.Fail("invalid_routing_policy", "the routing policy has invalid fields");
             const platform::Caller& caller = CallerOf(request);
             channels::PolicyActor actor{.user = caller.user,
                                         .key = caller.key ? std::optional(caller.key->id) : std::nullopt};
             JANGTEO_TRY(channels::RoutingPolicy p, channel.SavePolicy(PathMerchant(request), in, *version, actor));
             return http::Response::Json(200, PolicyJson(p));
         },
         .doc = {.summary = "Set the merchant's routing policy",
                 .description = "Every location in priorities must be the merchant's (422 unknown_location at "
                                "priorities[i]; duplicate_location); commission_bp 0 to 10000 (422 out_of_range). "
                                "version as read, 0 for the defaults (409 version_changed). Owners only; recorded "
                                "in the audit log as routing.policy_changed.",
                 .tag = "channels",
                 .operation_id = "setRoutingPolicy",
                 .request_schema = PolicyInputSchema(),
                 .response_schema = PolicySchema(),
                 .error_statuses = {409, 422}},
         .body = http::BodyKind::kJson,
         .access = kRoutingWrite});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/locations/{location_id:loc}/channel-report",
         .handler = [&channel, &clock, &counter](http::Request& request) -> core::Result<http::Response> {
             auto location = inventory::LocationId::Parse(request.Param("location_id")).value();
             JANGTEO_TRY(auto period, PeriodOf(request, clock.Now()));
             JANGTEO_TRY(ChannelReport r, channel.Report(PathMerchant(request), location, period.first, period.second));
             JANGTEO_TRY(channels::CounterTotals sold,
                         counter.Period(PathMerchant(request), location.key(), period.first, period.second));
             json::object answer = ReportJson(r);
             answer["counter"] = CounterJson(sold);
             return http::Response::Json(200, answer);
         },
         .doc = {.summary = "A location's channel report: web orders it fulfilled, web orders credited to it",
                 .description =
                     "from and to are days (YYYY-MM-DD, both included) in Korean time; by default the 30 days up to "
                     "today; at most 366 days (422 invalid_period). online_fulfilled: the merchant's web orders "
                     "placed in the period (not cancelled) with lines this location ships or hands out, their goods "
                     "and the goods that came back. online_credited: the credit ledger's entries for this location "
                     "made in the period: orders credited, their goods and commission, reversals, and what stays. "
                     "counter: the location's own counter sales from the POS and the web POS, returns and voids, "
                     "and imported legacy sales, over the same days.",
                 .tag = "channels",
                 .operation_id = "getChannelReport",
                 .response_schema = ReportSchema(),
                 .error_statuses = {422},
                 .query = {{"from", "first day, YYYY-MM-DD (Korean time)", {}, false},
                           {"to", "last day, YYYY-MM-DD (Korean time)", {}, false}}},
         .access = kReportsRead});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/credits",
         .handler = [&credits](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
             channels::CreditQuery query{.cursor = paging.cursor, .limit = paging.limit};
             if (auto text = request.Query("location_id"); text && !text->empty()) {
                 auto id = inventory::LocationId::Parse(*text);
                 if (!id.ok()) {
                     return core::Error::Invalid("bad_location_id", "location_id is not a loc_ id",
                                                 {{"location_id", "malformed_id", "is not a loc_ id"}});
                 }
                 query.location_key = id->key();
             }
             JANGTEO_TRY(channels::CreditPage page, credits.List(PathMerchant(request), query));
             json::array items;
             for (const auto& e : page.items) items.push_back(CreditJson(e));
             return http::Response::Json(
                 200, json::object{
                          {"items", std::move(items)},
                          {"next_cursor", page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr)}});
         },
         .doc = {.summary = "The credit ledger: web orders credited to the merchant's shops, and their reversals",
                 .description = "Newest first. A credit is written when an order is paid, for the shop whose "
                                "territory holds its address (or its pickup shop); a reversal (negative amounts) "
                                "with each refund or return of a credited order. Filter: location_id.",
                 .tag = "channels",
                 .operation_id = "listCredits",
                 .response_schema = ListSchema(CreditSchema(), true),
                 .error_statuses = {422},
                 .query = {{"location_id", "only this location's entries", {}, false},
                           {"cursor", "from the previous page's next_cursor", {}, false},
                           {"limit", "1 to 200 (50)", Int(), false}}},
         .access = kReportsRead});
}

}  // namespace jangteo::flows
