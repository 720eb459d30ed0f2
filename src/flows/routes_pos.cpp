// The counter over HTTP: POS devices (keys bound to a location) and the web POS record sales, returns
// and voids one at a time or in batches of queued sales; the back office reads the sales journal, the
// exceptions to look at, the end-of-day report of a location, the stock rows flagged for a count, and
// manages its devices.
#include <algorithm>
#include <charconv>

#include "channels/pos_report.hpp"
#include "channels/pos_sale.hpp"
#include "channels/sales_import.hpp"
#include "core/validate.hpp"
#include "customers/member.hpp"
#include "flows/import_jobs.hpp"
#include "flows/pos.hpp"
#include "flows/routes.hpp"
#include "http/problem.hpp"
#include "inventory/location.hpp"
#include "platform/http_util.hpp"
#include "platform/job.hpp"
#include "platform/user.hpp"

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

// The counter: staff at the web POS, and keys with the "pos" scope (a device bound to a location, or
// a program that names the location of each sale).
constexpr http::Access kPos{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "pos"};
// The back office's reading of the counter: people, and keys that read reports.
constexpr http::Access kPosReports{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "reports:read"};
constexpr http::Access kStaffOnly{.audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff};
constexpr http::Access kOwnerOnly{.audience = http::Audience::kMerchant, .role = http::MerchantRole::kOwner};

platform::MerchantId PathMerchant(const http::Request& request) {
    return *CallerOf(request).merchant;
}

json::object IntSchema() {
    return json::object{{"type", "integer"}};
}
json::object NullableInt() {
    return json::object{{"type", json::array{"integer", "null"}}};
}
json::object NullableId(std::string_view prefix) {
    json::object schema = IdSchema(prefix);
    schema["type"] = json::array{"string", "null"};
    return schema;
}
json::object BoolSchema() {
    return json::object{{"type", "boolean"}};
}
json::object EnumSchema(json::array values) {
    return json::object{{"type", "string"}, {"enum", std::move(values)}};
}

json::value OptId(const std::optional<std::int64_t>& key, std::string_view prefix) {
    if (!key) return nullptr;
    if (prefix == "var") return json::value(catalog::VariantId(*key).ToString());
    return json::value(inventory::LocationId(*key).ToString());
}

PosCaller PosCallerOf(const http::Request& request, platform::UserService& users) {
    const platform::Caller& caller = CallerOf(request);
    PosCaller out;
    if (caller.key) {
        out.api_key = caller.key->id;
        out.key_location = caller.key->location_key;
    } else if (caller.user) {
        out.user = caller.user;
        if (auto me = users.Get(*caller.user); me.ok()) out.user_name = me->name;
    }
    return out;
}

// A device key sees only its own location; others name one or see all.
core::Result<std::optional<std::int64_t>> LocationFilter(const http::Request& request, std::string_view param) {
    const platform::Caller& caller = CallerOf(request);
    std::optional<std::int64_t> asked;
    if (auto text = request.Query(param); text && !text->empty()) {
        auto id = inventory::LocationId::Parse(*text);
        if (!id.ok()) {
            return core::Error::Invalid("bad_query", "the query is not valid",
                                        {{std::string(param), "malformed_id", "is not a loc_ id"}});
        }
        asked = id->key();
    }
    if (caller.key && caller.key->location_key) {
        if (asked && *asked != *caller.key->location_key) {
            return core::Error::PermissionDenied("wrong_location", "this device sees its own location only");
        }
        return caller.key->location_key;
    }
    return asked;
}

json::object SaleJson(const channels::PosSale& s) {
    json::array lines;
    for (const auto& l : s.lines) {
        lines.push_back(json::object{{"line_no", l.line_no},
                                     {"code", l.code},
                                     {"variant_id", OptId(l.variant_key, "var")},
                                     {"sku", l.sku},
                                     {"title", l.title},
                                     {"quantity", l.quantity},
                                     {"unit_price", l.unit_price_won},
                                     {"list_price", l.list_price_won ? json::value(*l.list_price_won) : nullptr},
                                     {"discount", l.discount_won},
                                     {"amount", l.amount_won},
                                     {"returned_quantity", l.returned_quantity}});
    }
    json::array payments;
    for (const auto& p : s.payments) {
        payments.push_back(json::object{{"method", channels::TenderMethodName(p.method)}, {"amount", p.amount_won}});
    }
    return json::object{
        {"id", s.id.ToString()},
        {"sale_id", s.client_id},
        {"kind", channels::SaleKindName(s.kind)},
        {"original_sale_id", s.original_client_id.empty() ? json::value(nullptr) : json::value(s.original_client_id)},
        {"location_id", inventory::LocationId(s.location_key).ToString()},
        {"source", channels::SaleSourceName(s.source)},
        {"cashier", s.cashier},
        {"receipt_no", s.receipt_no},
        {"customer", json::object{{"phone", s.customer_phone}, {"card_no", s.customer_card}}},
        {"subtotal", s.subtotal_won},
        {"discount", s.discount_won},
        {"total", s.total_won},
        {"currency", "KRW"},
        {"restock", s.restock},
        {"sold_at", Time(s.sold_at)},
        {"received_at", Time(s.received_at)},
        {"voided_by", s.voided_by ? json::value(s.voided_by->ToString()) : nullptr},
        {"exceptions", s.exception_count},
        {"lines", std::move(lines)},
        {"payments", std::move(payments)}};
}

json::object SaleSchema() {
    json::object line = ObjectSchema(
        json::array{"line_no", "code", "variant_id", "quantity", "unit_price", "list_price", "discount", "amount"},
        json::object{{"line_no", IntSchema()},
                     {"code", StringSchema()},
                     {"variant_id", json::object{{"type", json::array{"string", "null"}}}},
                     {"sku", StringSchema()},
                     {"title", StringSchema()},
                     {"quantity", IntSchema()},
                     {"unit_price", IntSchema()},
                     {"list_price", NullableInt()},
                     {"discount", IntSchema()},
                     {"amount", IntSchema()},
                     {"returned_quantity", IntSchema()}});
    json::object payment = ObjectSchema(
        json::array{"method", "amount"},
        json::object{{"method", EnumSchema({"cash", "card", "transfer", "points"})}, {"amount", IntSchema()}});
    return ObjectSchema(json::array{"id", "sale_id", "kind", "location_id", "total", "sold_at", "lines", "payments"},
                        json::object{{"id", IdSchema("pos")},
                                     {"sale_id", StringSchema()},
                                     {"kind", EnumSchema({"sale", "return", "void"})},
                                     {"original_sale_id", json::object{{"type", json::array{"string", "null"}}}},
                                     {"location_id", IdSchema("loc")},
                                     {"source", EnumSchema({"device", "web_pos", "import"})},
                                     {"cashier", StringSchema()},
                                     {"receipt_no", StringSchema()},
                                     {"customer", json::object{{"type", "object"}}},
                                     {"subtotal", IntSchema()},
                                     {"discount", IntSchema()},
                                     {"total", IntSchema()},
                                     {"currency", StringSchema()},
                                     {"restock", BoolSchema()},
                                     {"sold_at", TimeSchema()},
                                     {"received_at", TimeSchema()},
                                     {"voided_by", json::object{{"type", json::array{"string", "null"}}}},
                                     {"exceptions", IntSchema()},
                                     {"lines", ArrayOf(line)},
                                     {"payments", ArrayOf(payment)}});
}

