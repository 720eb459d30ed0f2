// The merchant's stock over HTTP: its variants with their levels per location, adjustments, counts,
// safety stock, transfers between its locations, and the ledger.
#include <charconv>

#include "channels/ids.hpp"
#include "flows/routes.hpp"
#include "flows/stock.hpp"
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

constexpr http::Access kInventoryRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "inventory:read"};
constexpr http::Access kInventoryWrite{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "inventory:write"};

platform::MerchantId PathMerchant(const http::Request& request) {
    return *CallerOf(request).merchant;
}

inventory::Actor ActorOf(const http::Request& request) {
    const platform::Caller& caller = CallerOf(request);
    if (caller.key) return {inventory::ActorKind::kApiKey, caller.key->id.key()};
    if (caller.user) return {inventory::ActorKind::kUser, caller.user->key()};
    return inventory::Actor::System();
}

json::object IntSchema() {
    return json::object{{"type", "integer"}};
}

json::object LevelJson(const inventory::StockLevel& l) {
    return json::object{
        {"location_id", l.location.ToString()}, {"on_hand", l.on_hand},       {"reserved", l.reserved},
        {"safety_stock", l.safety_stock},       {"available", l.available()}, {"updated_at", Time(l.updated_at)},
        {"count_needed", l.count_needed}};
}

json::object LevelSchema() {
    return ObjectSchema(json::array{"location_id", "on_hand", "reserved", "safety_stock", "available"},
                        json::object{{"location_id", IdSchema("loc")},
                                     {"on_hand", IntSchema()},
                                     {"reserved", IntSchema()},
                                     {"safety_stock", IntSchema()},
                                     {"available", IntSchema()},
                                     {"updated_at", TimeSchema()},
                                     {"count_needed", json::object{{"type", "boolean"}}}});
}

json::object VariantStockJson(const VariantStock& v) {
    json::array levels;
    for (const auto& l : v.levels) levels.push_back(LevelJson(l));
    return json::object{{"variant_id", v.id.ToString()},
                        {"product_id", v.product.ToString()},
                        {"sku", v.sku},
                        {"title_ko", v.title_ko},
                        {"title_en", v.title_en},
                        {"options", v.options},
                        {"product_status", catalog::ProductStatusName(v.status)},
                        {"on_hand", v.on_hand},
                        {"available_online", v.available_online},
                        {"levels", std::move(levels)}};
}

json::object VariantStockSchema() {
    return ObjectSchema(
        json::array{"variant_id", "product_id", "sku", "title_ko", "on_hand", "available_online", "levels"},
        json::object{{"variant_id", IdSchema("var")},
                     {"product_id", IdSchema("prd")},
                     {"sku", StringSchema()},
                     {"title_ko", StringSchema()},
                     {"title_en", StringSchema()},
                     {"options", json::object{{"type", "object"}}},
                     {"product_status", json::object{{"enum", json::array{"draft", "active", "archived"}}}},
                     {"on_hand", IntSchema()},
                     {"available_online", IntSchema()},
                     {"levels", ArrayOf(LevelSchema())}});
}

json::value Text(const std::string& s) {
    return json::value(s);
}

json::object TransferJson(const inventory::Transfer& t,
                          const std::unordered_map<std::int64_t, StockFlows::Name>& names) {
    json::array lines;
    for (const auto& l : t.lines) {
        json::object line{{"variant_id", catalog::VariantId(l.variant_key).ToString()}, {"quantity", l.quantity}};
        if (auto it = names.find(l.variant_key); it != names.end()) {
            line["sku"] = Text(it->second.sku);
            line["title_ko"] = Text(it->second.title_ko);
            line["title_en"] = Text(it->second.title_en);
        }
        lines.push_back(std::move(line));
    }
    return json::object{{"id", t.id.ToString()},
                        {"from_location_id", t.from.ToString()},
                        {"to_location_id", t.to.ToString()},
                        {"state", inventory::TransferStateName(t.state)},
                        {"note", t.note},
                        {"lines", std::move(lines)},
                        {"created_at", Time(t.created_at)},
                        {"closed_at", Time(t.closed_at)}};
}

