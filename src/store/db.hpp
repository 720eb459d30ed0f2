// The database interface every module uses, with two backends that pass the same tests: SQLite
// (embedded, the default) and PostgreSQL (several servers over one database).
//
// SQL is written once, with $1, $2, ... placeholders, as named statements that a repository keeps
// as constants; input reaches SQL only as bound parameters. Each backend prepares a statement once
// per connection and reuses it.
//
//   constexpr store::Sql kFindOperator{"platform.find_operator",
//                                      "SELECT name_ko, name_en FROM platform_operator WHERE id = $1"};
//   auto name = db.Read([&](store::Tx& tx) -> Result<std::string> {
//       JANGTEO_TRY(auto rows, tx.Query(kFindOperator, {id.key()}));
//       if (rows.empty()) return Error::NotFound("operator_not_found", "no such operator");
//       return rows[0].Text(0);
//   });
//
// Read runs its body on a reader connection: every statement sees the latest committed data, and
// readers never wait for the writer. Write runs its body in one transaction and retries the whole
// body, a bounded number of times, when the backend reports a serialization failure or a deadlock;
// the body must therefore have no effects outside the transaction.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/function_ref.hpp"

namespace jangteo::store {

using core::Error;
using core::Result;
using core::Status;

enum class Dialect { kSqlite, kPostgres };
std::string_view DialectName(Dialect dialect);

// Bytes, as opposed to text.
struct Blob {
    std::string bytes;
    bool operator==(const Blob&) const = default;
};

using Value = std::variant<std::nullptr_t, std::int64_t, double, bool, std::string, std::string_view, Blob>;

// A named statement. `name` appears in logs and metrics; `text` is the SQL with $n placeholders.
struct Sql {
    std::string_view name;
    std::string_view text;
};

class Rows;

// One row of a result, read by column index.
class RowView {
public:
    RowView(const Rows* rows, std::size_t row) : rows_(rows), row_(row) {}

    bool IsNull(std::size_t col) const;
    std::int64_t Int(std::size_t col) const;  // 0 for NULL
    double Double(std::size_t col) const;     // 0 for NULL
    bool Bool(std::size_t col) const;         // false for NULL
    std::string Text(std::size_t col) const;  // "" for NULL
    std::string_view TextView(std::size_t col) const;
    std::optional<std::int64_t> OptInt(std::size_t col) const;
    std::optional<std::string> OptText(std::size_t col) const;
    const Value& Get(std::size_t col) const;

private:
    const Rows* rows_;
    std::size_t row_;
};

// A result set: column names and rows of values (integers, reals, booleans, text, bytes, NULL).
class Rows {
public:
    Rows() = default;
    explicit Rows(std::vector<std::string> columns) : columns_(std::move(columns)) {}

    std::size_t size() const { return columns_.empty() ? 0 : values_.size() / columns_.size(); }
    bool empty() const { return size() == 0; }
    const std::vector<std::string>& columns() const { return columns_; }
    // Index of a column by name, or -1.
    int Column(std::string_view name) const;

    RowView operator[](std::size_t row) const { return RowView(this, row); }

    // For backends: append one row's values, in column order.
    void Append(Value value) { values_.push_back(std::move(value)); }
    void Reserve(std::size_t rows) { values_.reserve(rows * columns_.size()); }

private:
    friend class RowView;
    std::vector<std::string> columns_;
    std::vector<Value> values_;
};

using Params = std::span<const Value>;

// A unit of work on one connection; inside Db::Write it is one transaction.
class Tx {
public:
    virtual ~Tx() = default;
    virtual Dialect dialect() const = 0;

    virtual Result<Rows> Query(const Sql& sql, Params params) = 0;
    // Runs a statement that returns no rows; answers the number of rows it changed.
    virtual Result<std::int64_t> Exec(const Sql& sql, Params params) = 0;
    // Runs several statements without parameters (migrations). Not prepared, not cached.
    virtual Status ExecScript(std::string_view sql) = 0;

