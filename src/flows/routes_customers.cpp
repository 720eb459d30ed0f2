// The merchant's customers and the operator's review queue over HTTP (issue 7; docs/customers-api.md):
// the list and its search, the 360 and the history, note and card, merge and undo, the review queue
// and its decisions, the point policy, points and corrections, and consents taken at the counter.
// Reading is for the merchant's staff and keys with customers:read; changes are people's, merges,
// undos, corrections and the point policy the owner's. Each handler parses, calls CustomerViews
// (which scopes everything to the merchant and audits the changes) and renders.
#include <algorithm>
#include <charconv>

#include "customers/consent.hpp"
#include "customers/points.hpp"
#include "flows/customer_views.hpp"
#include "flows/routes.hpp"
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

constexpr http::Access kCustomersRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "customers:read"};
constexpr http::Access kCustomersWrite{.audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff};
constexpr http::Access kCustomersOwner{.audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner};

platform::MerchantId PathMerchant(const http::Request& request) {
    return *CallerOf(request).merchant;
}

customers::PersonId PathPerson(const http::Request& request) {
    return customers::PersonId::Parse(request.Param("person_id")).value();
}

CustomerActor ActorOf(const http::Request& request) {
    const platform::Caller& caller = CallerOf(request);
    return CustomerActor{.user = caller.user,
                         .key = caller.key ? std::optional(caller.key->id) : std::nullopt,
                         .client_address = caller.client_address};
}