json::object TransferSchema() {
    json::object line =
        ObjectSchema(json::array{"variant_id", "quantity"}, json::object{{"variant_id", IdSchema("var")},
                                                                         {"quantity", IntSchema()},
                                                                         {"sku", StringSchema()},
                                                                         {"title_ko", StringSchema()},
                                                                         {"title_en", StringSchema()}});
    return ObjectSchema(
        json::array{"id", "from_location_id", "to_location_id", "state", "lines", "created_at"},
        json::object{{"id", IdSchema("trf")},
                     {"from_location_id", IdSchema("loc")},
                     {"to_location_id", IdSchema("loc")},
                     {"state", json::object{{"enum", json::array{"in_transit", "received", "cancelled"}}}},
                     {"note", StringSchema()},
                     {"lines", ArrayOf(std::move(line))},
                     {"created_at", TimeSchema()},
                     {"closed_at", json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}}}});
}

core::Result<json::object> TransferAnswer(StockFlows& flows, platform::MerchantId merchant,
                                          const inventory::Transfer& t) {
    std::vector<std::int64_t> keys;
    for (const auto& l : t.lines) keys.push_back(l.variant_key);
    JANGTEO_TRY(auto names, flows.Names(merchant, std::move(keys)));
    return TransferJson(t, names);
}

json::object MovementJson(const LedgerRow& row) {
    const inventory::Movement& m = row.movement;
    json::object actor{{"kind", inventory::ActorKindName(m.actor.kind)}};
    if (m.actor.id) {
        if (m.actor.kind == inventory::ActorKind::kUser) actor["id"] = platform::UserId(*m.actor.id).ToString();
        if (m.actor.kind == inventory::ActorKind::kApiKey) actor["id"] = platform::ApiKeyId(*m.actor.id).ToString();
    }
    json::value ref = nullptr;
    if (m.ref_key) {
        std::string id;
        if (m.ref_kind == "transfer") id = inventory::TransferId(*m.ref_key).ToString();
        if (m.ref_kind == "count") id = inventory::CountId(*m.ref_key).ToString();
        if (m.ref_kind == "order") id = orders::OrderId(*m.ref_key).ToString();
        if (m.ref_kind == "pos_sale") id = channels::PosSaleId(*m.ref_key).ToString();
        ref = json::object{{"kind", m.ref_kind}, {"id", id.empty() ? json::value(nullptr) : json::value(id)}};
    }
    return json::object{{"seq", m.seq},
                        {"location_id", m.location.ToString()},
                        {"variant_id", catalog::VariantId(m.variant_key).ToString()},
                        {"sku", row.sku},
                        {"title_ko", row.title_ko},
                        {"title_en", row.title_en},
                        {"delta", m.delta},
                        {"on_hand_after", m.on_hand_after},
                        {"reason", inventory::ReasonName(m.reason)},
                        {"actor", std::move(actor)},
                        {"ref", std::move(ref)},
                        {"note", m.note},
                        {"at", Time(m.at)}};
}

json::object MovementSchema() {
    return ObjectSchema(
        json::array{"seq", "location_id", "variant_id", "delta", "on_hand_after", "reason", "actor", "at"},
        json::object{
            {"seq", IntSchema()},
            {"location_id", IdSchema("loc")},
            {"variant_id", IdSchema("var")},
            {"sku", StringSchema()},
            {"title_ko", StringSchema()},
            {"title_en", StringSchema()},
            {"delta", IntSchema()},
            {"on_hand_after", IntSchema()},
            {"reason", json::object{{"enum", json::array{"receipt", "online_sale", "shop_sale", "return", "adjustment",
                                                         "count", "transfer_out", "transfer_in"}}}},
            {"actor", json::object{{"type", "object"}}},
            {"ref", json::object{{"type", json::array{"object", "null"}}}},
            {"note", StringSchema()},
            {"at", TimeSchema()}});
}

template <typename IdT>
core::Result<std::optional<IdT>> QueryId(const http::Request& request, std::string_view name) {
    auto text = request.Query(name);
    if (!text || text->empty()) return std::optional<IdT>();
    auto id = IdT::Parse(*text);
    if (!id.ok()) {
        std::string field(name);
        return core::Error::Invalid("bad_" + field, field + " is not a " + std::string(IdT::kPrefix) + "_ id",
                                    {{field, "malformed_id", "is not a " + std::string(IdT::kPrefix) + "_ id"}});
    }
    return std::optional<IdT>(*id);
}

}  // namespace

