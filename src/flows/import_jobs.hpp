// A shop's past sales and membership list imported in the background (platform::JobService), so
// that the back office can send a file of years of records, follow the import's progress and read
// its report later: the file is checked as a whole when it is sent (readable text, the required
// columns: 422 at once otherwise), queued, and its rows are judged and written by a server's job
// worker with the same importers as the CLI (channels::SalesImporter, customers::MemberStore).
//
// Both imports skip what is already there, so a job claimed again after its server died simply
// carries on where the first run stopped.
//
//   flows::ImportJobs imports(jobs, pos, members, locations);
//   imports.Register();   // before jobs.Start()
//   auto job = imports.SubmitSales(merchant, location, file, {.dry_run = true}, actor);   // 202
#pragma once

#include <optional>
#include <string_view>

#include "channels/sales_import.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "customers/member.hpp"
#include "flows/pos.hpp"
#include "inventory/location.hpp"
#include "platform/job.hpp"

namespace jangteo::flows {

inline constexpr std::string_view kSalesImportJob = "pos_sales";
inline constexpr std::string_view kMemberImportJob = "members";

struct ImportFileOptions {
    bool dry_run = false;
    std::optional<core::TextEncoding> encoding;  // nullopt: detected
};

core::json::object SalesSummaryJson(const channels::SalesImportSummary& summary);
core::json::object MemberSummaryJson(const customers::MemberImportSummary& summary);

// Thread-safe: holds references only.
class ImportJobs {
public:
    // `customers`, when given, makes a second phase of the membership import: each member becomes a
    // customer record and its legacy points carry over (flows/customer_flows.hpp).
    ImportJobs(platform::JobService& jobs, PosFlows& pos, customers::MemberStore& members,
               inventory::LocationService& locations, CustomerFlows* customers = nullptr)
        : jobs_(jobs), pos_(pos), members_(members), locations_(locations), customers_(customers) {}

    // The runners of both kinds of job.
    void Register();

    // Checks the file and queues its import. kInvalidArgument "invalid_file" (field errors) for a
    // file that cannot be imported at all, "unknown_location" for a location not the merchant's;
    // kResourceExhausted "job_queue_full" while the merchant's earlier imports run.
    core::Result<platform::Job> SubmitSales(platform::MerchantId merchant, inventory::LocationId location,
                                            std::string_view bytes, const ImportFileOptions& options,
                                            const platform::JobActor& actor);
    core::Result<platform::Job> SubmitMembers(platform::MerchantId merchant, std::string_view bytes,
                                              const ImportFileOptions& options, const platform::JobActor& actor);

private:
    platform::JobService& jobs_;
    PosFlows& pos_;
    customers::MemberStore& members_;
    inventory::LocationService& locations_;
    CustomerFlows* customers_;
};

}  // namespace jangteo::flows