json::value Text(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

json::value JsonOf(const std::string& text) {
    auto parsed = core::ParseJson(text);
    return parsed.ok() ? std::move(*parsed) : json::value(text);
}

json::object Int() {
    return json::object{{"type", "integer"}};
}
json::object Nullable(std::string_view type) {
    return json::object{{"type", json::array{type, "null"}}};
}
json::object NullableTime() {
    return json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
}
json::object AnyObject() {
    return json::object{{"type", "object"}};
}

// ---- rendering ----

json::object RecordJson(const customers::StoredRecord& r) {
    return json::object{{"id", r.id.ToString()},
                        {"source", customers::RecordSourceName(r.source)},
                        {"source_ref", r.source_ref},
                        {"name", r.name},
                        {"phone", r.phone},
                        {"email", r.email},
                        {"birth_date", r.birth_date},
                        {"postal_code", r.postal_code},
                        {"address", r.address},
                        {"card_no", r.card_no},
                        {"phone_verified", r.phone_verified},
                        {"email_verified", r.email_verified},
                        {"created_at", Time(r.created_at)}};
}

json::object RecordSchema() {
    return ObjectSchema(
        json::array{"id", "source", "source_ref", "name", "phone", "email", "created_at"},
        json::object{{"id", IdSchema("crc")},
                     {"source", json::object{{"enum", json::array{"web", "pos", "member", "import", "order"}}}},
                     {"source_ref", StringSchema()},
                     {"name", StringSchema()},
                     {"phone", StringSchema()},
                     {"email", StringSchema()},
                     {"birth_date", StringSchema()},
                     {"postal_code", StringSchema()},
                     {"address", StringSchema()},
                     {"card_no", StringSchema()},
                     {"phone_verified", json::object{{"type", "boolean"}}},
                     {"email_verified", json::object{{"type", "boolean"}}},
                     {"created_at", TimeSchema()}});
}

json::object ListItemJson(const customers::CustomerListItem& c) {
    const customers::Relationship& r = c.relationship;
    return json::object{{"id", r.person.ToString()},
                        {"name", c.name},
                        {"phone", c.phone},
                        {"email", c.email},
                        {"card_no", c.card_no},
                        {"first_purchase_at", Time(r.first_purchase)},
                        {"last_purchase_at", Time(r.last_purchase)},
                        {"purchases", r.purchases},
                        {"total_won", r.total_won},
                        {"points", c.points}};
}

json::object ListItemSchema() {
    return ObjectSchema(json::array{"id", "name", "phone", "email", "card_no", "first_purchase_at", "last_purchase_at",
                                    "purchases", "total_won", "points"},
                        json::object{{"id", IdSchema("psn")},
                                     {"name", StringSchema()},
                                     {"phone", StringSchema()},
                                     {"email", StringSchema()},
                                     {"card_no", StringSchema()},
                                     {"first_purchase_at", NullableTime()},
                                     {"last_purchase_at", NullableTime()},
                                     {"purchases", Int()},
                                     {"total_won", Int()},
                                     {"points", Int()}});
}

json::object BalanceJson(const customers::PointBalance& b) {
    return json::object{
        {"balance", b.balance}, {"next_expiry_at", Time(b.next_expiry)}, {"expiring_next", b.expiring_next}};
}

json::object BalanceProperties() {
    return json::object{{"balance", Int()}, {"next_expiry_at", NullableTime()}, {"expiring_next", Int()}};
}

json::array ConsentsJson(const std::array<customers::ConsentState, 5>& states) {
    json::array out;
    for (const auto& s : states) {
        json::object c{{"purpose", customers::ConsentPurposeName(s.purpose)}, {"granted", s.granted}};
        c["text_version"] = s.last ? json::value(s.last->text_version) : json::value(nullptr);
        c["channel"] = s.last ? json::value(customers::ConsentChannelName(s.last->channel)) : json::value(nullptr);
        c["at"] = s.last ? Time(s.last->recorded_at) : json::value(nullptr);
        out.push_back(std::move(c));
    }
    return out;
}

json::object ConsentsSchema() {
    return ArrayOf(ObjectSchema(
        json::array{"purpose", "granted", "text_version", "channel", "at"},
        json::object{{"purpose", json::object{{"enum", json::array{"marketing_email", "marketing_sms", "marketing_push",
                                                                   "marketing_night", "third_party"}}}},
                     {"granted", json::object{{"type", "boolean"}}},
                     {"text_version", Nullable("string")},
                     {"channel", Nullable("string")},
                     {"at", NullableTime()}}));
}

json::object MergeInfoJson(const customers::MergeInfo& m) {
    return json::object{
        {"id", m.id.ToString()}, {"kept", m.kept.ToString()},      {"merged", m.merged.ToString()}, {"actor", m.actor},
        {"at", Time(m.at)},      {"undone_at", Time(m.undone_at)}, {"evidence", JsonOf(m.evidence)}};
}

json::array HistoryItemsJson(const HistoryPage& page) {
    json::array items;
    for (const auto& h : page.items) {
        items.push_back(json::object{{"kind", h.kind},
                                     {"ref_id", Text(h.ref_id)},
                                     {"channel", h.channel},
                                     {"at", Time(h.at)},
                                     {"amount_won", h.amount_won},
                                     {"location_name", h.location_name ? json::value(*h.location_name) : nullptr},
                                     {"receipt_no", h.receipt_no ? json::value(*h.receipt_no) : nullptr},
                                     {"status", h.status ? json::value(*h.status) : nullptr}});
    }
    return items;
}

json::object HistoryJson(const HistoryPage& page) {
    return json::object{{"items", HistoryItemsJson(page)},
                        {"next_cursor", page.next_cursor ? json::value(*page.next_cursor) : nullptr}};
}

json::object HistorySchema() {
    json::object item = ObjectSchema(
        json::array{"kind", "ref_id", "channel", "at", "amount_won", "location_name", "receipt_no", "status"},
        json::object{{"kind", StringSchema()},
                     {"ref_id", Nullable("string")},
                     {"channel", json::object{{"enum", json::array{"pos", "web", "import"}}}},
                     {"at", TimeSchema()},
                     {"amount_won", Int()},
                     {"location_name", Nullable("string")},
                     {"receipt_no", Nullable("string")},
                     {"status", Nullable("string")}});
    return ObjectSchema(json::array{"items", "next_cursor"},
                        json::object{{"items", ArrayOf(std::move(item))}, {"next_cursor", Nullable("string")}});
}

json::object View360Json(const Customer360& c) {
    const customers::Relationship& r = c.view.relationship;
    json::array records, merges;
    for (const auto& rec : c.view.records) records.push_back(RecordJson(rec));
    for (const auto& m : c.merges) merges.push_back(MergeInfoJson(m));
    return json::object{{"id", c.view.person.ToString()},
                        {"relationship", json::object{{"first_purchase_at", Time(r.first_purchase)},
                                                      {"last_purchase_at", Time(r.last_purchase)},
                                                      {"purchases", r.purchases},
                                                      {"total_won", r.total_won},
                                                      {"card_no", r.card_no},
                                                      {"note", r.note}}},
                        {"records", std::move(records)},
                        {"points", BalanceJson(c.points)},
                        {"consents", ConsentsJson(c.consents)},
                        {"merges", std::move(merges)},
                        {"history", HistoryJson(c.history)}};
}

json::object View360Schema() {
    json::object merge = ObjectSchema(json::array{"id", "kept", "merged", "actor", "at", "undone_at", "evidence"},
                                      json::object{{"id", IdSchema("mrg")},
                                                   {"kept", IdSchema("psn")},
                                                   {"merged", IdSchema("psn")},
                                                   {"actor", StringSchema()},
                                                   {"at", TimeSchema()},
                                                   {"undone_at", NullableTime()},
                                                   {"evidence", AnyObject()}});
    return ObjectSchema(
        json::array{"id", "relationship", "records", "points", "consents", "merges", "history"},
        json::object{
            {"id", IdSchema("psn")},
            {"relationship", ObjectSchema(json::array{"purchases", "total_won", "card_no", "note"},
                                          json::object{{"first_purchase_at", NullableTime()},
                                                       {"last_purchase_at", NullableTime()},
                                                       {"purchases", Int()},
                                                       {"total_won", Int()},
                                                       {"card_no", StringSchema()},
                                                       {"note", StringSchema()}})},
            {"records", ArrayOf(RecordSchema())},
            {"points", ObjectSchema(json::array{"balance", "next_expiry_at", "expiring_next"}, BalanceProperties())},
            {"consents", ConsentsSchema()},
            {"merges", ArrayOf(std::move(merge))},
            {"history", HistorySchema()}});
}

json::object MergeResultJson(const customers::MergeResult& m) {
    json::array moved;
    for (auto id : m.moved_records) moved.push_back(json::value(id.ToString()));
    return json::object{{"id", m.merge.ToString()},
                        {"kept", m.kept.ToString()},
                        {"merged", m.merged.ToString()},
                        {"moved_records", std::move(moved)},
                        {"evidence", JsonOf(m.evidence)}};
}

json::object MergeResultSchema() {
    return ObjectSchema(json::array{"id", "kept", "merged", "moved_records", "evidence"},
                        json::object{{"id", IdSchema("mrg")},
                                     {"kept", IdSchema("psn")},
                                     {"merged", IdSchema("psn")},
                                     {"moved_records", ArrayOf(IdSchema("crc"))},
                                     {"evidence", AnyObject()}});
}

json::object ReviewJson(const ReviewItem& item, bool operator_view) {
    const customers::Review& r = item.review;
    json::object out{{"id", r.id.ToString()},
                     {"score", r.score},
                     {"created_at", Time(r.created_at)},
                     {"evidence", JsonOf(r.evidence)},
                     {"a", json::object{{"person", r.person_a.ToString()},
                                        {"record", item.a ? json::value(RecordJson(*item.a)) : nullptr}}},
                     {"b", json::object{{"person", r.person_b.ToString()},
                                        {"record", item.b ? json::value(RecordJson(*item.b)) : nullptr}}}};
    if (operator_view) {
        auto merchant = [](const std::optional<std::pair<platform::MerchantId, std::string>>& m) -> json::value {
            if (!m) return nullptr;
            return json::object{{"id", m->first.ToString()}, {"name", m->second}};
        };
        out["merchant_a"] = merchant(item.merchant_a);
        out["merchant_b"] = merchant(item.merchant_b);
    }
    return out;
}

json::object ReviewSchema(bool operator_view) {
    json::object side = ObjectSchema(json::array{"person", "record"},
                                     json::object{{"person", IdSchema("psn")}, {"record", RecordSchema()}});
    json::object props{{"id", IdSchema("rvw")},
                       {"score", json::object{{"type", "number"}}},
                       {"created_at", TimeSchema()},
                       {"evidence", AnyObject()},
                       {"a", side},
                       {"b", side}};
    json::array required{"id", "score", "created_at", "evidence", "a", "b"};
    if (operator_view) {
        json::object merchant =
            ObjectSchema(json::array{"id", "name"}, json::object{{"id", IdSchema("mrc")}, {"name", StringSchema()}});
        merchant["type"] = json::array{"object", "null"};
        props["merchant_a"] = merchant;
        props["merchant_b"] = merchant;
        required.emplace_back("merchant_a");
        required.emplace_back("merchant_b");
    }
    return ObjectSchema(std::move(required), std::move(props));
}

json::object DecideJson(const customers::DecideResult& d) {
    return json::object{{"id", d.review.ToString()},
                        {"state", customers::ReviewStateName(d.state)},
                        {"merge", d.merge ? json::value(MergeResultJson(*d.merge)) : nullptr}};
}

json::object DecideSchema() {
    json::object merge = MergeResultSchema();
    merge["type"] = json::array{"object", "null"};
    return ObjectSchema(json::array{"id", "state", "merge"},
                        json::object{{"id", IdSchema("rvw")},
                                     {"state", json::object{{"enum", json::array{"same", "different"}}}},
                                     {"merge", std::move(merge)}});
}

json::object DecisionInputSchema() {
    return ObjectSchema(json::array{"decision"},
                        json::object{{"decision", json::object{{"enum", json::array{"same", "different"}}}}});
}

json::object EntryJson(const customers::PointEntry& e) {
    return json::object{{"id", e.id.ToString()},
                        {"kind", customers::PointKindName(e.kind)},
                        {"ref", e.ref},
                        {"delta", e.delta},
                        {"remaining", e.remaining},
                        {"expires_at", Time(e.expires_at)},
                        {"created_at", Time(e.created_at)}};
}

json::object EntrySchema() {
    return ObjectSchema(
        json::array{"id", "kind", "ref", "delta", "remaining", "expires_at", "created_at"},
        json::object{{"id", IdSchema("pnt")},
                     {"kind", json::object{{"enum", json::array{"earn", "redeem", "expire", "reverse_earn",
                                                                "reverse_redeem", "adjust"}}}},
                     {"ref", StringSchema()},
                     {"delta", Int()},
                     {"remaining", Int()},
                     {"expires_at", NullableTime()},
                     {"created_at", TimeSchema()}});
}

json::object PolicyJson(const customers::PointPolicy& p) {
    return json::object{{"earn_bp", p.earn_bp}, {"expiry_days", p.expiry_days}, {"min_redeem", p.min_redeem}};
}

json::object PolicySchema() {
    return ObjectSchema(json::array{"earn_bp", "expiry_days", "min_redeem"},
                        json::object{{"earn_bp", Int()}, {"expiry_days", Int()}, {"min_redeem", Int()}});
}

// ---- parsing ----

core::Result<customers::ReviewState> DecisionOf(const http::Request& request) {
    JANGTEO_TRY(json::object body, BodyObject(request));
    BodyReader read;
    std::string decision = read.Text(body, "decision", "decision", true);
    if (!read.errors.empty()) return read.Fail("invalid_decision", "the decision is missing");
    if (decision == "same") return customers::ReviewState::kSame;
    if (decision == "different") return customers::ReviewState::kDifferent;
    return core::Error::Invalid("invalid_decision", "a review is decided same or different",
                                {{"decision", "unknown_decision", "must be same or different"}});
}

core::Result<std::optional<customers::ReviewId>> ReviewCursor(const std::optional<std::string>& cursor) {
    if (!cursor || cursor->empty()) return std::optional<customers::ReviewId>();
    auto id = customers::ReviewId::Parse(*cursor);
    if (!id.ok()) {
        return core::Error::Invalid("bad_cursor", "the cursor is not valid",
                                    {{"cursor", "invalid_cursor", "use next_cursor"}});
    }
    return std::optional(*id);
}

core::Result<int> LimitOf(const http::Request& request, int fallback, int max) {
    auto text = request.Query("limit");
    if (!text) return fallback;
    int n = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size() || n < 1 || n > max) {
        return core::Error::Invalid("bad_limit", "limit must be a whole number from 1 to " + std::to_string(max),
                                    {{"limit", "out_of_range", "a whole number from 1 to " + std::to_string(max)}});
    }
    return n;
}