void AddRoutes(http::Router& router, const RouteServices& services) {
    AddStockRoutes(router, services);
    AddCartRoutes(router, services);
    AddOrderRoutes(router, services);
    AddPosRoutes(router, services);
    AddRoutingRoutes(router, services);
    AddCustomerRoutes(router, services);
}

void AddStockRoutes(http::Router& router, const RouteServices& services) {
    StockFlows& flows = services.stock_flows;
    inventory::StockService& stock = services.stock;

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/stock",
                .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
                    StockListQuery query{
                        .text = request.Query("q").value_or(""), .cursor = paging.cursor, .limit = paging.limit};
                    JANGTEO_TRY(StockPage page, flows.List(PathMerchant(request), query));
                    json::array items;
                    for (const auto& v : page.items) items.push_back(VariantStockJson(v));
                    return http::Response::Json(
                        200, json::object{{"items", std::move(items)},
                                          {"next_cursor",
                                           page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr)}});
                },
                .doc = {.summary = "The merchant's variants with their stock at each location",
                        .description = "Every variant of the merchant's products (drafts and archived included) by "
                                       "SKU, in pages; q: part of a title or a SKU. levels lists the locations "
                                       "that have a stock row for the variant; available is what online buyers "
                                       "can have there (on hand − reserved − safety stock).",
                        .tag = "inventory",
                        .operation_id = "listStock",
                        .response_schema = ListSchema(VariantStockSchema(), true),
                        .error_statuses = {422},
                        .query = {{"q", "part of a title or of a SKU (≤ 100 bytes)", {}, false},
                                  {"cursor", "from the previous page's next_cursor", {}, false},
                                  {"limit", "1 to 200 (50)", IntSchema(), false}}},
                .access = kInventoryRead});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/stock/adjustments",
         .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             std::vector<AdjustmentInput> inputs;
             if (const json::array* list = read.Array(body, "adjustments", "adjustments", true)) {
                 if (list->empty() || list->size() > inventory::kMaxLinesPerRequest) {
                     read.errors.push_back({"adjustments", "count", "give 1 to 500 adjustments"});
                 }
                 for (std::size_t i = 0; i < list->size() && i < inventory::kMaxLinesPerRequest; ++i) {
                     std::string path = "adjustments[" + std::to_string(i) + "]";
                     const json::object* a = read.Object((*list)[i], path);
                     if (!a) continue;
                     AdjustmentInput in;
                     in.location = read.Id<inventory::LocationId>(*a, "location_id", path + ".location_id", true)
                                       .value_or(inventory::LocationId());
                     in.variant = read.Id<catalog::VariantId>(*a, "variant_id", path + ".variant_id", true)
                                      .value_or(catalog::VariantId());
                     in.delta = read.Whole(*a, "delta", path + ".delta", true).value_or(0);
                     std::string reason = read.Text(*a, "reason", path + ".reason", true);
                     if (!reason.empty()) {
                         auto r = inventory::ParseReason(reason);
                         if (r) {
                             in.reason = *r;
                         } else {
                             read.errors.push_back({path + ".reason", "unknown_reason",
                                                    "must be receipt, adjustment, return or shop_sale"});
                         }
                     }
                     in.note = read.Text(*a, "note", path + ".note");
                     inputs.push_back(std::move(in));
                 }
             }
             if (!read.errors.empty()) return read.Fail("invalid_adjustment", "the adjustments have invalid fields");
             JANGTEO_TRY(std::vector<VariantStock> after,
                         flows.Adjust(PathMerchant(request), inputs, ActorOf(request)));
             json::array items;
             for (const auto& v : after) items.push_back(VariantStockJson(v));
             return http::Response::Json(200, json::object{{"items", std::move(items)}});
         },
         .doc = {.summary = "Record goods received, corrections, returns or counter sales",
                 .description = "All or none, each a ledger row with its reason and the caller: receipt and return "
                                "add (delta > 0), shop_sale removes, adjustment either way. 409 "
                                "insufficient_stock when on hand would go below zero or below what orders hold; "
                                "422 with a field error per unknown variant or location.",
                 .tag = "inventory",
                 .operation_id = "adjustStock",
                 .request_schema = ObjectSchema(
                     json::array{"adjustments"},
                     json::object{
                         {"adjustments",
                          ArrayOf(ObjectSchema(
                              json::array{"location_id", "variant_id", "delta", "reason"},
                              json::object{{"location_id", IdSchema("loc")},
                                           {"variant_id", IdSchema("var")},
                                           {"delta", IntSchema()},
                                           {"reason", json::object{{"enum", json::array{"receipt", "adjustment",
                                                                                        "return", "shop_sale"}}}},
                                           {"note", StringSchema()}}))}}),
                 .response_schema = ListSchema(VariantStockSchema(), false),
                 .error_statuses = {409, 422}},
         .body = http::BodyKind::kJson,
         .access = kInventoryWrite});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/stock/counts",
         .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             auto location = read.Id<inventory::LocationId>(body, "location_id", "location_id", true);
             std::string note = read.Text(body, "note", "note");
             std::vector<CountInput> lines;
             if (const json::array* list = read.Array(body, "lines", "lines", true)) {
                 if (list->empty() || list->size() > inventory::kMaxLinesPerRequest) {
                     read.errors.push_back({"lines", "count", "count 1 to 500 variants at a time"});
                 }
                 for (std::size_t i = 0; i < list->size() && i < inventory::kMaxLinesPerRequest; ++i) {
                     std::string path = "lines[" + std::to_string(i) + "]";
                     const json::object* l = read.Object((*list)[i], path);
                     if (!l) continue;
                     CountInput in;
                     in.variant = read.Id<catalog::VariantId>(*l, "variant_id", path + ".variant_id", true)
                                      .value_or(catalog::VariantId());
                     in.counted = read.Whole(*l, "counted", path + ".counted", true).value_or(0);
                     lines.push_back(in);
                 }
             }
             if (!read.errors.empty()) return read.Fail("invalid_count", "the count has invalid fields");
             JANGTEO_TRY(inventory::CountId id,
                         flows.Count(PathMerchant(request), *location, lines, note, ActorOf(request)));
             std::vector<catalog::VariantId> ids;
             for (const auto& l : lines) ids.push_back(l.variant);
             JANGTEO_TRY(std::vector<VariantStock> after, flows.Of(PathMerchant(request), ids));
             json::array items;
             for (const auto& v : after) items.push_back(VariantStockJson(v));
             return http::Response::Json(201, json::object{{"count_id", id.ToString()}, {"items", std::move(items)}});
         },
         .doc = {.summary = "Record a stock count at one location",
                 .description = "Each counted variant's on hand becomes the count, by a count movement of the "
                                "difference (none when it matches). 422 with field errors for unknown variants, a "
                                "closed or unknown location, negative counts, a variant twice.",
                 .tag = "inventory",
                 .operation_id = "countStock",
                 .request_schema = ObjectSchema(
                     json::array{"location_id", "lines"},
                     json::object{{"location_id", IdSchema("loc")},
                                  {"note", StringSchema()},
                                  {"lines", ArrayOf(ObjectSchema(json::array{"variant_id", "counted"},
                                                                 json::object{{"variant_id", IdSchema("var")},
                                                                              {"counted", IntSchema()}}))}}),
                 .success_status = 201,
                 .response_schema = ObjectSchema(
                     json::array{"count_id", "items"},
                     json::object{{"count_id", IdSchema("cnt")}, {"items", ArrayOf(VariantStockSchema())}}),
                 .error_statuses = {422}},
         .body = http::BodyKind::kJson,
         .access = kInventoryWrite});

    router.Add({.method = http::Method::kPut,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/stock/safety",
                .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    auto location = read.Id<inventory::LocationId>(body, "location_id", "location_id", true);
                    auto variant = read.Id<catalog::VariantId>(body, "variant_id", "variant_id", true);
                    auto safety = read.Whole(body, "safety_stock", "safety_stock", true);
                    if (!read.errors.empty())
                        return read.Fail("invalid_safety_stock", "the safety stock has invalid fields");
                    JANGTEO_TRY_STATUS(flows.SetSafetyStock(PathMerchant(request), *location, *variant, *safety));
                    JANGTEO_TRY(std::vector<VariantStock> after, flows.Of(PathMerchant(request), {*variant}));
                    if (after.empty()) return core::Error::NotFound("variant_not_found", "no such variant");
                    return http::Response::Json(200, VariantStockJson(after[0]));
                },
                .doc = {.summary = "Set the safety stock of a variant at a location",
                        .description = "The units kept back from online sale for the counter (0 to one billion).",
                        .tag = "inventory",
                        .operation_id = "setSafetyStock",
                        .request_schema = ObjectSchema(json::array{"location_id", "variant_id", "safety_stock"},
                                                       json::object{{"location_id", IdSchema("loc")},
                                                                    {"variant_id", IdSchema("var")},
                                                                    {"safety_stock", IntSchema()}}),
                        .response_schema = VariantStockSchema(),
                        .error_statuses = {422}},
                .body = http::BodyKind::kJson,
                .access = kInventoryWrite});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/stock/ledger",
         .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
             inventory::LedgerQuery query{.limit = paging.limit};
             JANGTEO_TRY(query.location, QueryId<inventory::LocationId>(request, "location_id"));
             JANGTEO_TRY(std::optional<catalog::VariantId> variant, QueryId<catalog::VariantId>(request, "variant_id"));
             if (variant) query.variant_key = variant->key();
             if (paging.cursor) {
                 std::int64_t before = 0;
                 const std::string& c = *paging.cursor;
                 auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), before);
                 if (ec != std::errc() || end != c.data() + c.size() || before <= 0) {
                     return core::Error::Invalid("bad_cursor", "the cursor is not one a list gave",
                                                 {{"cursor", "bad_cursor", "is not one a list gave"}});
                 }
                 query.before_seq = before;
             }
             JANGTEO_TRY(LedgerRows page, flows.Ledger(PathMerchant(request), query));
             json::array items;
             for (const auto& row : page.items) items.push_back(MovementJson(row));
             return http::Response::Json(
                 200, json::object{{"items", std::move(items)},
                                   {"next_cursor", page.next_before ? json::value(std::to_string(*page.next_before))
                                                                    : json::value(nullptr)}});
         },
         .doc = {.summary = "The stock ledger: every movement, newest first",
                 .description = "Filters: location_id, variant_id. Each row has its reason, the caller who made it "
                                "and on hand after it; on hand is always the sum of the ledger.",
                 .tag = "inventory",
                 .operation_id = "stockLedger",
                 .response_schema = ListSchema(MovementSchema(), true),
                 .error_statuses = {422},
                 .query = {{"location_id", "a location id", {}, false},
                           {"variant_id", "a variant id", {}, false},
                           {"cursor", "from the previous page's next_cursor", {}, false},
                           {"limit", "1 to 200 (50)", IntSchema(), false}}},
         .access = kInventoryRead});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/transfers",
         .handler = [&flows](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             auto from = read.Id<inventory::LocationId>(body, "from_location_id", "from_location_id", true);
             auto to = read.Id<inventory::LocationId>(body, "to_location_id", "to_location_id", true);
             std::string note = read.Text(body, "note", "note");
             std::vector<TransferInput> lines;
             if (const json::array* list = read.Array(body, "lines", "lines", true)) {
                 if (list->empty() || list->size() > inventory::kMaxLinesPerRequest) {
                     read.errors.push_back({"lines", "count", "send 1 to 500 variants at a time"});
                 }
                 for (std::size_t i = 0; i < list->size() && i < inventory::kMaxLinesPerRequest; ++i) {
                     std::string path = "lines[" + std::to_string(i) + "]";
                     const json::object* l = read.Object((*list)[i], path);
                     if (!l) continue;
                     TransferInput in;
                     in.variant = read.Id<catalog::VariantId>(*l, "variant_id", path + ".variant_id", true)
                                      .value_or(catalog::VariantId());
                     in.quantity = read.Whole(*l, "quantity", path + ".quantity", true).value_or(0);
                     lines.push_back(in);
                 }
             }
             if (!read.errors.empty()) return read.Fail("invalid_transfer", "the transfer has invalid fields");
             platform::MerchantId merchant = PathMerchant(request);
             JANGTEO_TRY(inventory::Transfer t,
                         flows.SendTransfer(merchant, *from, *to, lines, note, ActorOf(request)));
             JANGTEO_TRY(json::object answer, TransferAnswer(flows, merchant, t));
             return http::Response::Json(201, std::move(answer));
         },
         .doc = {.summary = "Send stock from one location to another",
                 .description = "The stock leaves the source at once (transfer_out) and is in transit until the "
                                "destination receives it (transfer_in) or the transfer is cancelled (back at the "
                                "source). 409 insufficient_stock beyond what is on hand and not reserved.",
                 .tag = "inventory",
                 .operation_id = "sendTransfer",
                 .request_schema = ObjectSchema(
                     json::array{"from_location_id", "to_location_id", "lines"},
                     json::object{{"from_location_id", IdSchema("loc")},
                                  {"to_location_id", IdSchema("loc")},
                                  {"note", StringSchema()},
                                  {"lines", ArrayOf(ObjectSchema(json::array{"variant_id", "quantity"},
                                                                 json::object{{"variant_id", IdSchema("var")},
                                                                              {"quantity", IntSchema()}}))}}),
                 .success_status = 201,
                 .response_schema = TransferSchema(),
                 .error_statuses = {409, 422}},
         .body = http::BodyKind::kJson,
         .access = kInventoryWrite});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/transfers",
                .handler = [&flows, &stock](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
                    bool open_only = request.Query("state").value_or("") == "in_transit";
                    platform::MerchantId merchant = PathMerchant(request);
                    JANGTEO_TRY(std::vector<inventory::Transfer> all,
                                stock.ListTransfers(merchant, open_only, paging.limit));
                    std::vector<std::int64_t> keys;
                    for (const auto& t : all) {
                        for (const auto& l : t.lines) keys.push_back(l.variant_key);
                    }
                    JANGTEO_TRY(auto names, flows.Names(merchant, std::move(keys)));
                    json::array items;
                    for (const auto& t : all) items.push_back(TransferJson(t, names));
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "The merchant's transfers, newest first",
                        .description = "state=in_transit for the open ones only; limit 1 to 200 (50).",
                        .tag = "inventory",
                        .operation_id = "listTransfers",
                        .response_schema = ListSchema(TransferSchema(), false),
                        .error_statuses = {422},
                        .query = {{"state", "in_transit for the open ones", {}, false},
                                  {"limit", "1 to 200 (50)", IntSchema(), false}}},
                .access = kInventoryRead});

    auto close = [&flows, &stock](bool receive) {
        return [&flows, &stock, receive](http::Request& request) -> core::Result<http::Response> {
            platform::MerchantId merchant = PathMerchant(request);
            auto id = inventory::TransferId::Parse(request.Param("transfer_id")).value();
            JANGTEO_TRY(inventory::Transfer t, receive ? stock.ReceiveTransfer(merchant, id, ActorOf(request))
                                                       : stock.CancelTransfer(merchant, id, ActorOf(request)));
            JANGTEO_TRY(json::object answer, TransferAnswer(flows, merchant, t));
            return http::Response::Json(200, std::move(answer));
        };
    };
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/transfers/{transfer_id:trf}",
                .handler = [&flows, &stock](http::Request& request) -> core::Result<http::Response> {
                    platform::MerchantId merchant = PathMerchant(request);
                    auto id = inventory::TransferId::Parse(request.Param("transfer_id")).value();
                    JANGTEO_TRY(inventory::Transfer t, stock.GetTransfer(merchant, id));
                    JANGTEO_TRY(json::object answer, TransferAnswer(flows, merchant, t));
                    return http::Response::Json(200, std::move(answer));
                },
                .doc = {.summary = "One of the merchant's transfers",
                        .tag = "inventory",
                        .operation_id = "getTransfer",
                        .response_schema = TransferSchema(),
                        .error_statuses = {}},
                .access = kInventoryRead});
    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/transfers/{transfer_id:trf}/receive",
                .handler = close(true),
                .doc = {.summary = "Receive a transfer at its destination",
                        .description = "transfer_in movements at the destination; 409 transfer_closed when it was "
                                       "already received or cancelled.",
                        .tag = "inventory",
                        .operation_id = "receiveTransfer",
                        .response_schema = TransferSchema(),
                        .error_statuses = {409}},
                .access = kInventoryWrite});
    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/transfers/{transfer_id:trf}/cancel",
                .handler = close(false),
                .doc = {.summary = "Cancel a transfer in transit",
                        .description = "The stock goes back in at the source; 409 transfer_closed when it was "
                                       "already received or cancelled.",
                        .tag = "inventory",
                        .operation_id = "cancelTransfer",
                        .response_schema = TransferSchema(),
                        .error_statuses = {409}},
                .access = kInventoryWrite});
}

}  // namespace jangteo::flows
