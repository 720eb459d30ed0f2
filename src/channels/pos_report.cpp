#include "channels/pos_report.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>

namespace jangteo::channels {

namespace {

constexpr std::int64_t kHourUs = 3'600'000'000;
constexpr auto kSeoulOffset = std::chrono::hours(9);  // Korea keeps no summer time

constexpr store::Sql kByKind{
    "channels.pos_day_by_kind",
    "SELECT kind, count(*), COALESCE(SUM(total_won), 0) FROM channels_pos_sales"
    " WHERE merchant_id = $1 AND location_id = $2 AND sold_at_us >= $3 AND sold_at_us < $4 GROUP BY kind"};
constexpr store::Sql kUnits{
    "channels.pos_day_units",
    "SELECT COALESCE(SUM(l.quantity), 0) FROM channels_pos_sale_lines l JOIN channels_pos_sales s ON s.id = l.sale_id"
    " WHERE s.merchant_id = $1 AND s.location_id = $2 AND s.sold_at_us >= $3 AND s.sold_at_us < $4"
    " AND s.kind = 'sale'"};
constexpr store::Sql kByMethod{
    "channels.pos_day_by_method",
    "SELECT s.kind, p.method, SUM(p.amount_won) FROM channels_pos_payments p"
    " JOIN channels_pos_sales s ON s.id = p.sale_id WHERE s.merchant_id = $1 AND s.location_id = $2"
    " AND s.sold_at_us >= $3 AND s.sold_at_us < $4 GROUP BY s.kind, p.method"};
constexpr store::Sql kByStaff{
    "channels.pos_day_by_staff",
    "SELECT cashier, kind, count(*), SUM(total_won) FROM channels_pos_sales WHERE merchant_id = $1"
    " AND location_id = $2 AND sold_at_us >= $3 AND sold_at_us < $4 GROUP BY cashier, kind"};
constexpr store::Sql kByHour{
    "channels.pos_day_by_hour",
    "SELECT (sold_at_us - $3) / 3600000000, kind, count(*), SUM(total_won) FROM channels_pos_sales"
    " WHERE merchant_id = $1 AND location_id = $2 AND sold_at_us >= $3 AND sold_at_us < $4"
    " GROUP BY (sold_at_us - $3) / 3600000000, kind"};
constexpr store::Sql kOpenExceptions{
    "channels.pos_day_open_exceptions",
    "SELECT count(*) FROM channels_pos_exceptions e JOIN channels_pos_sales s ON s.id = e.sale_id"
    " WHERE e.merchant_id = $1 AND e.location_id = $2 AND s.sold_at_us >= $3 AND s.sold_at_us < $4"
    " AND e.state = 'open'"};

constexpr store::Sql kPeriod{
    "channels.pos_period",
    "SELECT source = 'import', kind, count(*), COALESCE(SUM(total_won), 0) FROM channels_pos_sales"
    " WHERE merchant_id = $1 AND location_id = $2 AND sold_at_us >= $3 AND sold_at_us < $4 GROUP BY source = 'import',"
    " kind"};

}  // namespace

std::optional<core::TimePoint> SeoulDayStart(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    auto digits = [&](std::size_t from, std::size_t n) -> int {
        int v = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (date[i] < '0' || date[i] > '9') return -1;
            v = v * 10 + (date[i] - '0');
        }
        return v;
    };
    int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
    if (y < 2000 || m < 1 || d < 1) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                    std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok()) return std::nullopt;
    return core::TimePoint(std::chrono::sys_days(ymd)) - kSeoulOffset;
}

