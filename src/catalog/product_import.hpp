// Bulk import and export of a merchant's products as CSV (docs/catalog-csv.md).
//
// An import is a job in the store (catalog_imports, with its file in catalog_import_files): Submit
// checks the file as a whole (size, text encoding, row count), stores it and answers at once with the
// job queued; a worker thread (one per server) claims queued jobs by compare-and-set, so any server
// may run any job, and runs each: it reads every row, checks every product as the product service
// would (ProductService::Check), SKUs against the file and the merchant's other products, category
// codes and attribute columns, writing its progress every 200 rows and collecting every bad row with
// its line, column and code (the first 1000). Prices are judged by the merchant's price parity
// policies as a save would judge them: a breach of a "refuse" policy is a bad row, one of a "warn"
// policy a warning of its row. A dry run stops there and says what an apply would do. An apply without errors writes
// everything in one transaction, with the job's own success in the same transaction: all or nothing, and never
// half-recorded.
//
// A job whose server died is claimed again when its lease runs out (at most max_attempts times, then
// it fails as "interrupted"). That is safe: an apply either committed together with the job's
// success, or left nothing behind.
//
//   catalog::ImportService imports(db, clock, random, categories, products, {});
//   imports.Start();                                           // the worker
//   auto job = imports.Submit(merchant, {.bytes = upload, .dry_run = true}, who);   // status queued
//   auto now = imports.Get(merchant, job->id);                 // poll: running, then succeeded or failed
//   auto csv = imports.Export(merchant, core::TextEncoding::kCp949);
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "catalog/category.hpp"
#include "catalog/product.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::catalog {

struct ImportTag {
    static constexpr std::string_view kPrefix = "imp";
};
using ImportId = core::Id<ImportTag>;

enum class ImportStatus { kQueued, kRunning, kSucceeded, kFailed };
std::string_view ImportStatusName(ImportStatus status);

// One problem of a file: the line it is on (1 is the header; 0 for the file as a whole), the column
// by its English name ("base_price_won", "attr:origin", or "file"), a stable code and a message.
struct ImportError {
    std::int64_t line = 0;
    std::string field;
    std::string code;
    std::string message;
    bool operator==(const ImportError&) const = default;
};

struct Import {
    ImportId id;
    platform::MerchantId merchant_id;
    ImportStatus status = ImportStatus::kQueued;
    bool dry_run = false;
    core::TextEncoding encoding = core::TextEncoding::kUtf8;
    std::int64_t total_rows = 0;
    std::int64_t processed_rows = 0;
    std::int64_t created = 0;  // products made (or, in a dry run, that an apply would make)
    std::int64_t updated = 0;  // products changed (rows identical to the store change nothing)
    std::vector<ImportError> errors;
    bool errors_truncated = false;
    // Rows that are (or, in a dry run, would be) saved with a warning: prices that break a "warn"
    // price parity policy (code price_parity; a "refuse" one is an error). The first max_errors.
    std::vector<ImportError> warnings;
    core::TimePoint created_at;
    std::optional<core::TimePoint> finished_at;
    std::optional<platform::UserId> created_by_user;
    std::optional<platform::ApiKeyId> created_by_key;
};

struct ImportOptions {
    std::size_t max_bytes = 20 << 20;               // the file as uploaded (the csv_max_bytes setting)
    std::size_t max_rows = 50'000;                  // data rows
    int max_pending_per_merchant = 3;               // queued or running jobs of one merchant
    int max_pending_total = 20;                     // of all merchants, across every server on the store
    std::size_t max_errors = 1000;                  // errors kept per job; the rest are counted as truncated
    std::size_t progress_every = 200;               // rows between two progress writes
    std::chrono::milliseconds poll_interval{2000};  // how often an idle worker looks for jobs (others' too)
    // How long a claim holds a job while it reads rows (renewed with every progress write), and while
    // it applies (one transaction, which cannot write progress meanwhile).
    std::chrono::microseconds lease{std::chrono::minutes(2)};
    std::chrono::microseconds apply_lease{std::chrono::minutes(15)};
    int max_attempts = 3;  // claims of one job before it fails as "interrupted"
};

