// My page as a customer over HTTP (docs/privacy.md): my merchants with points and consents, my points
// ledger at one merchant, consent given and withdrawn, the texts consent is asked with, the download
// of my data and its erasure. Every route is the signed-in person's own: there is no id of a person or
// an account in any path, so nobody reaches another's data.
#include <charconv>

#include "flows/my_customer.hpp"
#include "flows/order_json.hpp"
#include "flows/routes.hpp"
#include "platform/access.hpp"
#include "platform/http_util.hpp"

namespace jangteo::flows {

namespace json = core::json;
using platform::web::ArrayOf;
using platform::web::BodyObject;
using platform::web::BodyReader;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::Localized;
using platform::web::LocalizedSchema;
using platform::web::ObjectSchema;
using platform::web::StringSchema;
using platform::web::Time;
using platform::web::TimeSchema;

namespace {

json::object Int() {
    return json::object{{"type", "integer"}};
}
json::object Bool() {
    return json::object{{"type", "boolean"}};
}
json::object Nullable(std::string_view type) {
    return json::object{{"type", json::array{type, "null"}}};
}
json::object NullableTime() {
    return json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
}
json::object Enum(std::initializer_list<std::string_view> values) {
    json::array list;
    for (auto v : values) list.emplace_back(v);
    return json::object{{"enum", std::move(list)}};
}
json::object PurposeSchema() {
    return Enum({"marketing_email", "marketing_sms", "marketing_push", "marketing_night", "third_party"});
}

json::object ConsentStateJson(const customers::ConsentState& s) {
    json::object o{{"purpose", customers::ConsentPurposeName(s.purpose)}, {"granted", s.granted}};
    if (s.last) {
        o["text_version"] = s.last->text_version;
        o["channel"] = customers::ConsentChannelName(s.last->channel);
        o["at"] = Time(s.last->recorded_at);
    } else {
        o["text_version"] = nullptr;
        o["channel"] = nullptr;
        o["at"] = nullptr;
    }
    return o;
}
json::array ConsentsJson(const std::array<customers::ConsentState, 5>& states) {
    json::array out;
    for (const auto& s : states) out.push_back(ConsentStateJson(s));
    return out;
}
json::object ConsentStateSchema() {
    return ObjectSchema(json::array{"purpose", "granted", "text_version", "channel", "at"},
                        json::object{{"purpose", PurposeSchema()},
                                     {"granted", Bool()},
                                     {"text_version", Nullable("string")},
                                     {"channel", Nullable("string")},
                                     {"at", NullableTime()}});
}

json::object BalanceJson(const customers::PointBalance& b) {
    return json::object{
        {"balance", b.balance}, {"next_expiry_at", Time(b.next_expiry)}, {"expiring_next", b.expiring_next}};
}
json::object BalanceProperties() {
    return json::object{{"balance", Int()}, {"next_expiry_at", NullableTime()}, {"expiring_next", Int()}};
}
json::object BalanceSchema() {
    return ObjectSchema(json::array{"balance", "next_expiry_at", "expiring_next"}, BalanceProperties());
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
                     {"kind", Enum({"earn", "redeem", "expire", "reverse_earn", "reverse_redeem", "adjust"})},
                     {"ref", StringSchema()},
                     {"delta", Int()},
                     {"remaining", Int()},
                     {"expires_at", NullableTime()},
                     {"created_at", TimeSchema()}});
}

json::object ProfileSchema() {
    json::object merchant = ObjectSchema(json::array{"merchant_id", "merchant_name", "points", "consents",
                                                     "first_purchase_at", "last_purchase_at", "purchases"},
                                         json::object{{"merchant_id", IdSchema("mrc")},
                                                      {"merchant_name", LocalizedSchema()},
                                                      {"points", BalanceSchema()},
                                                      {"consents", ArrayOf(ConsentStateSchema())},
                                                      {"first_purchase_at", NullableTime()},
                                                      {"last_purchase_at", NullableTime()},
                                                      {"purchases", Int()}});
    return ObjectSchema(json::array{"person", "merchants"},
                        json::object{{"person", Nullable("string")}, {"merchants", ArrayOf(std::move(merchant))}});
}