    Result<Rows> Query(const Sql& sql, std::initializer_list<Value> params = {}) {
        return Query(sql, Params(params.begin(), params.size()));
    }
    Result<std::int64_t> Exec(const Sql& sql, std::initializer_list<Value> params = {}) {
        return Exec(sql, Params(params.begin(), params.size()));
    }
};

// Figures of the connection pool, for /metrics.
struct PoolStats {
    std::int64_t size = 0;            // connections open now
    std::int64_t max_size = 0;        // the bound
    std::int64_t in_use = 0;          // connections lent out now
    std::int64_t waiting = 0;         // callers waiting for a connection now
    std::int64_t acquired_total = 0;  // connections lent out since start
    std::int64_t waited_total = 0;    // of those, how many had to wait
    std::int64_t timeouts_total = 0;  // callers that gave up waiting
    std::int64_t retries_total = 0;   // transactions retried after a serialization failure, deadlock or lost connection
    std::int64_t reconnects_total = 0;
    // SQLite: commits of the writer, each of one or more grouped write transactions (group commit).
    std::int64_t commits_total = 0;
};

struct DbOptions {
    int pool_size = 8;                    // PostgreSQL connections, or SQLite reader connections
    int acquire_timeout_ms = 5000;        // how long a caller waits for a free connection
    int busy_timeout_ms = 5000;           // SQLite: how long to wait for another process's lock
    int max_tx_attempts = 5;              // Write: attempts before a retryable failure is returned
    bool sqlite_synchronous_full = true;  // SQLite: fsync at every commit (survives a power loss)
};

class Db {
public:
    virtual ~Db() = default;

    virtual Dialect dialect() const = 0;
    // A description without secrets, for logs: "sqlite:///var/lib/jangteo.db", "postgresql://host/db".
    virtual std::string Describe() const = 0;

    template <typename F>
    auto Read(F&& body) -> std::invoke_result_t<F&, Tx&> {
        return Run(false, std::forward<F>(body));
    }
    template <typename F>
    auto Write(F&& body) -> std::invoke_result_t<F&, Tx&> {
        return Run(true, std::forward<F>(body));
    }

    // Reaches the database with a trivial statement.
    Status Ping();
    virtual PoolStats Stats() const = 0;
    // Closes every connection; waits for those in use to come back. Further calls fail.
    virtual void Close() = 0;

protected:
    virtual Status RunRead(core::FunctionRef<Status(Tx&)> body) = 0;
    virtual Status RunWrite(core::FunctionRef<Status(Tx&)> body) = 0;

private:
    template <typename F>
    auto Run(bool write, F&& body) -> std::invoke_result_t<F&, Tx&> {
        using R = std::invoke_result_t<F&, Tx&>;
        if constexpr (std::is_same_v<R, Status>) {
            auto wrapped = [&](Tx& tx) -> Status { return body(tx); };
            return write ? RunWrite(wrapped) : RunRead(wrapped);
        } else {
            std::optional<R> out;
            auto wrapped = [&](Tx& tx) -> Status {
                R r = body(tx);
                if (!r.ok()) return std::move(r).error();
                out.emplace(std::move(r));
                return {};
            };
            Status st = write ? RunWrite(wrapped) : RunRead(wrapped);
            if (!st.ok()) return std::move(st).error();
            return std::move(*out);
        }
    }
};

// The reason a backend gives an error that makes Write try the whole body again.
inline constexpr std::string_view kRetryReason = "tx_retry";
bool IsRetryable(const Error& error);

// Opens the database named by `url`: `sqlite:///abs/path.db`, `sqlite://rel/path.db`, `sqlite::memory:`,
// a bare file path, or a `postgresql://` / `postgres://` URL (as libpq takes it).
Result<std::unique_ptr<Db>> Open(std::string_view url, const DbOptions& options);

// Rewrites $n placeholders to ?n (SQLite's numbered form), leaving string literals, quoted names
// and comments alone.
std::string ToSqlitePlaceholders(std::string_view sql);

}  // namespace jangteo::store