json::object SaleInputSchema() {
    json::object line = ObjectSchema(
        json::array{"code", "quantity", "unit_price"},
        json::object{
            {"code", json::object{{"type", "string"}, {"description", "a SKU or a barcode"}}},
            {"quantity", IntSchema()},
            {"unit_price", json::object{{"type", "integer"}, {"description", "won charged per unit, before discount"}}},
            {"discount", IntSchema()},
            {"title", StringSchema()}});
    json::object payment = ObjectSchema(
        json::array{"method", "amount"},
        json::object{{"method", EnumSchema({"cash", "card", "transfer", "points"})}, {"amount", IntSchema()}});
    return ObjectSchema(
        json::array{"sale_id", "sold_at"},
        json::object{{"sale_id", json::object{{"type", "string"},
                                              {"description",
                                               "made by the device, 1–64 of A–Z a–z 0–9 . _ : -; the "
                                               "idempotency key of the sale"}}},
                     {"kind", EnumSchema({"sale", "return", "void"})},
                     {"original_sale_id", StringSchema()},
                     {"location_id", IdSchema("loc")},
                     {"receipt_no", StringSchema()},
                     {"sold_at", TimeSchema()},
                     {"cashier", StringSchema()},
                     {"customer", ObjectSchema(json::array{},
                                               json::object{{"phone", StringSchema()}, {"card_no", StringSchema()}})},
                     {"lines", ArrayOf(line)},
                     {"discount", IntSchema()},
                     {"payments", ArrayOf(payment)},
                     {"restock", BoolSchema()}});
}

// Reads a sale's JSON into its raw fields, collecting shape problems under `prefix`.
channels::RawSale ReadSale(BodyReader& read, const json::object& o) {
    channels::RawSale raw;
    raw.client_id = read.Text(o, "sale_id", "sale_id", true);
    if (o.contains("kind")) raw.kind = read.Text(o, "kind", "kind");
    raw.original_client_id = read.Text(o, "original_sale_id", "original_sale_id");
    if (auto loc = read.Id<inventory::LocationId>(o, "location_id", "location_id", false))
        raw.location_key = loc->key();
    raw.receipt_no = read.Text(o, "receipt_no", "receipt_no");
    raw.sold_at = read.Text(o, "sold_at", "sold_at", true);
    raw.cashier = read.Text(o, "cashier", "cashier");
    if (const json::object* c = read.Object(o, "customer", "customer", false)) {
        raw.customer_phone = read.Text(*c, "phone", "customer.phone");
        raw.customer_card = read.Text(*c, "card_no", "customer.card_no");
    }
    if (const json::array* lines = read.Array(o, "lines", "lines", false)) {
        if (lines->size() > channels::kMaxSaleLines) {
            read.errors.push_back({"lines", "count", "1 to 200 lines"});
        }
        for (std::size_t i = 0; i < lines->size() && i < channels::kMaxSaleLines; ++i) {
            std::string path = "lines[" + std::to_string(i) + "]";
            const json::object* l = read.Object((*lines)[i], path);
            if (!l) continue;
            channels::SaleLineInput line;
            line.code = read.Text(*l, "code", path + ".code", true);
            line.quantity = read.Whole(*l, "quantity", path + ".quantity", true).value_or(0);
            line.unit_price_won = read.Whole(*l, "unit_price", path + ".unit_price", true).value_or(0);
            line.discount_won = read.Whole(*l, "discount", path + ".discount", false).value_or(0);
            line.title = read.Text(*l, "title", path + ".title");
            raw.lines.push_back(std::move(line));
        }
    }
    raw.discount_won = read.Whole(o, "discount", "discount", false).value_or(0);
    if (const json::array* payments = read.Array(o, "payments", "payments", false)) {
        for (std::size_t i = 0; i < payments->size() && i <= channels::kMaxPayments; ++i) {
            std::string path = "payments[" + std::to_string(i) + "]";
            const json::object* p = read.Object((*payments)[i], path);
            if (!p) continue;
            std::string method = read.Text(*p, "method", path + ".method", true);
            std::int64_t amount = read.Whole(*p, "amount", path + ".amount", true).value_or(0);
            raw.payments.emplace_back(std::move(method), amount);
        }
    }
    raw.restock = read.Bool(o, "restock", "restock", false).value_or(true);
    return raw;
}

// Every problem of a sale at once: the body's shapes (wrong JSON types) and, as far as they can be
// read, the checks of its values.
core::Error SaleProblems(PosFlows& pos, BodyReader& read, const channels::RawSale& raw) {
    std::vector<core::FieldError> all = std::move(read.errors);
    auto checked = pos.Check(raw);
    if (!checked.ok()) {
        for (auto& f : checked.error().fields) {
            bool seen =
                std::any_of(all.begin(), all.end(), [&](const core::FieldError& e) { return e.field == f.field; });
            if (!seen) all.push_back(std::move(f));
        }
    }
    return core::Error::Invalid("invalid_sale", "the sale has invalid fields", std::move(all));
}

json::object OutcomeJson(const SaleOutcome& out) {
    json::array flagged;
    for (std::int64_t v : out.count_flagged) flagged.emplace_back(catalog::VariantId(v).ToString());
    return json::object{{"status", out.created ? "created" : "duplicate"},
                        {"sale", SaleJson(out.sale)},
                        {"count_needed", std::move(flagged)}};
}

json::object OutcomeSchema() {
    return ObjectSchema(json::array{"status", "sale", "count_needed"},
                        json::object{{"status", EnumSchema({"created", "duplicate"})},
                                     {"sale", SaleSchema()},
                                     {"count_needed", ArrayOf(IdSchema("var"))}});
}

// A refused sale of a batch, in the shape of a problem answer.
json::object ProblemJson(const core::Error& e) {
    int status = http::StatusFor(e.code);
    json::object p{{"type", "/problems/" + e.reason},
                   {"title", http::StatusTitle(status)},
                   {"status", status},
                   {"detail", e.message}};
    if (!e.fields.empty()) {
        json::array errors;
        for (const auto& f : e.fields)
            errors.push_back(json::object{{"field", f.field}, {"code", f.code}, {"message", f.message}});
        p["errors"] = std::move(errors);
    }
    return p;
}