core::Result<http::Response> ReviewList(CustomerViews& views, const http::Request& request,
                                        std::optional<platform::MerchantId> merchant) {
    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
    JANGTEO_TRY(auto after, ReviewCursor(paging.cursor));
    JANGTEO_TRY(ReviewPage page, views.Reviews(merchant, after, paging.limit));
    json::array items;
    for (const auto& item : page.items) items.push_back(ReviewJson(item, !merchant));
    return http::Response::Json(
        200, json::object{{"items", std::move(items)},
                          {"next_cursor", page.next_after ? json::value(page.next_after->ToString()) : nullptr}});
}

const std::vector<http::QueryParamDoc>& PagingDocs() {
    static const std::vector<http::QueryParamDoc> docs{
        {"cursor", "next_cursor of the previous page", json::object{{"type", "string"}}, false},
        {"limit", "1 to 200, default 50", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 200}}, false}};
    return docs;
}

}  // namespace

void AddCustomerRoutes(http::Router& router, const RouteServices& services) {
    CustomerViews& views = services.customer_views;
    customers::PointService& points = services.points;
    const std::string base = "/api/v1/merchants/{merchant_id:mrc}/customers";

    std::vector<http::QueryParamDoc> list_query = PagingDocs();
    list_query.push_back({"q",
                          "a mobile number in any form, an e-mail, a membership card number, or the start of a name "
                          "(at most 100 characters)",
                          json::object{{"type", "string"}, {"maxLength", 100}}, false});
    router.Add({.method = http::Method::kGet,
                .pattern = base,
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
                    customers::CustomerQuery query{
                        .q = request.Query("q").value_or(""), .cursor = paging.cursor, .limit = paging.limit};
                    JANGTEO_TRY(customers::CustomerPage page, views.List(PathMerchant(request), query));
                    json::array items;
                    for (const auto& c : page.items) items.push_back(ListItemJson(c));
                    return http::Response::Json(
                        200,
                        json::object{{"items", std::move(items)},
                                     {"next_cursor", page.next_cursor ? json::value(*page.next_cursor) : nullptr}});
                },
                .doc = {.summary = "List and search the merchant's customers",
                        .description =
                            "Newest last purchase first. q finds a mobile number in any written form (exactly, after "
                            "normalising), an e-mail (exactly, any case), a membership card number (exactly) or a name "
                            "(by its start, blanks and case ignored) among the merchant's own records and the "
                            "platform-level ones of its customers. name, phone and email are the newest non-empty of "
                            "those records; points is the ledger balance. 422 for q over 100 characters, a bad limit "
                            "or cursor.",
                        .tag = "customers",
                        .operation_id = "listCustomers",
                        .response_schema = ListSchema(ListItemSchema(), true),
                        .error_statuses = {422},
                        .query = list_query},
                .access = kCustomersRead});

    router.Add({.method = http::Method::kGet,
                .pattern = base + "/{person_id:psn}",
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(Customer360 c, views.View(PathMerchant(request), PathPerson(request)));
                    return http::Response::Json(200, View360Json(c));
                },
                .doc = {.summary = "A customer's 360: records, relationship, points, consents, merges, history",
                        .description =
                            "Only for a person the merchant has a relationship with (404 otherwise, as for one that "
                            "does not exist). A merged person's id answers for the person that took it: id is that "
                            "person. records are the merchant's own and the platform-level ones; merges those the "
                            "person took part in; history the first 20 entries of the history route.",
                        .tag = "customers",
                        .operation_id = "getCustomer",
                        .response_schema = View360Schema(),
                        .error_statuses = {404}},
                .access = kCustomersRead});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = base + "/{person_id:psn}/history",
         .handler = [&views](http::Request& request) -> core::Result<http::Response> {
             customers::HistoryQuery query;
             if (auto text = request.Query("before"); text && !text->empty()) {
                 query.before = core::ParseRfc3339(*text);
                 if (!query.before) {
                     return core::Error::Invalid(
                         "bad_query", "the query is not valid",
                         {{"before", "invalid_time", "an ISO-8601 time such as 2026-11-23T10:00:00Z"}});
                 }
             }
             if (auto text = request.Query("cursor"); text && !text->empty()) query.cursor = std::string(*text);
             JANGTEO_TRY(query.limit, LimitOf(request, 20, 100));
             JANGTEO_TRY(HistoryPage page, views.History(PathMerchant(request), PathPerson(request), query));
             return http::Response::Json(200, HistoryJson(page));
         },
         .doc = {.summary = "A customer's purchases and refunds at the merchant, shop and web",
                 .description = "Newest first (by time, then entry). The first page starts at the newest entry, or "
                                "before a time (before, an ISO-8601 time); pass next_cursor back as cursor for the "
                                "next page. Each entry names the POS sale (pos_…), web order (ord_…) or return (rtn_…) "
                                "it came from, with the shop, receipt and status those say now. 422 for a bad before, "
                                "cursor or limit, or for before and cursor together.",
                 .tag = "customers",
                 .operation_id = "getCustomerHistory",
                 .response_schema = HistorySchema(),
                 .error_statuses = {404, 422},
                 .query = {{"before", "an ISO-8601 time: the first page starts with the entries before it",
                            TimeSchema(), false},
                           {"cursor", "next_cursor of the previous page", json::object{{"type", "string"}}, false},
                           {"limit", "1 to 100, default 20",
                            json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}, false}}},
         .access = kCustomersRead});

    router.Add({.method = http::Method::kPatch,
                .pattern = base + "/{person_id:psn}",
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    std::optional<std::string> note, card;
                    for (const auto& [key, value] : body) {
                        if (key != "note" && key != "card_no") {
                            read.errors.push_back({std::string(key), "unknown_field", "only note and card_no"});
                        }
                    }
                    if (body.contains("note")) note = read.Text(body, "note", "note");
                    if (body.contains("card_no")) card = read.Text(body, "card_no", "card_no");
                    if (!read.errors.empty()) {
                        return read.Fail("invalid_relationship", "the customer's fields are not acceptable");
                    }
                    JANGTEO_TRY(Customer360 c,
                                views.Update(PathMerchant(request), PathPerson(request), note, card, ActorOf(request)));
                    return http::Response::Json(200, View360Json(c));
                },
                .doc = {.summary = "Set the merchant's note and membership card of a customer",
                        .description = "note at most 2000 characters, card_no at most 40 (422 invalid_relationship "
                                       "with fields). Answers the 360. Recorded in the audit log as customer.updated.",
                        .tag = "customers",
                        .operation_id = "updateCustomer",
                        .request_schema = ObjectSchema(
                            json::array{}, json::object{{"note", StringSchema()}, {"card_no", StringSchema()}}),
                        .response_schema = View360Schema(),
                        .error_statuses = {404, 422}},
                .body = http::BodyKind::kJson,
                .access = kCustomersWrite});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/customer-merges",
         .handler = [&views](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             auto kept = read.Id<customers::PersonId>(body, "kept", "kept", true);
             auto merged = read.Id<customers::PersonId>(body, "merged", "merged", true);
             if (!read.errors.empty()) return read.Fail("invalid_merge", "the merge has invalid fields");
             JANGTEO_TRY(customers::MergeResult m,
                         views.Merge(PathMerchant(request), *kept, *merged, ActorOf(request)));
             return http::Response::Json(201, MergeResultJson(m));
         },
         .doc = {.summary = "Merge two of the merchant's customers into one person",
                 .description = "Moves every record of merged to kept. Both must be the merchant's customers (404 "
                                "person_not_found otherwise, and nothing changes); 422 same_person for one person "
                                "twice; 409 person_not_active for a person merged or erased before. Owners only; "
                                "recorded in the audit log as customer.merged.",
                 .tag = "customers",
                 .operation_id = "mergeCustomers",
                 .request_schema = ObjectSchema(json::array{"kept", "merged"},
                                                json::object{{"kept", IdSchema("psn")}, {"merged", IdSchema("psn")}}),
                 .success_status = 201,
                 .response_schema = MergeResultSchema(),
                 .error_statuses = {404, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = kCustomersOwner});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/customer-merges/{merge_id:mrg}/undo",
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    auto merge = customers::MergeId::Parse(request.Param("merge_id")).value();
                    JANGTEO_TRY(customers::UnmergeResult u, views.Undo(PathMerchant(request), merge, ActorOf(request)));
                    json::array moved;
                    for (auto id : u.moved_back) moved.push_back(json::value(id.ToString()));
                    return http::Response::Json(200, json::object{{"id", u.merge.ToString()},
                                                                  {"kept", u.kept.ToString()},
                                                                  {"merged", u.merged.ToString()},
                                                                  {"moved_back", std::move(moved)}});
                },
                .doc = {.summary = "Undo a merge: the merged person and exactly the records it brought come back",
                        .description =
                            "404 merge_not_found for an unknown merge and for one whose kept person is not the "
                            "merchant's customer; 409 merge_undone for one undone before, kept_person_merged when "
                            "the kept person was merged again since (undo that first). Owners only; recorded in the "
                            "audit log as customer.unmerged.",
                        .tag = "customers",
                        .operation_id = "undoCustomerMerge",
                        .response_schema = ObjectSchema(json::array{"id", "kept", "merged", "moved_back"},
                                                        json::object{{"id", IdSchema("mrg")},
                                                                     {"kept", IdSchema("psn")},
                                                                     {"merged", IdSchema("psn")},
                                                                     {"moved_back", ArrayOf(IdSchema("crc"))}}),
                        .error_statuses = {404, 409}},
                .access = kCustomersOwner});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/customer-reviews",
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    return ReviewList(views, request, PathMerchant(request));
                },
                .doc = {.summary = "Possible matches of the merchant's customers waiting for a decision",
                        .description = "Open reviews whose two records the merchant may both see: one its own, the "
                                       "other its own or platform-level. By id; next_cursor is the last id.",
                        .tag = "customers",
                        .operation_id = "listCustomerReviews",
                        .response_schema = ListSchema(ReviewSchema(false), true),
                        .error_statuses = {422},
                        .query = PagingDocs()},
                .access = kCustomersRead});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/customer-reviews/{review_id:rvw}/decision",
         .handler = [&views](http::Request& request) -> core::Result<http::Response> {
             auto review = customers::ReviewId::Parse(request.Param("review_id")).value();
             JANGTEO_TRY(customers::ReviewState decision, DecisionOf(request));
             JANGTEO_TRY(customers::DecideResult d,
                         views.Decide(PathMerchant(request), review, decision, ActorOf(request)));
             return http::Response::Json(200, DecideJson(d));
         },
         .doc = {.summary = "Decide a possible match: the same person (merged) or different",
                 .description = "same merges the persons that hold the two records now; different closes the review "
                                "and the pair is never proposed again. 404 review_not_found (also one the merchant may "
                                "not see), 409 review_decided, 422 invalid_decision. Recorded in the audit log as "
                                "customer.review_decided.",
                 .tag = "customers",
                 .operation_id = "decideCustomerReview",
                 .request_schema = DecisionInputSchema(),
                 .response_schema = DecideSchema(),
                 .error_statuses = {404, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = kCustomersWrite});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/operator/customer-reviews",
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    return ReviewList(views, request, std::nullopt);
                },
                .doc = {.summary = "Every open review of possible matches, with the merchants of the records",
                        .tag = "customers",
                        .operation_id = "listAllCustomerReviews",
                        .response_schema = ListSchema(ReviewSchema(true), true),
                        .error_statuses = {422},
                        .query = PagingDocs()},
                .access = http::kOperatorAccess});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/operator/customer-reviews/{review_id:rvw}/decision",
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    auto review = customers::ReviewId::Parse(request.Param("review_id")).value();
                    JANGTEO_TRY(customers::ReviewState decision, DecisionOf(request));
                    JANGTEO_TRY(customers::DecideResult d,
                                views.Decide(std::nullopt, review, decision, ActorOf(request)));
                    return http::Response::Json(200, DecideJson(d));
                },
                .doc = {.summary = "Decide any possible match as the operator",
                        .description = "As the merchant's decision, for every review. Recorded in the audit log as "
                                       "customer.review_decided.",
                        .tag = "customers",
                        .operation_id = "decideAnyCustomerReview",
                        .request_schema = DecisionInputSchema(),
                        .response_schema = DecideSchema(),
                        .error_statuses = {404, 409, 422}},
                .body = http::BodyKind::kJson,
                .access = http::kOperatorAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/point-policy",
                .handler = [&points](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(customers::PointPolicy p, points.Policy(PathMerchant(request)));
                    return http::Response::Json(200, PolicyJson(p));
                },
                .doc = {.summary = "The merchant's point policy",
                        .description = "earn_bp: points earned per amount paid in basis points (100 = 1 %, 0 = no "
                                       "points); expiry_days (0 = never); min_redeem: the fewest points one "
                                       "redemption takes.",
                        .tag = "customers",
                        .operation_id = "getPointPolicy",
                        .response_schema = PolicySchema()},
                .access = kCustomersRead});

    router.Add(
        {.method = http::Method::kPut,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/point-policy",
         .handler = [&points](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             auto earn = read.Whole(body, "earn_bp", "earn_bp", true);
             auto expiry = read.Whole(body, "expiry_days", "expiry_days", true);
             auto min = read.Whole(body, "min_redeem", "min_redeem", true);
             if (!read.errors.empty()) {
                 return read.Fail("invalid_point_policy", "the point policy is not acceptable");
             }
             // Out-of-int values become out-of-range ones for the service to refuse with its fields.
             auto small = [](std::int64_t v) { return static_cast<int>(std::clamp<std::int64_t>(v, -1, 1 << 30)); };
             customers::PointPolicy p{.earn_bp = small(*earn), .expiry_days = small(*expiry), .min_redeem = *min};
             JANGTEO_TRY_STATUS(points.SetPolicy(PathMerchant(request), p));
             JANGTEO_TRY(customers::PointPolicy saved, points.Policy(PathMerchant(request)));
             return http::Response::Json(200, PolicyJson(saved));
         },
         .doc = {.summary = "Set the merchant's point policy",
                 .description = "earn_bp 0 to 10000, expiry_days 0 to 3650, min_redeem 0 or more (422 "
                                "invalid_point_policy with fields). Owners only.",
                 .tag = "customers",
                 .operation_id = "setPointPolicy",
                 .request_schema = PolicySchema(),
                 .response_schema = PolicySchema(),
                 .error_statuses = {422}},
         .body = http::BodyKind::kJson,
         .access = kCustomersOwner});

    router.Add({.method = http::Method::kGet,
                .pattern = base + "/{person_id:psn}/points",
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(int limit, LimitOf(request, 50, 200));
                    JANGTEO_TRY(PointsView v, views.Points(PathMerchant(request), PathPerson(request), limit));
                    json::object out = BalanceJson(v.balance);
                    json::array items;
                    for (const auto& e : v.entries) items.push_back(EntryJson(e));
                    out["items"] = std::move(items);
                    return http::Response::Json(200, out);
                },
                .doc = {.summary = "A customer's points at the merchant: balance, next expiry, ledger",
                        .description = "The ledger newest first, at most limit entries (1 to 200, default 50).",
                        .tag = "customers",
                        .operation_id = "getCustomerPoints",
                        .response_schema =
                            [] {
                                json::object props = BalanceProperties();
                                props["items"] = ArrayOf(EntrySchema());
                                return ObjectSchema(json::array{"balance", "next_expiry_at", "expiring_next", "items"},
                                                    std::move(props));
                            }(),
                        .error_statuses = {404, 422},
                        .query = {{"limit", "1 to 200, default 50",
                                   json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 200}}, false}}},
                .access = kCustomersRead});

    router.Add({.method = http::Method::kPost,
                .pattern = base + "/{person_id:psn}/points/adjustments",
                .handler = [&views](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    auto n = read.Whole(body, "points", "points", true);
                    std::string reason = read.Text(body, "reason", "reason", true);
                    if (!read.errors.empty()) return read.Fail("invalid_points", "the correction is not acceptable");
                    JANGTEO_TRY(customers::PointEntry e, views.AdjustPoints(PathMerchant(request), PathPerson(request),
                                                                            *n, reason, ActorOf(request)));
                    return http::Response::Json(201, EntryJson(e));
                },
                .doc = {.summary = "Correct a customer's points",
                        .description = "points: a whole number other than 0 (a minus takes from the credits that "
                                       "expire first); reason 1 to 200 characters (422 invalid_points). 409 "
                                       "insufficient_points. Owners only; recorded in the audit log as "
                                       "customer.points_adjusted with the reason.",
                        .tag = "customers",
                        .operation_id = "adjustCustomerPoints",
                        .request_schema = ObjectSchema(json::array{"points", "reason"},
                                                       json::object{{"points", Int()}, {"reason", StringSchema()}}),
                        .success_status = 201,
                        .response_schema = EntrySchema(),
                        .error_statuses = {404, 409, 422}},
                .body = http::BodyKind::kJson,
                .access = kCustomersOwner});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = base + "/{person_id:psn}/consents",
         .handler = [&views](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             CounterConsent consent;
             std::string channel = read.Text(body, "channel", "channel", true);
             if (channel == "pos") {
                 consent.channel = customers::ConsentChannel::kPos;
             } else if (channel == "paper") {
                 consent.channel = customers::ConsentChannel::kPaper;
             } else if (!channel.empty()) {
                 read.errors.push_back({"channel", "unknown_channel", "pos or paper"});
             }
             std::string version = read.Text(body, "text_version", "text_version", true);
             if (const json::array* changes = read.Array(body, "changes", "changes", true)) {
                 if (changes->empty() || changes->size() > 5) {
                     read.errors.push_back({"changes", "count", "one to five changes, one per purpose"});
                 }
                 for (std::size_t i = 0; i < changes->size() && i < 5; ++i) {
                     std::string path = "changes[" + std::to_string(i) + "]";
                     const json::object* c = read.Object((*changes)[i], path);
                     if (!c) continue;
                     std::string purpose = read.Text(*c, "purpose", path + ".purpose", true);
                     auto granted = read.Bool(*c, "granted", path + ".granted", true);
                     auto p = customers::ParseConsentPurpose(purpose);
                     if (!p && !purpose.empty()) {
                         read.errors.push_back({path + ".purpose", "unknown_purpose",
                                                "marketing_email, marketing_sms, marketing_push, marketing_night "
                                                "or third_party"});
                     }
                     if (p && granted) consent.changes.push_back({*p, *granted, version});
                 }
             }
             if (!read.errors.empty()) return read.Fail("invalid_consent", "the consents are not acceptable");
             JANGTEO_TRY(auto states,
                         views.TakeConsents(PathMerchant(request), PathPerson(request), consent, ActorOf(request)));
             return http::Response::Json(200, ConsentsJson(states));
         },
         .doc = {.summary = "Record consents a customer gave or withdrew at the counter or on paper",
                 .description =
                     "Each change grants or withdraws one purpose under text_version; channel pos or paper; the staff "
                     "member who records it is the source. Nothing is pre-ticked: a purpose not named stays as it "
                     "was. 422 invalid_consent with fields; 409 consent_raced when another change of the same "
                     "customer committed meanwhile (send it again). Answers the consents now, one per purpose.",
                 .tag = "customers",
                 .operation_id = "recordCustomerConsents",
                 .request_schema = ObjectSchema(
                     json::array{"changes", "channel", "text_version"},
                     json::object{{"changes",
                                   ArrayOf(ObjectSchema(json::array{"purpose", "granted"},
                                                        json::object{{"purpose", StringSchema()},
                                                                     {"granted", json::object{{"type", "boolean"}}}}))},
                                  {"channel", json::object{{"enum", json::array{"pos", "paper"}}}},
                                  {"text_version", StringSchema()}}),
                 .response_schema = ConsentsSchema(),
                 .error_statuses = {404, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = kCustomersWrite});
}

}  // namespace jangteo::flows
