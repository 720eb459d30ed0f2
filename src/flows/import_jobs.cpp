#include "flows/import_jobs.hpp"

#include <algorithm>

namespace jangteo::flows {
namespace {

namespace json = core::json;

json::value TimeOrNull(const std::optional<core::TimePoint>& t) {
    return t ? json::value(core::FormatRfc3339(*t)) : json::value(nullptr);
}

std::optional<core::TextEncoding> EncodingParam(const json::object& params) {
    auto it = params.find("encoding");
    if (it == params.end() || !it->value().is_string()) return std::nullopt;
    return it->value().get_string() == "cp949" ? core::TextEncoding::kCp949 : core::TextEncoding::kUtf8;
}

bool DryRunParam(const json::object& params) {
    auto it = params.find("dry_run");
    return it != params.end() && it->value().is_bool() && it->value().get_bool();
}

platform::JobIssue JobIssueOf(std::int64_t line, std::string field, std::string code, std::string message) {
    return {.line = line, .field = std::move(field), .code = std::move(code), .message = std::move(message)};
}

}  // namespace

json::object SalesSummaryJson(const channels::SalesImportSummary& s) {
    return json::object{{"encoding", s.encoding},
                        {"rows", s.rows},
                        {"bad_rows", s.bad_rows},
                        {"sales", s.sales},
                        {"sales_imported", s.sales_imported},
                        {"sales_already", s.sales_already},
                        {"sales_left_out", s.sales_left_out},
                        {"lines_imported", s.lines_imported},
                        {"amount_won", s.amount_won},
                        {"unmatched_codes", s.unmatched_codes},
                        {"first_sold_at", TimeOrNull(s.first_sold_at)},
                        {"last_sold_at", TimeOrNull(s.last_sold_at)}};
}

json::object MemberSummaryJson(const customers::MemberImportSummary& s) {
    return json::object{{"encoding", s.encoding}, {"rows", s.rows},       {"bad_rows", s.bad_rows},
                        {"imported", s.imported}, {"already", s.already}, {"changed", s.changed}};
}

void ImportJobs::Register() {
    jobs_.Register(std::string(kSalesImportJob), [this](platform::JobContext& job) -> core::Result<json::object> {
        const json::object& params = job.job().params;
        auto location = params.find("location_key");
        if (location == params.end() || !location->value().is_int64()) {
            return core::Error::Internal("bad_job", "the job names no location");
        }
        std::int64_t bad_rows = 0;
        channels::SalesImportOptions options{
            .dry_run = DryRunParam(params),
            .encoding = core::TextEncoding::kUtf8,  // stored decoded
            .on_issue =
                [&job](const channels::ImportIssue& i) { job.Issue(JobIssueOf(i.line, i.field, i.code, i.message)); },
            // Rows written so far: the good ones done, and the bad ones (judged before any is written).
            .on_progress =
                [&job, &bad_rows](std::int64_t done, std::int64_t good) {
                    if (good == 0) return;  // still reading the file
                    bad_rows = std::max<std::int64_t>(0, job.job().total - good);
                    job.Progress(std::min(job.job().total, bad_rows + done));
                },
        };
        JANGTEO_TRY(channels::SalesImportSummary summary,
                    pos_.ImportSales(job.job().merchant, inventory::LocationId(location->value().get_int64()),
                                     job.input(), std::move(options)));
        summary.encoding = EncodingParam(params) == core::TextEncoding::kCp949 ? "cp949" : "utf-8";
        job.Progress(job.job().total);
        return SalesSummaryJson(summary);
    });
    jobs_.Register(std::string(kMemberImportJob), [this](platform::JobContext& job) -> core::Result<json::object> {
        const json::object& params = job.job().params;
        customers::MemberImportOptions options{
            .dry_run = DryRunParam(params),
            .encoding = core::TextEncoding::kUtf8,
            .on_issue =
                [&job](const customers::MemberIssue& i) { job.Issue(JobIssueOf(i.line, i.field, i.code, i.message)); },
            // With the customers' second phase the rows are the first half of the work.
            .on_progress =
                [&job, halves = customers_ != nullptr](std::int64_t done) {
                    std::int64_t total = job.job().total;
                    job.Progress(std::min(total, halves ? done / 2 : done));
                },
        };
        JANGTEO_TRY(customers::MemberImportSummary summary, members_.Import(job.job().merchant, job.input(), options));
        summary.encoding = EncodingParam(params) == core::TextEncoding::kCp949 ? "cp949" : "utf-8";
        json::object result = MemberSummaryJson(summary);
        if (customers_ && !options.dry_run) {
            // Phase two: the members become customer records, their legacy points an adjust entry each.
            const std::int64_t total = job.job().total;
            const std::int64_t expected =
                std::max<std::int64_t>(1, summary.imported + summary.already + summary.changed);
            JANGTEO_TRY(CustomerFlows::MembersRecorded recorded,
                        customers_->RecordMembers(job.job().merchant, [&](std::int64_t walked) {
                            job.Progress(std::min(
                                total, total / 2 + std::min(walked, expected) * (total - total / 2) / expected));
                        }));
            result["customers"] = json::object{{"members", recorded.walked}, {"records_made", recorded.recorded}};
        }
        job.Progress(job.job().total);
        return result;
    });
}

core::Result<platform::Job> ImportJobs::SubmitSales(platform::MerchantId merchant, inventory::LocationId location,
                                                    std::string_view bytes, const ImportFileOptions& options,
                                                    const platform::JobActor& actor) {
    auto where = locations_.Get(merchant, location);
    if (!where.ok()) {
        if (where.error().code != core::ErrorCode::kNotFound) return std::move(where).error();
        return core::Error::Invalid("unknown_location", "the merchant has no such location",
                                    {{"location_id", "unknown_location", "not one of the merchant's locations"}});
    }
    JANGTEO_TRY(channels::CheckedSalesFile file, channels::CheckSalesFile(bytes, options.encoding));
    return jobs_.Submit(merchant,
                        {.kind = std::string(kSalesImportJob),
                         .params = json::object{{"location_key", location.key()},
                                                {"location_id", location.ToString()},
                                                {"dry_run", options.dry_run},
                                                {"encoding", core::TextEncodingName(file.encoding)}},
                         .input = std::move(file.utf8),
                         .total = file.rows},
                        actor);
}

core::Result<platform::Job> ImportJobs::SubmitMembers(platform::MerchantId merchant, std::string_view bytes,
                                                      const ImportFileOptions& options,
                                                      const platform::JobActor& actor) {
    JANGTEO_TRY(customers::CheckedMemberFile file, customers::CheckMemberFile(bytes, options.encoding));
    return jobs_.Submit(
        merchant,
        {.kind = std::string(kMemberImportJob),
         .params = json::object{{"dry_run", options.dry_run}, {"encoding", core::TextEncodingName(file.encoding)}},
         .input = std::move(file.utf8),
         .total = file.rows},
        actor);
}

}  // namespace jangteo::flows