json::object ExceptionJson(const channels::PosException& e) {
    return json::object{
        {"id", e.id.ToString()},
        {"kind", channels::ExceptionKindName(e.kind)},
        {"location_id", inventory::LocationId(e.location_key).ToString()},
        {"sale", json::object{{"id", e.sale.ToString()}, {"sale_id", e.sale_client_id}, {"receipt_no", e.receipt_no}}},
        {"line_no", e.line_no},
        {"code", e.code},
        {"title", e.title},
        {"variant_id", OptId(e.variant_key, "var")},
        {"quantity", e.quantity},
        {"expected_price", e.expected_won ? json::value(*e.expected_won) : nullptr},
        {"charged_price", e.charged_won},
        {"state", e.open ? "open" : "resolved"},
        {"raised_at", Time(e.raised_at)},
        {"resolved_at", Time(e.resolved_at)},
        {"resolved_by", e.resolved_by ? json::value(e.resolved_by->ToString()) : nullptr},
        {"resolution_note", e.resolution_note}};
}

json::object ExceptionSchema() {
    return ObjectSchema(json::array{"id", "kind", "location_id", "sale", "line_no", "code", "quantity", "charged_price",
                                    "state", "raised_at"},
                        json::object{{"id", IdSchema("pex")},
                                     {"kind", EnumSchema({"unknown_item", "price_mismatch", "points_short"})},
                                     {"location_id", IdSchema("loc")},
                                     {"sale", json::object{{"type", "object"}}},
                                     {"line_no", IntSchema()},
                                     {"code", StringSchema()},
                                     {"title", StringSchema()},
                                     {"variant_id", json::object{{"type", json::array{"string", "null"}}}},
                                     {"quantity", IntSchema()},
                                     {"expected_price", NullableInt()},
                                     {"charged_price", IntSchema()},
                                     {"state", EnumSchema({"open", "resolved"})},
                                     {"raised_at", TimeSchema()},
                                     {"resolved_at", json::object{{"type", json::array{"string", "null"}}}},
                                     {"resolved_by", json::object{{"type", json::array{"string", "null"}}}},
                                     {"resolution_note", StringSchema()}});
}

// "<µs>.<key>" cursors of the keyset pages.
std::string PairCursor(std::pair<std::int64_t, std::int64_t> p) {
    return std::to_string(p.first) + "." + std::to_string(p.second);
}
core::Result<std::optional<std::pair<std::int64_t, std::int64_t>>> ParsePairCursor(
    const std::optional<std::string>& text) {
    if (!text || text->empty()) return std::optional<std::pair<std::int64_t, std::int64_t>>();
    std::size_t dot = text->find('.');
    std::int64_t a = 0, b = 0;
    bool ok = dot != std::string::npos;
    if (ok) {
        auto r1 = std::from_chars(text->data(), text->data() + dot, a);
        auto r2 = std::from_chars(text->data() + dot + 1, text->data() + text->size(), b);
        ok = r1.ec == std::errc() && r1.ptr == text->data() + dot && r2.ec == std::errc() &&
             r2.ptr == text->data() + text->size();
    }
    if (!ok) {
        return core::Error::Invalid("bad_cursor", "the cursor is not valid",
                                    {{"cursor", "invalid_cursor", "use next_cursor of the previous page"}});
    }
    return std::optional<std::pair<std::int64_t, std::int64_t>>(std::pair(a, b));
}

json::object ReportJson(const channels::DayReport& r) {
    json::array methods;
    for (const auto& m : r.by_method) {
        methods.push_back(json::object{{"method", channels::TenderMethodName(m.method)},
                                       {"sales", m.sales_won},
                                       {"refunds", m.refunds_won},
                                       {"net", m.sales_won - m.refunds_won}});
    }
    json::array staff;
    for (const auto& s : r.by_staff) {
        staff.push_back(json::object{{"cashier", s.cashier},
                                     {"sales_count", s.sales_count},
                                     {"sales", s.sales_won},
                                     {"refunds_count", s.refunds_count},
                                     {"refunds", s.refunds_won},
                                     {"net", s.sales_won - s.refunds_won}});
    }
    json::array hours;
    for (const auto& h : r.by_hour) {
        hours.push_back(json::object{
            {"hour", h.hour}, {"sales_count", h.sales_count}, {"sales", h.sales_won}, {"refunds", h.refunds_won}});
    }
    auto totals = [](const channels::KindTotals& t) { return json::object{{"count", t.count}, {"amount", t.won}}; };
    return json::object{{"location_id", inventory::LocationId(r.location_key).ToString()},
                        {"date", r.date},
                        {"currency", "KRW"},
                        {"sales", totals(r.sales)},
                        {"returns", totals(r.returns)},
                        {"voids", totals(r.voids)},
                        {"net", r.net_won},
                        {"units_sold", r.units_sold},
                        {"by_method", std::move(methods)},
                        {"by_staff", std::move(staff)},
                        {"by_hour", std::move(hours)},
                        {"open_exceptions", r.open_exceptions}};
}

json::object ReportSchema() {
    json::object totals =
        ObjectSchema(json::array{"count", "amount"}, json::object{{"count", IntSchema()}, {"amount", IntSchema()}});
    return ObjectSchema(
        json::array{"location_id", "date", "sales", "returns", "voids", "net", "by_method", "by_staff", "by_hour"},
        json::object{{"location_id", IdSchema("loc")},
                     {"date", json::object{{"type", "string"}, {"format", "date"}}},
                     {"currency", StringSchema()},
                     {"sales", totals},
                     {"returns", totals},
                     {"voids", totals},
                     {"net", IntSchema()},
                     {"units_sold", IntSchema()},
                     {"by_method", ArrayOf(json::object{{"type", "object"}})},
                     {"by_staff", ArrayOf(json::object{{"type", "object"}})},
                     {"by_hour", ArrayOf(json::object{{"type", "object"}})},
                     {"open_exceptions", IntSchema()}});
}

core::Error BadParam(std::string field, std::string code, std::string message) {
    return core::Error::Invalid("bad_query", "the query is not valid",
                                {{std::move(field), std::move(code), std::move(message)}});
}

constexpr const char* kJobDescription =
    "Poll about every 500 ms while status is queued or running: processed counts the rows done of total. "
    "succeeded: summary says what was imported (in a dry run, what would be) and skipped; issues lists each "
    "bad row's line (1 is the header), column and code, the first 1,000 (issues_total counts them all). "
    "failed: error says why (interrupted: the server stopped three times; send the file again, what was "
    "imported stays and is skipped). Another merchant's import: 404 job_not_found.";

core::Result<ImportFileOptions> ImportFileOptionsOf(const http::Request& request) {
    std::string dry(request.Query("dry_run").value_or("false"));
    if (dry != "true" && dry != "false") return BadParam("dry_run", "invalid_boolean", "must be true or false");
    std::string enc(request.Query("encoding").value_or("auto"));
    ImportFileOptions options{.dry_run = dry == "true"};
    if (enc == "utf-8") {
        options.encoding = core::TextEncoding::kUtf8;
    } else if (enc == "cp949") {
        options.encoding = core::TextEncoding::kCp949;
    } else if (enc != "auto") {
        return BadParam("encoding", "unknown_encoding", "must be auto, utf-8 or cp949");
    }
    return options;
}