// What the caller uploads.
struct ImportRequest {
    std::string_view bytes;
    bool dry_run = false;
    std::optional<core::TextEncoding> encoding;  // nullopt: detect (a BOM or valid UTF-8 is UTF-8, else CP949)
};

// Who uploads it: a person or an API key.
struct ImportActor {
    std::optional<platform::UserId> user;
    std::optional<platform::ApiKeyId> key;
};

// A file to download.
struct ExportFile {
    std::string name;  // "products-mrc_…-20261123.csv" (the date in Korea)
    std::string bytes;
};

// Thread-safe.
class ImportService {
public:
    ImportService(store::Db& db, core::Clock& clock, core::Random& random, CategoryService& categories,
                  ProductService& products, ImportOptions options = {});
    ~ImportService();
    ImportService(const ImportService&) = delete;
    ImportService& operator=(const ImportService&) = delete;

    const ImportOptions& options() const { return options_; }

    // Stores a job for the file and answers it (status queued). Refuses, changing nothing, with
    // kInvalidArgument and a field error on "file": empty_file, file_too_large, undecodable_text (the
    // bytes are not text in the encoding asked for, or neither UTF-8 nor CP949), no_rows (a header
    // and nothing else), too_many_rows; kResourceExhausted "import_queue_full" (with
    // retry_after_seconds) while the merchant has max_pending_per_merchant jobs queued or running,
    // or every merchant together max_pending_total.
    core::Result<Import> Submit(platform::MerchantId merchant, const ImportRequest& request, const ImportActor& actor);

    // The merchant's job; another merchant's or an unknown one: kNotFound "import_not_found".
    core::Result<Import> Get(platform::MerchantId merchant, ImportId id);

    // Every product of the merchant, any status, as the product file (UTF-8 with a byte order mark so
    // that Excel reads it as UTF-8, or CP949 without one); kInvalidArgument "unencodable_text" when
    // the catalog holds a character CP949 cannot write.
    core::Result<ExportFile> Export(platform::MerchantId merchant, core::TextEncoding encoding);
    // The template: the Korean header row and one example row, in the same encodings.
    static core::Result<std::string> Template(core::TextEncoding encoding);

    // The worker: Start begins it (once), Stop ends it promptly and joins it. A job being read is
    // handed back (queued again) for the next server to take; an apply in flight finishes first.
    void Start();
    void Stop();
    // Makes the worker look for jobs now (Submit does it).
    void Wake();

    // Claims one job and runs it to its end on this thread (or fails one that was interrupted too
    // often); answers whether there was one. For tests and tools; the worker calls it too.
    core::Result<bool> RunOnce();

    // Deletes finished jobs made before `before`; answers how many.
    core::Result<std::int64_t> PurgeFinishedBefore(core::TimePoint before);

    // Tests only: called after a job's rows were checked and before its apply transaction begins.
    void SetBeforeApplyHookForTests(std::function<void()> hook) { before_apply_ = std::move(hook); }

private:
    struct Claim;
    core::Status Run(const Claim& claim);
    core::Status Finish(const Claim& claim, ImportStatus status, std::int64_t processed, std::int64_t created,
                        std::int64_t updated, const std::vector<ImportError>& errors, bool truncated,
                        const std::vector<ImportError>& warnings = {});
    void Loop();

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    CategoryService& categories_;
    ProductService& products_;
    const ImportOptions options_;
    std::function<void()> before_apply_;

    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;  // guarded by mu_
    bool woken_ = false;     // guarded by mu_
    std::atomic<bool> stop_requested_{false};
    std::thread thread_;
};

}  // namespace jangteo::catalog