std::string SeoulDate(core::TimePoint t) {
    auto days = std::chrono::floor<std::chrono::days>(t + kSeoulOffset);
    std::chrono::year_month_day ymd(days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

core::Result<DayReport> PosReports::Day(platform::MerchantId merchant, std::int64_t location_key,
                                        std::string_view date) {
    auto start = SeoulDayStart(date);
    if (!start) {
        return core::Error::Invalid("invalid_date", "the date is not valid",
                                    {{"date", "invalid_date", "a date such as 2026-11-23"}});
    }
    std::int64_t from = core::ToUnixMicros(*start);
    std::int64_t to = from + 24 * kHourUs;
    DayReport out;
    out.location_key = location_key;
    out.date = std::string(date);
    for (TenderMethod m : kTenderMethods) out.by_method.push_back({.method = m});
    for (int h = 0; h < 24; ++h) out.by_hour.push_back({.hour = h});
    auto method_row = [&](std::string_view name) -> MethodRow* {
        auto m = ParseTenderMethod(name);
        if (!m) return nullptr;
        return &out.by_method[static_cast<std::size_t>(*m)];
    };
    JANGTEO_TRY_STATUS(db_.Read([&](store::Tx& tx) -> core::Status {
        store::Value p[] = {merchant.key(), location_key, from, to};
        JANGTEO_TRY(store::Rows kinds, tx.Query(kByKind, p));
        for (std::size_t i = 0; i < kinds.size(); ++i) {
            auto kind = ParseSaleKind(kinds[i].TextView(0));
            KindTotals t{kinds[i].Int(1), kinds[i].Int(2)};
            if (kind == SaleKind::kSale) out.sales = t;
            if (kind == SaleKind::kReturn) out.returns = t;
            if (kind == SaleKind::kVoid) out.voids = t;
        }
        JANGTEO_TRY(store::Rows units, tx.Query(kUnits, p));
        out.units_sold = units.empty() ? 0 : units[0].Int(0);
        JANGTEO_TRY(store::Rows methods, tx.Query(kByMethod, p));
        for (std::size_t i = 0; i < methods.size(); ++i) {
            MethodRow* row = method_row(methods[i].TextView(1));
            if (!row) continue;
            if (methods[i].TextView(0) == "sale") {
                row->sales_won += methods[i].Int(2);
            } else {
                row->refunds_won += methods[i].Int(2);
            }
        }
        JANGTEO_TRY(store::Rows staff, tx.Query(kByStaff, p));
        std::map<std::string, StaffRow> by_staff;
        for (std::size_t i = 0; i < staff.size(); ++i) {
            StaffRow& row = by_staff[staff[i].Text(0)];
            row.cashier = staff[i].Text(0);
            if (staff[i].TextView(1) == "sale") {
                row.sales_count += staff[i].Int(2);
                row.sales_won += staff[i].Int(3);
            } else {
                row.refunds_count += staff[i].Int(2);
                row.refunds_won += staff[i].Int(3);
            }
        }
        for (auto& [name, row] : by_staff) out.by_staff.push_back(std::move(row));
        std::stable_sort(out.by_staff.begin(), out.by_staff.end(), [](const StaffRow& a, const StaffRow& b) {
            return a.sales_won - a.refunds_won > b.sales_won - b.refunds_won;
        });
        JANGTEO_TRY(store::Rows hours, tx.Query(kByHour, p));
        for (std::size_t i = 0; i < hours.size(); ++i) {
            std::int64_t h = hours[i].Int(0);
            if (h < 0 || h > 23) continue;
            HourRow& row = out.by_hour[static_cast<std::size_t>(h)];
            if (hours[i].TextView(1) == "sale") {
                row.sales_count += hours[i].Int(2);
                row.sales_won += hours[i].Int(3);
            } else {
                row.refunds_won += hours[i].Int(3);
            }
        }
        JANGTEO_TRY(store::Rows open, tx.Query(kOpenExceptions, p));
        out.open_exceptions = open.empty() ? 0 : open[0].Int(0);
        return {};
    }));
    out.net_won = out.sales.won - out.returns.won - out.voids.won;
    return out;
}

core::Result<CounterTotals> PosReports::Period(platform::MerchantId merchant, std::int64_t location_key,
                                               core::TimePoint from, core::TimePoint to) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kPeriod, {merchant.key(), location_key, core::ToUnixMicros(from), core::ToUnixMicros(to)});
    }));
    CounterTotals out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        bool imported = rows[i].Bool(0);
        bool sale = rows[i].TextView(1) == "sale";
        std::int64_t count = rows[i].Int(2), won = rows[i].Int(3);
        if (imported) {
            out.imported.count += count;
            out.imported.won += sale ? won : -won;
        } else {
            KindTotals& t = sale ? out.sales : out.returns;
            t.count += count;
            t.won += won;
        }
        out.net_won += sale ? won : -won;
    }
    return out;
}

}  // namespace jangteo::channels