platform::JobActor ActorOf(const http::Request& request) {
    const platform::Caller& caller = CallerOf(request);
    platform::JobActor actor{.user = caller.user};
    if (caller.key) actor.key = caller.key->id;
    return actor;
}

json::value JsonOrNull(const std::optional<json::object>& o) {
    return o ? json::value(*o) : json::value(nullptr);
}

json::object JobJson(const platform::Job& job, bool with_issues) {
    auto param = [&job](std::string_view key) -> json::value {
        auto it = job.params.find(key);
        return it == job.params.end() ? json::value(nullptr) : it->value();
    };
    json::object o{{"id", job.id.ToString()},
                   {"kind", job.kind},
                   {"status", platform::JobStatusName(job.status)},
                   {"dry_run", param("dry_run")},
                   {"location_id", param("location_id")},
                   {"encoding", param("encoding")},
                   {"total_rows", job.total},
                   {"processed_rows", job.processed},
                   {"summary", JsonOrNull(job.result)},
                   {"issues_total", job.issues_total},
                   {"error", JsonOrNull(job.error)},
                   {"created_at", Time(job.created_at)},
                   {"finished_at", Time(job.finished_at)}};
    if (with_issues) {
        json::array issues;
        issues.reserve(job.issues.size());
        for (const auto& i : job.issues) {
            issues.push_back(
                json::object{{"line", i.line}, {"field", i.field}, {"code", i.code}, {"message", i.message}});
        }
        o["issues"] = std::move(issues);
    }
    return o;
}

json::object JobSchema() {
    json::object nullable_object{{"type", json::array{"object", "null"}}};
    return ObjectSchema(
        json::array{"id", "kind", "status", "dry_run", "total_rows", "processed_rows", "summary", "issues_total",
                    "error", "created_at"},
        json::object{{"id", IdSchema("job")},
                     {"kind", EnumSchema({"pos_sales", "members"})},
                     {"status", EnumSchema({"queued", "running", "succeeded", "failed"})},
                     {"dry_run", BoolSchema()},
                     {"location_id", json::object{{"type", json::array{"string", "null"}}}},
                     {"encoding", EnumSchema({"utf-8", "cp949"})},
                     {"total_rows", IntSchema()},
                     {"processed_rows", IntSchema()},
                     {"summary", nullable_object},
                     {"issues", ArrayOf(json::object{{"type", "object"}})},
                     {"issues_total", IntSchema()},
                     {"error", nullable_object},
                     {"created_at", TimeSchema()},
                     {"finished_at", json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}}}});
}

http::Response JobAnswer(const platform::Job& job, std::string_view path) {
    http::Response r = http::Response::Json(202, JobJson(job, true));
    r.SetHeader("Location", "/api/v1/merchants/" + job.merchant.ToString() + std::string(path) + job.id.ToString());
    return r;
}

