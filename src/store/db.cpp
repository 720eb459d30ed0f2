#include "store/db.hpp"

#include "store/postgres/pg_db.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace jangteo::store {

std::string_view DialectName(Dialect dialect) {
    return dialect == Dialect::kSqlite ? "sqlite" : "postgres";
}

bool IsRetryable(const Error& error) {
    return error.reason == kRetryReason;
}

Status Db::Ping() {
    static constexpr Sql kPing{"store.ping", "SELECT 1"};
    return RunRead([](Tx& tx) -> Status {
        JANGTEO_TRY(auto rows, tx.Query(kPing));
        return {};
    });
}

int Rows::Column(std::string_view name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i] == name) return static_cast<int>(i);
    }
    return -1;
}

const Value& RowView::Get(std::size_t col) const {
    return rows_->values_[row_ * rows_->columns_.size() + col];
}

bool RowView::IsNull(std::size_t col) const {
    return std::holds_alternative<std::nullptr_t>(Get(col));
}

std::int64_t RowView::Int(std::size_t col) const {
    const Value& v = Get(col);
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
    if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    return 0;
}

double RowView::Double(std::size_t col) const {
    const Value& v = Get(col);
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return 0;
}

bool RowView::Bool(std::size_t col) const {
    const Value& v = Get(col);
    if (auto* b = std::get_if<bool>(&v)) return *b;
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i != 0;
    return false;
}

std::string_view RowView::TextView(std::size_t col) const {
    const Value& v = Get(col);
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* b = std::get_if<Blob>(&v)) return b->bytes;
    return {};
}

std::string RowView::Text(std::size_t col) const {
    const Value& v = Get(col);
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return std::string(TextView(col));
}

std::optional<std::int64_t> RowView::OptInt(std::size_t col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
}

std::optional<std::string> RowView::OptText(std::size_t col) const {
    if (IsNull(col)) return std::nullopt;
    return Text(col);
}

std::string ToSqlitePlaceholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    std::size_t i = 0;
    while (i < sql.size()) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            // Copy a quoted literal or name whole; a doubled quote stays inside it.
            std::size_t end = i + 1;
            while (end < sql.size()) {
                if (sql[end] == c) {
                    if (end + 1 < sql.size() && sql[end + 1] == c) {
                        end += 2;
                        continue;
                    }
                    break;
                }
                ++end;
            }
            end = end < sql.size() ? end + 1 : end;
            out.append(sql.substr(i, end - i));
            i = end;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            std::size_t end = sql.find('\n', i);
            end = end == std::string_view::npos ? sql.size() : end;
            out.append(sql.substr(i, end - i));
            i = end;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            std::size_t end = sql.find("*/", i + 2);
            end = end == std::string_view::npos ? sql.size() : end + 2;
            out.append(sql.substr(i, end - i));
            i = end;
        } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '1' && sql[i + 1] <= '9') {
            out.push_back('?');
            ++i;
        } else {
            out.push_back(c);
            ++i;
        }
    }
    return out;
}

Result<std::unique_ptr<Db>> Open(std::string_view url, const DbOptions& options) {
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return postgres::OpenPostgres(url, options);
    }
    std::string_view path = url;
    if (path.starts_with("sqlite://")) {
        path.remove_prefix(9);
    } else if (path.starts_with("sqlite:")) {
        path.remove_prefix(7);
    } else if (path.find("://") != std::string_view::npos) {
        return Error::Invalid("unsupported_database_url",
                              "database URL '" + std::string(url.substr(0, url.find("://"))) +
                                  "://…' is not supported; use sqlite:///path/to/file.db or postgresql://…");
    }
    if (path.empty()) return Error::Invalid("empty_database_path", "the SQLite database path is empty");
    return sqlite::OpenSqlite(path, options);
}

}  // namespace jangteo::store
