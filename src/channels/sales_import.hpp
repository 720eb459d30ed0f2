// Legacy counter sales from CSV: the years of shop sales a merchant kept in its old POS or ledger,
// one row per sale line, imported into the same sales journal as the POS (source "import"), so that
// reports, customers and sell-through see the whole history. Imported sales are history: they do not
// move today's stock (the shop counts what it has when it starts).
//
// The file (docs/legacy-import.md): UTF-8 or CP949/EUC-KR, a header of English or Korean column
// names, rows grouped into sales by their receipt number. Every bad row is reported with its line,
// column and reason; a sale with a bad row is left out whole (never half-imported), the others go in.
// A receipt is imported once: importing the file again skips what is there (and reports a receipt
// whose content changed since, instead of overwriting it). A dry run checks everything and writes
// nothing. Work is done in chunks of 1,000 sales, each a few multi-row statements in one transaction,
// so a million lines take seconds, with progress after every chunk.
//
//   channels::SalesImporter importer(db, clock, random);
//   JANGTEO_TRY(auto summary, importer.Run(merchant, location.key(), csv_bytes,
//                                          {.dry_run = true, .on_issue = print, .on_progress = show}));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "channels/pos_sale.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::channels {

// One problem of the file: its line (1 is the header; 0 the file as a whole), the column by its English
// name, a stable code and a message.
struct ImportIssue {
    std::int64_t line = 0;
    std::string field;
    std::string code;
    std::string message;
};

// What a code names among the merchant's variants.
struct CodeMatch {
    std::int64_t variant_key = 0;
    std::string sku;
};
// Looks codes up (SKU or barcode) for the merchant, inside the import's transaction; the flows give
// the catalog's lookup, so that this module does not know the catalog.
using CodeResolver = std::function<core::Result<std::unordered_map<std::string, CodeMatch>>(
    store::Tx& tx, std::span<const std::string> codes)>;

// A sale an import has just written, for the customers flow (those with a customer phone or card).
struct ImportedSale {
    std::string client_id;  // unique per merchant: the receipt's reference
    SaleKind kind = SaleKind::kSale;
    std::string phone;  // 010-1234-5678, or ""
    std::string card;
    std::int64_t total_won = 0;
    core::TimePoint sold_at;
};
// Runs in the chunk's transaction after its sales are written (not on a dry run).
using ImportedSalesHook = std::function<core::Status(store::Tx& tx, std::span<const ImportedSale> sales)>;

struct SalesImportOptions {
    bool dry_run = false;
    std::optional<core::TextEncoding> encoding;                              // detected when not given
    std::function<void(const ImportIssue&)> on_issue;                        // every problem, in line order
    std::function<void(std::int64_t done, std::int64_t total)> on_progress;  // rows, after every chunk
    CodeResolver resolve_codes;                                              // none: codes stay unmatched
    ImportedSalesHook on_imported;                                           // none: nothing more
};

struct SalesImportSummary {
    std::string encoding;             // "utf-8" or "cp949"
    std::int64_t rows = 0;            // data rows read
    std::int64_t bad_rows = 0;        // rows with a problem
    std::int64_t sales = 0;           // receipts in the file
    std::int64_t sales_left_out = 0;  // receipts with a bad row (or changed since imported): not imported
    std::int64_t sales_imported = 0;  // new receipts written (a dry run: that would be written)
    std::int64_t sales_already = 0;   // receipts already imported, skipped
    std::int64_t lines_imported = 0;
    std::int64_t amount_won = 0;       // of the sales imported (returns subtracted)
    std::int64_t unmatched_codes = 0;  // distinct codes that name no variant of the merchant
    std::int64_t issues = 0;           // problems reported
    std::optional<core::TimePoint> first_sold_at, last_sold_at;
};

inline constexpr std::int64_t kMaxImportRows = 5'000'000;

// A file checked as a whole before it is queued for import: readable text, a header naming the
// required columns, between 1 and kMaxImportRows rows. The rows themselves are judged by the import.
struct CheckedSalesFile {
    core::TextEncoding encoding = core::TextEncoding::kUtf8;
    std::string utf8;       // the file as UTF-8
    std::int64_t rows = 0;  // data rows (blank lines not counted)
};
// kInvalidArgument "invalid_file", with field errors, as SalesImporter::Run would answer (and
// no_rows for a file with a header only).
core::Result<CheckedSalesFile> CheckSalesFile(std::string_view bytes, std::optional<core::TextEncoding> encoding);

// Thread-safe: holds references only.
class SalesImporter {
public:
    SalesImporter(store::Db& db, core::Clock& clock, core::Random& random) : db_(db), clock_(clock), random_(random) {}

    // Imports `bytes` as the sales of `location_key` (a location of `merchant`: the caller checked).
    // A file that cannot be read at all (undecodable, no header, a required column missing, too many
    // rows) is kInvalidArgument "invalid_file" with its problems as field errors; everything else is
    // reported per row through on_issue and counted in the summary.
    core::Result<SalesImportSummary> Run(platform::MerchantId merchant, std::int64_t location_key,
                                         std::string_view bytes, const SalesImportOptions& options);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

// Exposed for the unit tests: a time of sale as legacy files write it, in Korea's time
// ("2023-05-01 14:23", "2023/05/01 14:23:05", "2023.05.01", "20230501142305", RFC 3339).
std::optional<core::TimePoint> ParseLegacyTime(std::string_view text);
// Won as people write it: "12900", "12,900", "12,900원", "₩12,900"; nullopt otherwise.
std::optional<std::int64_t> ParseWon(std::string_view text);

}  // namespace jangteo::channels
