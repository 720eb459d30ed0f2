// The merchant's catalog as CSV over HTTP: upload a file to import (a job the client polls), read a
// job, and download the catalog or the template (docs/catalog-csv.md).
#include "catalog/product_import.hpp"
#include "catalog/routes.hpp"
#include "platform/http_util.hpp"

namespace jangteo::catalog {

namespace json = core::json;
using platform::web::ArrayOf;
using platform::web::CallerOf;
using platform::web::IdSchema;
using platform::web::ObjectSchema;
using platform::web::StringSchema;
using platform::web::Time;
using platform::web::TimeSchema;

namespace {

constexpr http::Access kCatalogRead{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "catalog:read"};
constexpr http::Access kCatalogWrite{
    .audience = http::Audience::kMerchant, .role = http::MerchantRole::kStaff, .key_scope = "catalog:write"};

platform::MerchantId PathMerchant(const http::Request& request) {
    return *CallerOf(request).merchant;
}

core::Error BadParam(std::string field, std::string code, std::string message) {
    std::string detail = field + " " + message;  // before the field error takes the message
    return core::Error::Invalid("bad_query", std::move(detail),
                                {{std::move(field), std::move(code), std::move(message)}});
}

core::Result<bool> DryRunOf(const http::Request& request) {
    auto value = request.Query("dry_run");
    if (!value || value->empty() || *value == "false") return false;
    if (*value == "true") return true;
    return BadParam("dry_run", "invalid_boolean", "must be true or false");
}

// auto (nullopt) | utf-8 | cp949; an export has no "auto".
core::Result<std::optional<core::TextEncoding>> EncodingOf(const http::Request& request, bool allow_auto) {
    std::string value = request.Query("encoding").value_or("");
    for (char& c : value) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (value.empty()) {
        return allow_auto ? std::optional<core::TextEncoding>() : std::optional(core::TextEncoding::kUtf8);
    }
    if (value == "auto" && allow_auto) return std::optional<core::TextEncoding>();
    if (value == "utf-8") return std::optional(core::TextEncoding::kUtf8);
    if (value == "cp949") return std::optional(core::TextEncoding::kCp949);
    return BadParam("encoding", "unknown_encoding",
                    allow_auto ? "must be auto, utf-8 or cp949" : "must be utf-8 or cp949");
}

json::array RowProblemsJson(const std::vector<ImportError>& list) {
    json::array out;
    for (const auto& e : list) {
        out.push_back(json::object{{"line", e.line}, {"field", e.field}, {"code", e.code}, {"message", e.message}});
    }
    return out;
}

json::object ImportJson(const Import& job) {
    json::value by = job.created_by_user  ? json::value(job.created_by_user->ToString())
                     : job.created_by_key ? json::value(job.created_by_key->ToString())
                                          : json::value(nullptr);
    return json::object{{"id", job.id.ToString()},
                        {"status", ImportStatusName(job.status)},
                        {"dry_run", job.dry_run},
                        {"encoding", core::TextEncodingName(job.encoding)},
                        {"total_rows", job.total_rows},
                        {"processed_rows", job.processed_rows},
                        {"created", job.created},
                        {"updated", job.updated},
                        {"errors", RowProblemsJson(job.errors)},
                        {"errors_truncated", job.errors_truncated},
                        {"warnings", RowProblemsJson(job.warnings)},
                        {"created_at", Time(job.created_at)},
                        {"finished_at", Time(job.finished_at)},
                        {"created_by", std::move(by)}};
}

json::object ImportSchema() {
    json::object integer{{"type", "integer"}};
    json::object row_problem = ObjectSchema(
        json::array{"line", "field", "code", "message"},
        json::object{
            {"line", integer}, {"field", StringSchema()}, {"code", StringSchema()}, {"message", StringSchema()}});
    return ObjectSchema(
        json::array{"id", "status", "dry_run", "encoding", "total_rows", "processed_rows", "created", "updated",
                    "errors", "errors_truncated", "warnings", "created_at", "finished_at", "created_by"},
        json::object{{"id", IdSchema("imp")},
                     {"status", json::object{{"enum", json::array{"queued", "running", "succeeded", "failed"}}}},
                     {"dry_run", json::object{{"type", "boolean"}}},
                     {"encoding", json::object{{"enum", json::array{"utf-8", "cp949"}}}},
                     {"total_rows", integer},
                     {"processed_rows", integer},
                     {"created", integer},
                     {"updated", integer},
                     {"errors", ArrayOf(row_problem)},
                     {"errors_truncated", json::object{{"type", "boolean"}}},
                     {"warnings", ArrayOf(row_problem)},
                     {"created_at", TimeSchema()},
                     {"finished_at", json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}}},
                     {"created_by", json::object{{"type", json::array{"string", "null"}}}}});
}

http::Response CsvFile(std::string body, core::TextEncoding encoding, const std::string& filename) {
    http::Response r = http::Response::Text(
        200, std::move(body),
        encoding == core::TextEncoding::kCp949 ? "text/csv; charset=euc-kr" : "text/csv; charset=utf-8");
    r.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    r.SetHeader("Cache-Control", "private, no-store");
    r.SetHeader("X-Content-Type-Options", "nosniff");
    return r;
}

const std::vector<http::QueryParamDoc> kExportQuery = {
    {"encoding", "utf-8 (with a byte order mark, so that Excel reads it; the default) or cp949 (Korean Excel's own)",
     json::object{{"enum", json::array{"utf-8", "cp949"}}}, false}};

}  // namespace