// A merchant id from the query, with a field error when it is missing or not an mrc_ id.
core::Result<platform::MerchantId> QueryMerchant(const http::Request& request) {
    auto text = request.Query("merchant_id");
    if (!text || text->empty()) {
        return core::Error::Invalid("invalid_query", "merchant_id is required",
                                    {{"merchant_id", "required", "the merchant whose points to show"}});
    }
    auto id = platform::MerchantId::Parse(*text);
    if (!id.ok()) {
        return core::Error::Invalid("invalid_query", "merchant_id is not a merchant id",
                                    {{"merchant_id", "malformed_id", "is not a mrc_ id"}});
    }
    return *id;
}

core::Result<int> QueryLimit(const http::Request& request) {
    auto text = request.Query("limit");
    if (!text) return 50;
    int n = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size() || n < 1 || n > 100) {
        return core::Error::Invalid("bad_limit", "limit must be a whole number from 1 to 100",
                                    {{"limit", "out_of_range", "must be a whole number from 1 to 100"}});
    }
    return n;
}

json::value MerchantName(const MyData& data, platform::MerchantId id) {
    auto it = data.merchants.find(id);
    if (it == data.merchants.end()) return nullptr;
    return Localized(it->second.name_ko, it->second.name_en);
}

json::object ExportJson(const MyData& data, core::TimePoint now) {
    const platform::User& a = data.account;
    json::object out{{"format", "jangteo-my-data/1"},
                     {"exported_at", Time(now)},
                     {"account", json::object{{"id", a.id.ToString()},
                                              {"email", a.email},
                                              {"mobile", a.mobile ? json::value(*a.mobile) : json::value(nullptr)},
                                              {"name", a.name},
                                              {"status", platform::UserStatusName(a.status)},
                                              {"email_verified_at", Time(a.email_verified_at)},
                                              {"created_at", Time(a.created_at)}}}};
    if (!data.person) {
        out["person"] = nullptr;
    } else {
        const customers::PersonData& p = *data.person;
        json::array persons, records, relationships, purchases, points, consents;
        for (const auto& x : p.persons) {
            persons.push_back(json::object{
                {"id", x.id.ToString()},
                {"status", x.status},
                {"merged_into", x.merged_into ? json::value(x.merged_into->ToString()) : json::value(nullptr)},
                {"created_at", Time(x.created_at)}});
        }
        for (const auto& r : p.records) {
            records.push_back(
                json::object{{"id", r.id.ToString()},
                             {"merchant_id", r.merchant ? json::value(r.merchant->ToString()) : json::value(nullptr)},
                             {"merchant_name", r.merchant ? MerchantName(data, *r.merchant) : json::value(nullptr)},
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
                             {"created_at", Time(r.created_at)}});
        }
        for (const auto& r : p.relationships) {
            relationships.push_back(json::object{{"merchant_id", r.merchant.ToString()},
                                                 {"merchant_name", MerchantName(data, r.merchant)},
                                                 {"person_id", r.person.ToString()},
                                                 {"first_purchase_at", Time(r.first_purchase)},
                                                 {"last_purchase_at", Time(r.last_purchase)},
                                                 {"purchases", r.purchases},
                                                 {"total_won", r.total_won},
                                                 {"card_no", r.card_no},
                                                 {"note", r.note}});
        }
        for (const auto& x : p.purchases) {
            purchases.push_back(json::object{{"merchant_id", x.merchant.ToString()},
                                             {"merchant_name", MerchantName(data, x.merchant)},
                                             {"ref", x.ref},
                                             {"amount_won", x.amount_won},
                                             {"at", Time(x.at)}});
        }
        for (const auto& x : p.points) {
            json::object e = EntryJson(x.entry);
            e["merchant_id"] = x.merchant.ToString();
            e["merchant_name"] = MerchantName(data, x.merchant);
            e["person_id"] = x.entry.person.ToString();
            points.push_back(std::move(e));
        }
        for (const auto& c : p.consents) {
            consents.push_back(json::object{{"merchant_id", c.merchant.ToString()},
                                            {"merchant_name", MerchantName(data, c.merchant)},
                                            {"person_id", c.person.ToString()},
                                            {"purpose", customers::ConsentPurposeName(c.purpose)},
                                            {"granted", c.granted},
                                            {"text_version", c.text_version},
                                            {"channel", customers::ConsentChannelName(c.channel)},
                                            {"source", c.source},
                                            {"at", Time(c.recorded_at)},
                                            {"seq", c.seq}});
        }
        out["person"] = json::object{{"id", p.person.ToString()},         {"persons", std::move(persons)},
                                     {"records", std::move(records)},     {"relationships", std::move(relationships)},
                                     {"purchases", std::move(purchases)}, {"points", std::move(points)},
                                     {"consents", std::move(consents)}};
    }
    json::array orders;
    for (const auto& o : data.orders) {
        json::object j = OrderJson(o);
        j["merchant_name"] = MerchantName(data, o.merchant);
        orders.push_back(std::move(j));
    }
    out["orders"] = std::move(orders);
    return out;
}

