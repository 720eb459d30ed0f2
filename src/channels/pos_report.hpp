// The end-of-day report of a location's counter: sales, returns and voids of one day (Asia/Seoul), by
// payment method, by staff member and by hour — what a shop closes its till with. Sums are computed by
// the database in a handful of GROUP BY statements, whatever the day's number of sales.
//
//   JANGTEO_TRY(channels::DayReport r, reports.Day(merchant, location.key(), "2026-11-23"));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "channels/pos_sale.hpp"
#include "core/error.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::channels {

struct KindTotals {
    std::int64_t count = 0;
    std::int64_t won = 0;
};

struct MethodRow {
    TenderMethod method = TenderMethod::kCash;
    std::int64_t sales_won = 0;    // taken in by sales
    std::int64_t refunds_won = 0;  // paid back by returns and voids
};

struct StaffRow {
    std::string cashier;  // "" when the counter did not say
    std::int64_t sales_count = 0;
    std::int64_t sales_won = 0;
    std::int64_t refunds_count = 0;
    std::int64_t refunds_won = 0;
};

struct HourRow {
    int hour = 0;  // 0..23, Korean time
    std::int64_t sales_count = 0;
    std::int64_t sales_won = 0;
    std::int64_t refunds_won = 0;
};

struct DayReport {
    std::int64_t location_key = 0;
    std::string date;  // YYYY-MM-DD, Asia/Seoul
    KindTotals sales;
    KindTotals returns;
    KindTotals voids;
    std::int64_t net_won = 0;          // sales − returns − voids
    std::int64_t units_sold = 0;       // over the sales' lines
    std::vector<MethodRow> by_method;  // every method, in kTenderMethods order
    std::vector<StaffRow> by_staff;    // by takings, largest first
    std::vector<HourRow> by_hour;      // 24 rows
    std::int64_t open_exceptions = 0;  // of the day's sales
};

// A location's counter over a period: what its channel report shows beside the web.
struct CounterTotals {
    KindTotals sales;          // from the POS and the web POS
    KindTotals returns;        // and voids
    KindTotals imported;       // legacy sales imported for the period (history; returns subtracted)
    std::int64_t net_won = 0;  // sales − returns, imported ones included
};

// The start (00:00 Asia/Seoul) of a YYYY-MM-DD day; nullopt for anything else.
std::optional<core::TimePoint> SeoulDayStart(std::string_view date);
// The YYYY-MM-DD of a time in Asia/Seoul.
std::string SeoulDate(core::TimePoint t);

// Thread-safe: holds references only.
class PosReports {
public:
    explicit PosReports(store::Db& db) : db_(db) {}

    // kInvalidArgument "invalid_date" (field date) for a date that is not YYYY-MM-DD.
    core::Result<DayReport> Day(platform::MerchantId merchant, std::int64_t location_key, std::string_view date);
    // Sold at or after `from` and before `to`.
    core::Result<CounterTotals> Period(platform::MerchantId merchant, std::int64_t location_key, core::TimePoint from,
                                       core::TimePoint to);

private:
    store::Db& db_;
};

}  // namespace jangteo::channels