core::Result<http::Response> JobList(platform::JobService& jobs, const http::Request& request, std::string_view kind) {
    JANGTEO_TRY(std::vector<platform::Job> found, jobs.List(PathMerchant(request), kind, 20));
    json::array items;
    items.reserve(found.size());
    for (const auto& j : found) items.push_back(JobJson(j, false));
    http::Response r = http::Response::Json(200, json::object{{"items", std::move(items)}});
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

core::Result<http::Response> JobOne(platform::JobService& jobs, const http::Request& request, std::string_view kind) {
    platform::JobId id = platform::JobId::Parse(request.Param("job_id")).value();
    JANGTEO_TRY(platform::Job job, jobs.Get(PathMerchant(request), kind, id));
    http::Response r = http::Response::Json(200, JobJson(job, true));
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

}  // namespace

void AddPosRoutes(http::Router& router, const RouteServices& services) {
    PosFlows& pos = services.pos_flows;
    channels::PosSaleStore& sales = services.pos_sales;
    channels::PosReports& reports = services.pos_reports;
    ImportJobs& imports = services.imports;
    platform::JobService& jobs = services.jobs;
    platform::UserService& users = services.users;
    inventory::StockService& stock = services.stock;
    platform::ApiKeyService& keys = services.keys;
    inventory::LocationService& locations = services.locations;
    CustomerFlows& customer_flows = services.customer_flows;

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/sales",
         .handler = [&pos, &users](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             BodyReader read;
             channels::RawSale raw = ReadSale(read, body);
             if (!read.errors.empty()) return SaleProblems(pos, read, raw);
             JANGTEO_TRY(SaleOutcome out, pos.Record(PathMerchant(request), PosCallerOf(request, users), raw));
             return http::Response::Json(out.created ? 201 : 200, OutcomeJson(out));
         },
         .doc = {.summary = "Record a sale, a return or a void made at the counter",
                 .description =
                     "The sale has already happened: it is never refused for stock. It moves the location's stock "
                     "in the same ledger as web sales, even below zero (the stock row is then flagged for a count, "
                     "count_needed). A code that names no variant of the merchant, or a unit price other than the "
                     "shop price list's, is recorded as an exception for the back office. sale_id is the sale's "
                     "idempotency key: the same sale sent again answers 200 with status duplicate and changes "
                     "nothing; the same id with other content is 422 sale_id_reused. A device key records sales "
                     "of its own location only (403 wrong_location). A return names original_sale_id and the "
                     "lines taken back (409 return_exceeds_sale beyond what is left); a void takes back a whole "
                     "sale of the same location, with no lines or payments of its own.",
                 .tag = "pos",
                 .operation_id = "recordPosSale",
                 .request_schema = SaleInputSchema(),
                 .success_status = 201,
                 .response_schema = OutcomeSchema(),
                 .error_statuses = {403, 409, 422}},
         .body = http::BodyKind::kJson,
         .access = kPos});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/sales/batch",
         .handler = [&pos, &users](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(json::object body, BodyObject(request));
             const json::value* list = body.if_contains("sales");
             if (!list || !list->is_array()) {
                 return core::Error::Invalid("invalid_batch", "the batch has no sales",
                                             {{"sales", "required", "an array of 1 to 1,000 sales"}});
             }
             const json::array& items = list->get_array();
             if (items.empty() || items.size() > channels::kMaxBatchSales) {
                 return core::Error::Invalid(
                     "too_many_sales", "a batch has 1 to 1,000 sales",
                     {{"sales", "count", "1 to 1,000 sales, in the order they were made; send the rest next"}});
             }
             std::vector<channels::RawSale> raws;
             std::vector<std::size_t> index_of;  // raws[k] is items[index_of[k]]
             std::vector<std::optional<core::Error>> shape(items.size());
             std::vector<std::string> ids(items.size());
             for (std::size_t i = 0; i < items.size(); ++i) {
                 BodyReader read;
                 const json::object* o = read.Object(items[i], "sales[" + std::to_string(i) + "]");
                 if (!o) {
                     shape[i] = read.Fail("invalid_sale", "the sale is not an object");
                     continue;
                 }
                 channels::RawSale raw = ReadSale(read, *o);
                 ids[i] = raw.client_id;
                 if (!read.errors.empty()) {
                     shape[i] = SaleProblems(pos, read, raw);
                     continue;
                 }
                 index_of.push_back(i);
                 raws.push_back(std::move(raw));
             }
             JANGTEO_TRY(std::vector<BatchResult> results,
                         pos.RecordBatch(PathMerchant(request), PosCallerOf(request, users), raws));
             std::vector<json::object> answers(items.size());
             std::int64_t created = 0, duplicates = 0, refused = 0;
             for (std::size_t i = 0; i < items.size(); ++i) {
                 if (shape[i]) {
                     answers[i] = json::object{
                         {"index", i}, {"sale_id", ids[i]}, {"status", "refused"}, {"problem", ProblemJson(*shape[i])}};
                     ++refused;
                 }
             }
             for (std::size_t k = 0; k < results.size(); ++k) {
                 std::size_t i = index_of[k];
                 const BatchResult& r = results[k];
                 if (r.outcome) {
                     json::object a = OutcomeJson(*r.outcome);
                     a["index"] = i;
                     a["sale_id"] = ids[i];
                     answers[i] = std::move(a);
                     ++(r.outcome->created ? created : duplicates);
                 } else {
                     answers[i] = json::object{
                         {"index", i}, {"sale_id", ids[i]}, {"status", "refused"}, {"problem", ProblemJson(*r.error)}};
                     ++refused;
                 }
             }
             json::array out;
             for (auto& a : answers) out.push_back(std::move(a));
             return http::Response::Json(200, json::object{{"created", created},
                                                           {"duplicates", duplicates},
                                                           {"refused", refused},
                                                           {"results", std::move(out)}});
         },
         .doc = {.summary = "Upload the sales a device queued while it was offline",
                 .description =
                     "1 to 1,000 sales in the order they were made, each recorded on its own as by POST "
                     "/pos/sales: a refused sale (its problem in its result) keeps the others, and a batch sent "
                     "twice changes nothing the second time (every result then says duplicate). A return may refer "
                     "to a sale earlier in the same batch. 422 too_many_sales beyond 1,000, with nothing recorded.",
                 .tag = "pos",
                 .operation_id = "uploadPosSales",
                 .request_schema =
                     ObjectSchema(json::array{"sales"}, json::object{{"sales", ArrayOf(SaleInputSchema())}}),
                 .response_schema = ObjectSchema(
                     json::array{"created", "duplicates", "refused", "results"},
                     json::object{
                         {"created", IntSchema()},
                         {"duplicates", IntSchema()},
                         {"refused", IntSchema()},
                         {"results",
                          ArrayOf(ObjectSchema(json::array{"index", "sale_id", "status"},
                                               json::object{{"index", IntSchema()},
                                                            {"sale_id", StringSchema()},
                                                            {"status", EnumSchema({"created", "duplicate", "refused"})},
                                                            {"sale", SaleSchema()},
                                                            {"count_needed", ArrayOf(IdSchema("var"))},
                                                            {"problem", json::object{{"type", "object"}}}}))}}),
                 .error_statuses = {403, 422}},
         .body = http::BodyKind::kJson,
         .access = kPos});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/sales",
                .handler = [&sales](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
                    JANGTEO_TRY(auto before, ParsePairCursor(paging.cursor));
                    JANGTEO_TRY(std::optional<std::int64_t> location, LocationFilter(request, "location_id"));
                    channels::SaleListQuery query{.location_key = location, .before = before, .limit = paging.limit};
                    if (auto date = request.Query("date"); date && !date->empty()) {
                        auto start = channels::SeoulDayStart(*date);
                        if (!start) {
                            return core::Error::Invalid("bad_query", "the query is not valid",
                                                        {{"date", "invalid_date", "a date such as 2026-11-23"}});
                        }
                        query.from = *start;
                        query.to = *start + std::chrono::hours(24);
                    }
                    query.receipt_no = std::string(request.Query("receipt_no").value_or(""));
                    if (query.receipt_no.size() > 200) {
                        return core::Error::Invalid("bad_query", "the query is not valid",
                                                    {{"receipt_no", "too_long", "at most 40 characters"}});
                    }
                    if (auto phone = request.Query("phone"); phone && !phone->empty()) {
                        // The customer's earlier sales at the counter, for the web POS's lookup.
                        auto normal = phone->size() <= 40 ? core::NormalizeKoreanMobile(*phone) : std::nullopt;
                        if (!normal) {
                            return core::Error::Invalid(
                                "bad_query", "the query is not valid",
                                {{"phone", "invalid_phone", "a Korean mobile number such as 010-1234-5678"}});
                        }
                        query.customer_phone = *normal;
                    }
                    JANGTEO_TRY(channels::SalePage page, sales.List(PathMerchant(request), query));
                    json::array items;
                    for (const auto& s : page.items) items.push_back(SaleJson(s));
                    return http::Response::Json(
                        200, json::object{{"items", std::move(items)},
                                          {"next_cursor", page.next_before ? json::value(PairCursor(*page.next_before))
                                                                           : json::value(nullptr)}});
                },
                .doc = {.summary = "The counter's sales journal",
                        .description = "Sales, returns and voids, newest first by time of sale; location_id, date "
                                       "(a day in Korea), receipt_no and the customer's phone narrow it. A device "
                                       "key sees its own location only.",
                        .tag = "pos",
                        .operation_id = "listPosSales",
                        .response_schema = ListSchema(SaleSchema(), true),
                        .error_statuses = {403, 422},
                        .query = {{"location_id", "one location", IdSchema("loc"), false},
                                  {"date", "YYYY-MM-DD, Asia/Seoul", StringSchema(), false},
                                  {"receipt_no", "exact receipt number", StringSchema(), false},
                                  {"phone", "the customer's mobile number (any common form)", StringSchema(), false},
                                  {"cursor", "from the previous page's next_cursor", {}, false},
                                  {"limit", "1 to 200 (50)", IntSchema(), false}}},
                .access = kPos});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/sales/{pos_sale_id:pos}",
                .handler = [&sales](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(channels::PosSaleId id, channels::PosSaleId::Parse(request.Param("pos_sale_id")));
                    JANGTEO_TRY(channels::PosSale sale, sales.Get(PathMerchant(request), id));
                    const platform::Caller& caller = CallerOf(request);
                    if (caller.key && caller.key->location_key && *caller.key->location_key != sale.location_key) {
                        return core::Error::NotFound("sale_not_found", "no such sale");
                    }
                    return http::Response::Json(200, SaleJson(sale));
                },
                .doc = {.summary = "One counter sale with its lines and payments",
                        .description = "For a receipt, or to start a return. A device key sees its location's only.",
                        .tag = "pos",
                        .operation_id = "getPosSale",
                        .response_schema = SaleSchema(),
                        .error_statuses = {404}},
                .access = kPos});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/items",
         .handler = [&pos](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
             JANGTEO_TRY(std::optional<std::int64_t> location, LocationFilter(request, "location_id"));
             if (!location) {
                 return core::Error::Invalid("bad_query", "the query is not valid",
                                             {{"location_id", "required", "which shop's price list and stock"}});
             }
             int limit = request.Query("limit") ? paging.limit : 200;
             std::string after = paging.cursor.value_or("");
             if (after.size() > 200) {
                 return core::Error::Invalid("bad_cursor", "the cursor is not valid",
                                             {{"cursor", "invalid_cursor", "use next_cursor"}});
             }
             JANGTEO_TRY(PosItemPage page,
                         pos.Items(PathMerchant(request), inventory::LocationId(*location), after, limit));
             json::array items;
             for (const auto& it : page.items) {
                 items.push_back(json::object{{"variant_id", it.variant.ToString()},
                                              {"sku", it.sku},
                                              {"barcode", it.barcode},
                                              {"title_ko", it.title_ko},
                                              {"title_en", it.title_en},
                                              {"options", it.options},
                                              {"price", it.shop_price_won},
                                              {"on_hand", it.on_hand},
                                              {"vat", it.vat_exempt ? "exempt" : "taxable"}});
             }
             return http::Response::Json(
                 200, json::object{{"items", std::move(items)},
                                   {"next_cursor", page.next_after ? json::value(*page.next_after) : nullptr}});
         },
         .doc = {.summary = "The price list a POS keeps to sell offline",
                 .description = "The variants of the merchant's products that are not archived, by SKU, with "
                                "their barcode, the shop price "
                                "now (VAT included), whether VAT is in it (vat: taxable or exempt) and the "
                                "stock on hand at the location. Pages of up to 200 (the default here).",
                 .tag = "pos",
                 .operation_id = "listPosItems",
                 .response_schema = ListSchema(
                     ObjectSchema(json::array{"variant_id", "sku", "barcode", "title_ko", "price", "on_hand", "vat"},
                                  json::object{{"variant_id", IdSchema("var")},
                                               {"sku", StringSchema()},
                                               {"barcode", StringSchema()},
                                               {"title_ko", StringSchema()},
                                               {"title_en", StringSchema()},
                                               {"options", json::object{{"type", "object"}}},
                                               {"price", IntSchema()},
                                               {"on_hand", IntSchema()},
                                               {"vat", EnumSchema({"taxable", "exempt"})}}),
                     true),
                 .error_statuses = {403, 404, 422},
                 .query = {{"location_id", "the shop (a device key's own by default)", IdSchema("loc"), false},
                           {"cursor", "from the previous page's next_cursor", {}, false},
                           {"limit", "1 to 200 (200)", IntSchema(), false}}},
         .access = kPos});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/locations/{location_id:loc}/pos-report",
         .handler = [&reports, &locations](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(inventory::LocationId location, inventory::LocationId::Parse(request.Param("location_id")));
             const platform::Caller& caller = CallerOf(request);
             if (caller.key && caller.key->location_key && *caller.key->location_key != location.key()) {
                 return core::Error::PermissionDenied("wrong_location", "this device sees its own location only");
             }
             JANGTEO_TRY(inventory::Location where, locations.Get(PathMerchant(request), location));
             (void)where;
             std::string date(request.Query("date").value_or(""));
             JANGTEO_TRY(channels::DayReport report, reports.Day(PathMerchant(request), location.key(), date));
             return http::Response::Json(200, ReportJson(report));
         },
         .doc = {.summary = "A location's end-of-day counter report",
                 .description = "Sales, returns and voids of one day in Korea: counts and amounts, net, "
                                "by payment method, by staff member (the cashier each sale names, or the "
                                "person at the web POS) and by hour, and the day's open exceptions.",
                 .tag = "pos",
                 .operation_id = "getPosDayReport",
                 .response_schema = ReportSchema(),
                 .error_statuses = {403, 404, 422},
                 .query = {{"date", "YYYY-MM-DD, Asia/Seoul", StringSchema(), true}}},
         .access = kPos});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/exceptions",
                .handler = [&sales](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(platform::web::Paging paging, PagingOf(request));
                    JANGTEO_TRY(auto after, ParsePairCursor(paging.cursor));
                    JANGTEO_TRY(std::optional<std::int64_t> location, LocationFilter(request, "location_id"));
                    std::string state(request.Query("state").value_or("open"));
                    if (state != "open" && state != "all") {
                        return core::Error::Invalid("bad_query", "the query is not valid",
                                                    {{"state", "unknown_state", "open or all"}});
                    }
                    JANGTEO_TRY(
                        std::vector<channels::PosException> found,
                        sales.Exceptions(PathMerchant(request), state == "open", location, after, paging.limit + 1));
                    std::optional<std::string> next;
                    if (found.size() > static_cast<std::size_t>(paging.limit)) {
                        found.resize(static_cast<std::size_t>(paging.limit));
                        next = PairCursor({core::ToUnixMicros(found.back().raised_at), found.back().id.key()});
                    }
                    json::array items;
                    for (const auto& e : found) items.push_back(ExceptionJson(e));
                    return http::Response::Json(
                        200, json::object{{"items", std::move(items)},
                                          {"next_cursor", next ? json::value(*next) : json::value(nullptr)}});
                },
                .doc = {.summary = "What the counter's sales left for the back office to look at",
                        .description = "Lines whose code names no variant (unknown_item) and unit prices other "
                                       "than the shop price list's (price_mismatch), and points tendered beyond "
                                       "the customer's balance (points_short: line_no 0, code points, charged "
                                       "the points tendered, expected the balance; nothing was taken), oldest "
                                       "first; open ones by "
                                       "default.",
                        .tag = "pos",
                        .operation_id = "listPosExceptions",
                        .response_schema = ListSchema(ExceptionSchema(), true),
                        .error_statuses = {422},
                        .query = {{"state", "open (default) or all", StringSchema(), false},
                                  {"location_id", "one location", IdSchema("loc"), false},
                                  {"cursor", "from the previous page's next_cursor", {}, false},
                                  {"limit", "1 to 200 (50)", IntSchema(), false}}},
                .access = kPosReports});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/exceptions/{exception_id:pex}/resolve",
                .handler = [&sales](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(channels::PosExceptionId id,
                                channels::PosExceptionId::Parse(request.Param("exception_id")));
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    std::string note = read.Text(body, "note", "note");
                    if (!read.errors.empty()) return read.Fail("invalid_note", "the note is not acceptable");
                    JANGTEO_TRY(channels::PosException e,
                                sales.ResolveException(PathMerchant(request), id, *CallerOf(request).user, note));
                    return http::Response::Json(200, ExceptionJson(e));
                },
                .doc = {.summary = "Mark an exception looked at",
                        .description = "With a note of what was done (the product added, the price corrected). "
                                       "409 already_resolved.",
                        .tag = "pos",
                        .operation_id = "resolvePosException",
                        .request_schema = ObjectSchema(json::array{}, json::object{{"note", StringSchema()}}),
                        .response_schema = ExceptionSchema(),
                        .error_statuses = {404, 409, 422}},
                .body = http::BodyKind::kJson,
                .access = kStaffOnly});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/stock/count-flags",
         .handler = [&stock](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(std::optional<std::int64_t> location, LocationFilter(request, "location_id"));
             std::optional<inventory::LocationId> where;
             if (location) where = inventory::LocationId(*location);
             JANGTEO_TRY(std::vector<inventory::CountFlag> flags, stock.CountFlags(PathMerchant(request), where));
             json::array items;
             for (const auto& f : flags) {
                 items.push_back(json::object{{"location_id", f.location.ToString()},
                                              {"variant_id", catalog::VariantId(f.variant_key).ToString()},
                                              {"on_hand_at_flag", f.on_hand_at_flag},
                                              {"on_hand", f.on_hand},
                                              {"flagged_at", Time(f.flagged_at)},
                                              {"sale", f.ref_key && f.ref_kind == "pos_sale"
                                                           ? json::value(channels::PosSaleId(*f.ref_key).ToString())
                                                           : json::value(nullptr)}});
             }
             return http::Response::Json(200, json::object{{"items", std::move(items)}});
         },
         .doc = {.summary = "Stock rows a counter sale drove below zero: count them",
                 .description = "Oldest first (at most 500). A stock count of the variant at the location "
                                "(POST /stock/counts) clears its flag.",
                 .tag = "inventory",
                 .operation_id = "listCountFlags",
                 .response_schema = ListSchema(
                     ObjectSchema(json::array{"location_id", "variant_id", "on_hand_at_flag", "on_hand", "flagged_at"},
                                  json::object{{"location_id", IdSchema("loc")},
                                               {"variant_id", IdSchema("var")},
                                               {"on_hand_at_flag", IntSchema()},
                                               {"on_hand", IntSchema()},
                                               {"flagged_at", TimeSchema()},
                                               {"sale", json::object{{"type", json::array{"string", "null"}}}}}),
                     false),
                 .error_statuses = {403, 422},
                 .query = {{"location_id", "one location", IdSchema("loc"), false}}},
         .access = {.audience = http::Audience::kMerchant,
                    .role = http::MerchantRole::kStaff,
                    .key_scope = "inventory:read"}});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/sales-imports",
         .handler = [&imports](http::Request& request) -> core::Result<http::Response> {
             auto location_text = request.Query("location_id");
             if (!location_text || location_text->empty()) {
                 return BadParam("location_id", "required", "the shop the sales were made at");
             }
             auto location = inventory::LocationId::Parse(*location_text);
             if (!location.ok()) return BadParam("location_id", "malformed_id", "is not a loc_ id");
             JANGTEO_TRY(ImportFileOptions options, ImportFileOptionsOf(request));
             JANGTEO_TRY(platform::Job job, imports.SubmitSales(PathMerchant(request), *location, request.body, options,
                                                                ActorOf(request)));
             return JobAnswer(job, "/pos/sales-imports/");
         },
         .doc = {.summary = "Import a shop's past counter sales from CSV (or check them: dry_run=true)",
                 .description =
                     "The body is the file itself, one row per sale line (columns: docs/legacy-import.md), UTF-8 or "
                     "CP949 (detected, or encoding=). The file is checked as a whole at once: 422 invalid_file when it "
                     "cannot be read (empty, undecodable, no header, no rows, a required column missing: every "
                     "missing one named); then 202 with the import queued as a job: poll getPosSalesImport until it "
                     "succeeds or fails. Imported sales are history: they do not move stock. Every bad row is "
                     "counted and the first 1,000 are listed with their line, column and code; a receipt with a "
                     "bad row is left out whole; a receipt already imported is skipped, so the same file can be "
                     "sent again. A dry run writes nothing. Files up to csv_max_bytes (413 beyond): larger ones go "
                     "through `jangteo import sales`. 429 job_queue_full with Retry-After while three earlier "
                     "imports of the merchant run.",
                 .tag = "pos",
                 .operation_id = "importPosSales",
                 .request_types = {"text/csv", "application/vnd.ms-excel", "text/plain", "application/octet-stream"},
                 .success_status = 202,
                 .response_schema = JobSchema(),
                 .error_statuses = {422, 429},
                 .query = {{"location_id", "the shop the sales were made at", IdSchema("loc"), true},
                           {"dry_run", "true: only check; false (the default): import", StringSchema(), false},
                           {"encoding", "auto (the default), utf-8 or cp949", StringSchema(), false}}},
         .body = http::BodyKind::kBytes,
         .body_limit = services.csv_max_bytes,
         .access = kStaffOnly});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/sales-imports",
                .handler = [&jobs](http::Request& request) -> core::Result<http::Response> {
                    return JobList(jobs, request, kSalesImportJob);
                },
                .doc = {.summary = "The merchant's latest imports of past sales",
                        .description = "The last 20, newest first, without their issues (getPosSalesImport has "
                                       "them).",
                        .tag = "pos",
                        .operation_id = "listPosSalesImports",
                        .response_schema = ListSchema(JobSchema(), false)},
                .access = kStaffOnly});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/sales-imports/{job_id:job}",
                .handler = [&jobs](http::Request& request) -> core::Result<http::Response> {
                    return JobOne(jobs, request, kSalesImportJob);
                },
                .doc = {.summary = "An import of past sales: its status, progress, summary and bad rows",
                        .description = kJobDescription,
                        .tag = "pos",
                        .operation_id = "getPosSalesImport",
                        .response_schema = JobSchema()},
                .access = kStaffOnly});

    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/customers",
         .handler = [&customer_flows](http::Request& request) -> core::Result<http::Response> {
             std::string phone(request.Query("phone").value_or(""));
             if (phone.empty()) return BadParam("phone", "required", "the customer's mobile number");
             JANGTEO_TRY(std::vector<CounterCustomerItem> found,
                         customer_flows.CounterCustomers(PathMerchant(request), phone));
             json::array items;
             for (const auto& c : found) {
                 json::value person = c.person ? json::value(c.person->ToString()) : json::value(nullptr);
                 if (c.member) {
                     const customers::Member& m = *c.member;
                     items.push_back(json::object{{"id", m.id.ToString()},
                                                  {"card_no", m.card_no},
                                                  {"name", m.name},
                                                  {"phone", m.phone},
                                                  {"points", c.points},
                                                  {"joined_on", m.joined_on},
                                                  {"note", m.note},
                                                  {"person_id", person},
                                                  {"member", true}});
                 } else {
                     items.push_back(json::object{{"id", c.person->ToString()},
                                                  {"card_no", c.card_no},
                                                  {"name", c.name},
                                                  {"phone", c.phone},
                                                  {"points", c.points},
                                                  {"joined_on", ""},
                                                  {"note", ""},
                                                  {"person_id", person},
                                                  {"member", false}});
                 }
             }
             return http::Response::Json(200, json::object{{"items", std::move(items)}});
         },
         .doc = {.summary = "The merchant's customers with a mobile number, for the counter",
                 .description =
                     "The members with the number first (by member number, at most 20; id mbr_…), then the "
                     "merchant's other customers with the number who are not members (id their psn_…, card_no "
                     "from the relationship, member false). person_id is the member's person (or null before the "
                     "member has one); points is the points ledger balance when there is a person, else the "
                     "member's legacy points. The number in any common form (010-1234-5678, 01012345678, "
                     "+82 10 …); 422 invalid_phone otherwise. A points tender at the counter is taken only up to "
                     "the balance (beyond it the sale stands and a points_short exception is raised). Their "
                     "earlier counter sales: GET /pos/sales?phone=.",
                 .tag = "pos",
                 .operation_id = "findPosCustomers",
                 .response_schema = ListSchema(
                     ObjectSchema(json::array{"id", "card_no", "name", "phone", "points", "person_id", "member"},
                                  json::object{{"id", StringSchema()},
                                               {"card_no", StringSchema()},
                                               {"name", StringSchema()},
                                               {"phone", StringSchema()},
                                               {"points", IntSchema()},
                                               {"joined_on", StringSchema()},
                                               {"note", StringSchema()},
                                               {"person_id", NullableId("psn")},
                                               {"member", BoolSchema()}}),
                     false),
                 .error_statuses = {422},
                 .query = {{"phone", "a Korean mobile number", StringSchema(), true}}},
         .access = kPos});

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/member-imports",
         .handler = [&imports](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(ImportFileOptions options, ImportFileOptionsOf(request));
             JANGTEO_TRY(platform::Job job,
                         imports.SubmitMembers(PathMerchant(request), request.body, options, ActorOf(request)));
             return JobAnswer(job, "/member-imports/");
         },
         .doc = {.summary = "Import a membership list from CSV (or check it: dry_run=true)",
                 .description =
                     "The body is the file itself, one row per member (columns: docs/legacy-import.md), UTF-8 or "
                     "CP949. 422 invalid_file at once when the file cannot be read at all (a required column, "
                     "card_no or name, missing); then 202 with the import queued as a job: poll getMemberImport. "
                     "Members are keyed by their member number: one already imported is skipped, one whose data "
                     "changed since is reported (member_changed) and left as it was. Every bad row is counted and "
                     "the first 1,000 listed with their line, column and code; they are left out. A dry run writes "
                     "nothing. 429 job_queue_full with Retry-After while three earlier imports of the merchant run.",
                 .tag = "pos",
                 .operation_id = "importMembers",
                 .request_types = {"text/csv", "application/vnd.ms-excel", "text/plain", "application/octet-stream"},
                 .success_status = 202,
                 .response_schema = JobSchema(),
                 .error_statuses = {422, 429},
                 .query = {{"dry_run", "true: only check; false (the default): import", StringSchema(), false},
                           {"encoding", "auto (the default), utf-8 or cp949", StringSchema(), false}}},
         .body = http::BodyKind::kBytes,
         .body_limit = services.csv_max_bytes,
         .access = kStaffOnly});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/member-imports",
                .handler = [&jobs](http::Request& request) -> core::Result<http::Response> {
                    return JobList(jobs, request, kMemberImportJob);
                },
                .doc = {.summary = "The merchant's latest membership imports",
                        .description = "The last 20, newest first, without their issues (getMemberImport has them).",
                        .tag = "pos",
                        .operation_id = "listMemberImports",
                        .response_schema = ListSchema(JobSchema(), false)},
                .access = kStaffOnly});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/member-imports/{job_id:job}",
                .handler = [&jobs](http::Request& request) -> core::Result<http::Response> {
                    return JobOne(jobs, request, kMemberImportJob);
                },
                .doc = {.summary = "A membership import: its status, progress, summary and bad rows",
                        .description = kJobDescription,
                        .tag = "pos",
                        .operation_id = "getMemberImport",
                        .response_schema = JobSchema()},
                .access = kStaffOnly});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/devices",
                .handler = [&pos](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(std::vector<PosDevice> devices, pos.Devices(PathMerchant(request)));
                    json::array items;
                    for (const auto& d : devices) {
                        items.push_back(json::object{{"id", d.key.id.ToString()},
                                                     {"name", d.key.name},
                                                     {"prefix", d.key.prefix},
                                                     {"location_id", OptId(d.key.location_key, "loc")},
                                                     {"location_name", d.location_name},
                                                     {"created_at", Time(d.key.created_at)},
                                                     {"last_used_at", Time(d.key.last_used_at)},
                                                     {"revoked_at", Time(d.key.revoked_at)}});
                    }
                    return http::Response::Json(200, json::object{{"items", std::move(items)}});
                },
                .doc = {.summary = "The merchant's POS devices",
                        .description = "Keys bound to a location, live ones first. Revoke one with DELETE "
                                       "/api-keys/{key_id}.",
                        .tag = "pos",
                        .operation_id = "listPosDevices",
                        .response_schema = ListSchema(ObjectSchema(json::array{"id", "name", "location_id"},
                                                                   json::object{{"id", IdSchema("key")},
                                                                                {"name", StringSchema()},
                                                                                {"prefix", StringSchema()},
                                                                                {"location_id", IdSchema("loc")},
                                                                                {"location_name", StringSchema()},
                                                                                {"created_at", TimeSchema()}}),
                                                      false)},
                .access = kOwnerOnly});

    router.Add({.method = http::Method::kPost,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/pos/devices",
                .handler = [&pos, &keys](http::Request& request) -> core::Result<http::Response> {
                    (void)keys;
                    JANGTEO_TRY(json::object body, BodyObject(request));
                    BodyReader read;
                    std::string name = read.Text(body, "name", "name", true);
                    auto location = read.Id<inventory::LocationId>(body, "location_id", "location_id", true);
                    if (!read.errors.empty()) return read.Fail("invalid_device", "the device is not acceptable");
                    const platform::Caller& caller = CallerOf(request);
                    JANGTEO_TRY(platform::NewApiKey made, pos.CreateDevice(PathMerchant(request), *caller.user, name,
                                                                           *location, caller.client_address));
                    return http::Response::Json(
                        201, json::object{{"device", json::object{{"id", made.key.id.ToString()},
                                                                  {"name", made.key.name},
                                                                  {"prefix", made.key.prefix},
                                                                  {"location_id", location->ToString()},
                                                                  {"created_at", Time(made.key.created_at)}}},
                                          {"secret", made.secret}});
                },
                .doc = {.summary = "Register a POS device at a location",
                        .description = "Makes an API key bound to the location with the scope pos, and shows its "
                                       "secret once. The device's sales are recorded at that location only.",
                        .tag = "pos",
                        .operation_id = "createPosDevice",
                        .request_schema =
                            ObjectSchema(json::array{"name", "location_id"},
                                         json::object{{"name", StringSchema()}, {"location_id", IdSchema("loc")}}),
                        .success_status = 201,
                        .response_schema = ObjectSchema(
                            json::array{"device", "secret"},
                            json::object{{"device", json::object{{"type", "object"}}}, {"secret", StringSchema()}}),
                        .error_statuses = {409, 422}},
                .body = http::BodyKind::kJson,
                .access = kOwnerOnly});
}

}  // namespace jangteo::flows