json::object ExportSchema() {
    json::object array = ArrayOf(json::object{{"type", "object"}});
    return ObjectSchema(
        json::array{"format", "exported_at", "account", "person", "orders"},
        json::object{{"format", StringSchema()},
                     {"exported_at", TimeSchema()},
                     {"account", json::object{{"type", "object"}}},
                     {"person", json::object{{"type", json::array{"object", "null"}},
                                             {"description",
                                              "id, persons, records, relationships, purchases, points, consents"}}},
                     {"orders", ArrayOf(OrderSchema())}});
}

}  // namespace

void AddMyCustomerRoutes(http::Router& router, MyCustomerFlows& me, core::Clock& clock, bool secure_cookies) {
    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/me/customer-profile",
         .handler = [&me](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(MyProfile profile, me.Profile(*CallerOf(request).user));
             json::array merchants;
             for (const auto& m : profile.merchants) {
                 merchants.push_back(json::object{{"merchant_id", m.merchant.ToString()},
                                                  {"merchant_name", Localized(m.name_ko, m.name_en)},
                                                  {"points", BalanceJson(m.points)},
                                                  {"consents", ConsentsJson(m.consents)},
                                                  {"first_purchase_at", Time(m.first_purchase)},
                                                  {"last_purchase_at", Time(m.last_purchase)},
                                                  {"purchases", m.purchases}});
             }
             http::Response r = http::Response::Json(
                 200, json::object{
                          {"person", profile.person ? json::value(profile.person->ToString()) : json::value(nullptr)},
                          {"merchants", std::move(merchants)}});
             r.SetHeader("Cache-Control", "no-store");
             return r;
         },
         .doc = {.summary = "My merchants: points and consents",
                 .description = "The signed-in person's profile: each merchant they bought from, have points at or "
                                "gave a consent to, with the points balance, every consent purpose (granted false and "
                                "at null for one never given: nothing is pre-ticked) and the purchases. `person` is "
                                "null, and the list empty, for an account that has no person yet.",
                 .tag = "my page",
                 .operation_id = "getMyCustomerProfile",
                 .response_schema = ProfileSchema()},
         .access = http::kUserAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/me/points",
                .handler = [&me](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(platform::MerchantId merchant, QueryMerchant(request));
                    JANGTEO_TRY(int limit, QueryLimit(request));
                    JANGTEO_TRY(MyPoints points, me.Points(*CallerOf(request).user, merchant, limit));
                    json::object out = BalanceJson(points.balance);
                    json::array items;
                    for (const auto& e : points.items) items.push_back(EntryJson(e));
                    out["items"] = std::move(items);
                    http::Response r = http::Response::Json(200, std::move(out));
                    r.SetHeader("Cache-Control", "no-store");
                    return r;
                },
                .doc = {.summary = "My points at one merchant",
                        .description = "The balance (the sum of the ledger), the next expiry and the newest ledger "
                                       "entries. 404 for a merchant that does not exist; a merchant the person has "
                                       "no points at answers a zero balance.",
                        .tag = "my page",
                        .operation_id = "getMyPoints",
                        .response_schema =
                            [] {
                                json::object props = BalanceProperties();
                                props["items"] = ArrayOf(EntrySchema());
                                return ObjectSchema(json::array{"balance", "next_expiry_at", "expiring_next", "items"},
                                                    std::move(props));
                            }(),
                        .error_statuses = {404, 422},
                        .query = {{.name = "merchant_id",
                                   .description = "the merchant (mrc_…)",
                                   .schema = StringSchema(),
                                   .required = true},
                                  {.name = "limit",
                                   .description = "entries, 1 to 100 (default 50)",
                                   .schema = json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}}}},
                .access = http::kUserAccess});

    router.Add(
        {.method = http::Method::kPut,
         .pattern = "/api/v1/me/consents",
         .handler = [&me](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             auto merchant = read.Id<platform::MerchantId>(body, "merchant_id", "merchant_id", true);
             std::string version = read.Text(body, "text_version", "text_version", true);
             std::vector<MyConsentChange> changes;
             if (const json::array* list = read.Array(body, "changes", "changes", true)) {
                 for (std::size_t i = 0; i < list->size(); ++i) {
                     const std::string at = "changes[" + std::to_string(i) + "]";
                     const json::object* c = read.Object((*list)[i], at);
                     if (!c) continue;
                     std::string purpose = read.Text(*c, "purpose", at + ".purpose", true);
                     auto granted = read.Bool(*c, "granted", at + ".granted", true);
                     auto parsed = customers::ParseConsentPurpose(purpose);
                     if (!purpose.empty() && !parsed) {
                         read.errors.push_back({at + ".purpose", "unknown_purpose", "not a purpose of consent"});
                     }
                     if (parsed && granted) changes.push_back({*parsed, *granted});
                 }
             }
             // The channel is the web by definition here; a body that names another is refused rather
             // than recorded as something it is not.
             if (auto channel = read.Text(body, "channel", "channel"); !channel.empty() && channel != "web") {
                 read.errors.push_back(
                     {"channel", customers::ParseConsentChannel(channel) ? "channel_not_allowed" : "unknown_channel",
                      "consent given on my page is given on the web"});
             }
             if (!read.errors.empty()) return read.Fail("invalid_consent", "the consent is not acceptable");
             JANGTEO_TRY(auto states, me.SetConsents(*CallerOf(request).user, *merchant, changes, version));
             return http::Response::Json(
                 200, json::object{{"merchant_id", merchant->ToString()}, {"consents", ConsentsJson(states)}});
         },
         .doc = {.summary = "Give or withdraw my consents to a merchant",
                 .description =
                     "Records each change at once (channel web, source the person) under the version of the texts "
                     "shown (GET /api/v1/me/consent-texts); withdrawing is the same request with granted false "
                     "and takes effect immediately. Answers every purpose's state now. 404 for a merchant that is "
                     "not approved; 422 for an unknown purpose or channel, a purpose twice, or another text "
                     "version; 409 consent_raced when another change was made meanwhile (send it again).",
                 .tag = "my page",
                 .operation_id = "putMyConsents",
                 .request_schema = ObjectSchema(
                     json::array{"merchant_id", "changes", "text_version"},
                     json::object{{"merchant_id", IdSchema("mrc")},
                                  {"changes", ArrayOf(ObjectSchema(
                                                  json::array{"purpose", "granted"},
                                                  json::object{{"purpose", PurposeSchema()}, {"granted", Bool()}}))},
                                  {"text_version", StringSchema()},
                                  {"channel", Enum({"web"})}}),
                 .response_schema = ObjectSchema(
                     json::array{"merchant_id", "consents"},
                     json::object{{"merchant_id", IdSchema("mrc")}, {"consents", ArrayOf(ConsentStateSchema())}}),
                 .error_statuses = {404, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kUserAccess});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/me/consent-texts",
                .handler = [](http::Request&) -> core::Result<http::Response> {
                    json::object texts;
                    for (const auto& t : CurrentConsentTexts()) {
                        texts[customers::ConsentPurposeName(t.purpose)] = json::object{{"ko", t.ko}, {"en", t.en}};
                    }
                    return http::Response::Json(
                        200, json::object{{"version", kConsentTextVersion}, {"texts", std::move(texts)}});
                },
                .doc = {.summary = "The texts consent is asked with",
                        .description = "The current Korean and English text of each purpose and their version, "
                                       "which PUT /api/v1/me/consents records with each change.",
                        .tag = "my page",
                        .operation_id = "getConsentTexts",
                        .response_schema = ObjectSchema(
                            json::array{"version", "texts"},
                            json::object{{"version", StringSchema()},
                                         {"texts", json::object{{"type", "object"},
                                                                {"additionalProperties", LocalizedSchema()}}}})},
                .access = http::kUserAccess,
                .may_block = false});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/me/data-export",
         .handler = [&me, &clock](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(MyData data, me.Export(*CallerOf(request).user));
             http::Response r = http::Response::Json(200, ExportJson(data, clock.Now()));
             r.SetHeader("Content-Disposition", "attachment; filename=\"jangteo-my-data.json\"");
             r.SetHeader("Cache-Control", "private, no-store");
             r.SetHeader("X-Content-Type-Options", "nosniff");
             return r;
         },
         .doc = {.summary = "Download my data",
                 .description = "Everything the platform keeps about the signed-in person, as one JSON file: the "
                                "account, the person's records from every source (web, shops, imports) with the "
                                "merchant each came from, each merchant's relationship and purchases, the points "
                                "ledgers, the consent histories and the account's orders.",
                 .tag = "my page",
                 .operation_id = "getMyDataExport",
                 .response_schema = ExportSchema()},
         .access = http::kUserAccess});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/me/erasure",
         .handler = [&me, secure_cookies](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             ErasureRequest asked{.password = read.Text(body, "password", "password"),
                                  .confirm = read.Text(body, "confirm", "confirm"),
                                  .client_address = CallerOf(request).client_address};
             if (!read.errors.empty()) return read.Fail("invalid_erasure", "the erasure was not confirmed");
             JANGTEO_TRY(Erased erased, me.Erase(*CallerOf(request).user, asked));
             http::Response r =
                 http::Response::Json(200, json::object{{"erased_at", Time(erased.at)},
                                                        {"records", erased.person.records},
                                                        {"consents_withdrawn", erased.person.consents_withdrawn},
                                                        {"points_forfeited", erased.person.points_forfeited},
                                                        {"orders_kept", erased.orders.orders}});
             r.SetHeader("Set-Cookie", platform::ClearedSessionCookie({.secure = secure_cookies}));
             r.SetHeader("Cache-Control", "no-store");
             return r;
         },
         .doc = {.summary = "Erase my data and close my account",
                 .description =
                     "Needs the password and confirm \"삭제\" (or \"DELETE\"). In one transaction: the person and "
                     "every record of them are anonymised (fields blanked, match keys removed, status erased), "
                     "every consent is withdrawn, every point is forfeited with a ledger entry, the account is "
                     "closed (sessions ended, sign-in refused, its e-mail free again) and the orders the law makes "
                     "the merchants keep are stripped to amounts, lines, dates and payment, the address to its "
                     "district. 422 wrong_password or confirmation_required; 409 merchant_member or "
                     "operator_admin for an account with those roles.",
                 .tag = "my page",
                 .operation_id = "eraseMe",
                 .request_schema =
                     ObjectSchema(json::array{"password", "confirm"},
                                  json::object{{"password", StringSchema()}, {"confirm", Enum({"삭제", "DELETE"})}}),
                 .response_schema = ObjectSchema(
                     json::array{"erased_at", "records", "consents_withdrawn", "points_forfeited", "orders_kept"},
                     json::object{{"erased_at", TimeSchema()},
                                  {"records", Int()},
                                  {"consents_withdrawn", Int()},
                                  {"points_forfeited", Int()},
                                  {"orders_kept", Int()}}),
                 .error_statuses = {409, 422}},
         .body = http::BodyKind::kJson,
         .access = http::kUserAccess});
}

}  // namespace jangteo::flows