void AddImportRoutes(http::Router& router, const RouteServices& services) {
    ImportService& imports = services.imports;

    router.Add(
        {.method = http::Method::kPost,
         .pattern = "/api/v1/merchants/{merchant_id:mrc}/product-imports",
         .handler = [&imports](http::Request& request) -> core::Result<http::Response> {
             JANGTEO_TRY(bool dry_run, DryRunOf(request));
             JANGTEO_TRY(std::optional<core::TextEncoding> encoding, EncodingOf(request, true));
             const platform::Caller& caller = CallerOf(request);
             ImportActor actor{.user = caller.user};
             if (caller.key) actor.key = caller.key->id;
             JANGTEO_TRY(Import job,
                         imports.Submit(PathMerchant(request),
                                        {.bytes = request.body, .dry_run = dry_run, .encoding = encoding}, actor));
             http::Response r = http::Response::Json(202, ImportJson(job));
             r.SetHeader("Location",
                         "/api/v1/merchants/" + job.merchant_id.ToString() + "/product-imports/" + job.id.ToString());
             return r;
         },
         .doc = {.summary = "Import products from a CSV file (or check one: dry_run=true)",
                 .description =
                     "The body is the file itself, one row per variant (columns: docs/catalog-csv.md), in UTF-8 or "
                     "CP949. Answers 202 at once with the job queued; poll getProductImport until it succeeds or "
                     "fails. A dry run checks every row and writes nothing; an apply writes every product or none. "
                     "422 with a field error on file: empty_file, file_too_large (over csv_max_bytes of GET "
                     "/api/v1/portal/config; 413 beyond), undecodable_text (not text in the encoding given, with "
                     "its line), no_rows, too_many_rows (over 50,000); on dry_run or encoding for other values. "
                     "429 import_queue_full with Retry-After while earlier imports wait.",
                 .tag = "catalog",
                 .operation_id = "createProductImport",
                 .request_types = {"text/csv", "application/vnd.ms-excel", "text/plain", "application/octet-stream"},
                 .success_status = 202,
                 .response_schema = ImportSchema(),
                 .error_statuses = {422, 429},
                 .query = {{"dry_run", "true: only check the file; false (the default): check, then apply",
                            json::object{{"enum", json::array{"true", "false"}}}, false},
                           {"encoding",
                            "auto (the default: a byte order mark or valid UTF-8 is UTF-8, else CP949), "
                            "utf-8 or cp949",
                            json::object{{"enum", json::array{"auto", "utf-8", "cp949"}}}, false}}},
         .body = http::BodyKind::kBytes,
         .body_limit = services.csv_max_bytes + 1,  // one byte more: the service names the refusal
         .access = kCatalogWrite});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/product-imports/{import_id:imp}",
                .handler = [&imports](http::Request& request) -> core::Result<http::Response> {
                    ImportId id = ImportId::Parse(request.Param("import_id")).value();
                    JANGTEO_TRY(Import job, imports.Get(PathMerchant(request), id));
                    http::Response r = http::Response::Json(200, ImportJson(job));
                    r.SetHeader("Cache-Control", "no-store");
                    return r;
                },
                .doc = {.summary = "An import job: its status, progress and every bad row",
                        .description = "Poll about every 500 ms while status is queued or running. processed_rows "
                                       "counts the rows checked; an apply then writes everything in one transaction. "
                                       "errors lists each bad row's line (1 is the header), column (its English "
                                       "name, or row / file) and code, the first 1000 of them (errors_truncated "
                                       "when there were more). warnings lists, in the same shape, rows saved (or, "
                                       "in a dry run, that would be) with a warning: price_parity, a price that "
                                       "breaks a warn price parity policy (a refuse one is an error). failed: "
                                       "nothing was applied. created and updated "
                                       "count products (in a dry run, those an apply would make or change). "
                                       "Another merchant's import: 404 import_not_found.",
                        .tag = "catalog",
                        .operation_id = "getProductImport",
                        .response_schema = ImportSchema(),
                        .error_statuses = {}},
                .access = kCatalogRead});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/products/export.csv",
                .handler = [&imports](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(std::optional<core::TextEncoding> encoding, EncodingOf(request, false));
                    JANGTEO_TRY(ExportFile file, imports.Export(PathMerchant(request), *encoding));
                    return CsvFile(std::move(file.bytes), *encoding, file.name);
                },
                .doc = {.summary = "Every product of the merchant as a CSV file",
                        .description = "Any status, one row per variant, in the columns of docs/catalog-csv.md with "
                                       "the English header; edit it and import it again to change the products in "
                                       "place. Text that a spreadsheet would run as a formula gets a leading "
                                       "apostrophe, which the import takes off. 422 unencodable_text (field "
                                       "encoding) when a product holds a character CP949 cannot write.",
                        .tag = "catalog",
                        .operation_id = "exportProducts",
                        .success_content_type = "text/csv",
                        .response_schema = json::object{{"type", "string"}},
                        .error_statuses = {422},
                        .query = kExportQuery},
                .access = kCatalogRead});

    router.Add({.method = http::Method::kGet,
                .pattern = "/api/v1/merchants/{merchant_id:mrc}/products/template.csv",
                .handler = [](http::Request& request) -> core::Result<http::Response> {
                    JANGTEO_TRY(std::optional<core::TextEncoding> encoding, EncodingOf(request, false));
                    JANGTEO_TRY(std::string body, ImportService::Template(*encoding));
                    return CsvFile(std::move(body), *encoding, "products-template.csv");
                },
                .doc = {.summary = "The CSV template: the Korean header row and one example row",
                        .description = "The columns of docs/catalog-csv.md under their Korean names (the import "
                                       "takes the English ones too).",
                        .tag = "catalog",
                        .operation_id = "getProductCsvTemplate",
                        .success_content_type = "text/csv",
                        .response_schema = json::object{{"type", "string"}},
                        .error_statuses = {422},
                        .query = kExportQuery},
                .access = kCatalogRead});
}

}  // namespace jangteo::catalog
